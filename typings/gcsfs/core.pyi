# Hand-written stubs for the parts of gcsfs that the tests use (gcsfs ships no types).
from fsspec.spec import AbstractFileSystem

class GCSFileSystem(AbstractFileSystem):
    def __init__(
        self,
        project: str = ...,
        access: str = ...,
        token: object = ...,
        endpoint_url: str | None = ...,
        **kwargs: object,
    ) -> None: ...
    def mkdir(
        self,
        path: str,
        acl: str = ...,
        default_acl: str = ...,
        location: str | None = ...,
        create_parents: bool = ...,
        **kwargs: object,
    ) -> None: ...
    @classmethod
    def clear_instance_cache(cls) -> None: ...
