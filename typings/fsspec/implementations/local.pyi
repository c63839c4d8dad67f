from fsspec.spec import AbstractFileSystem

class LocalFileSystem(AbstractFileSystem):
    def __init__(self, auto_mkdir: bool = ..., **kwargs: object) -> None: ...
