# Hand-written stubs for the parts of gcp-storage-emulator that the tests use (it ships no types).
from types import TracebackType

class Server:
    def __init__(
        self,
        host: str,
        port: int,
        in_memory: bool,
        default_bucket: str | None = ...,
        data_dir: str | None = ...,
        project_number: int | str | None = ...,
    ) -> None: ...
    def __enter__(self) -> Server: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def wipe(self, keep_buckets: bool = ...) -> None: ...

def create_server(
    host: str,
    port: int,
    in_memory: bool = ...,
    default_bucket: str | None = ...,
    data_dir: str | None = ...,
    project_number: int | str | None = ...,
) -> Server: ...
