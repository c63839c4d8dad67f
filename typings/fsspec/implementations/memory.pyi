from fsspec.spec import AbstractFileSystem

class MemoryFileSystem(AbstractFileSystem):
    store: dict[str, object]
    pseudo_dirs: list[str]
    def __init__(self, *args: object, **storage_options: object) -> None: ...
