# Hand-written stubs for the parts of fsspec that ctxcore uses (fsspec ships no types).
from fsspec.spec import AbstractFileSystem as AbstractFileSystem

__version__: str

def filesystem(protocol: str, **storage_options: object) -> AbstractFileSystem: ...
def get_filesystem_class(protocol: str) -> type[AbstractFileSystem]: ...
