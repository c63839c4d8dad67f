# Hand-written stubs for the parts of adlfs that the tests use (adlfs ships no types).
from fsspec.spec import AbstractFileSystem

class AzureBlobFileSystem(AbstractFileSystem):
    def __init__(
        self,
        account_name: str | None = ...,
        account_key: str | None = ...,
        connection_string: str | None = ...,
        anon: bool | None = ...,
        **kwargs: object,
    ) -> None: ...
    @classmethod
    def clear_instance_cache(cls) -> None: ...
    def mkdir(self, path: str, create_parents: bool = ..., **kwargs: object) -> None: ...
    def setxattrs(self, rpath: str, **kwargs: str) -> None: ...
