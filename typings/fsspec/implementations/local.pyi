from fsspec.spec import AbstractFileSystem

class LocalFileSystem(AbstractFileSystem):
    def __init__(self, **kwargs: object) -> None: ...
