# Hand-written stubs for the parts of s3fs that ctxcore uses (s3fs ships no types).
from fsspec.spec import AbstractFileSystem

class S3FileSystem(AbstractFileSystem):
    def __init__(
        self,
        anon: bool = ...,
        key: str | None = ...,
        secret: str | None = ...,
        client_kwargs: dict[str, object] | None = ...,
        config_kwargs: dict[str, object] | None = ...,
        **kwargs: object,
    ) -> None: ...
    def mkdir(
        self, path: str, acl: str = ..., create_parents: bool = ..., **kwargs: object
    ) -> None: ...
    def metadata(self, path: str, refresh: bool = ..., **kwargs: object) -> dict[str, str]: ...
