# The part of distributed that ctxcore uses (distributed's own annotations leave much of this
# API partly unknown, which pyright's strict mode refuses).
from collections.abc import Callable, Collection
from types import TracebackType
from typing import Any, Generic, TypeVar

from typing_extensions import Self

_T = TypeVar("_T")

class Future(Generic[_T]):
    key: str
    def result(self, timeout: float | str | None = None) -> _T: ...
    def done(self) -> bool: ...

class _Closes:
    def close(self, timeout: float | None = None) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

class LocalCluster(_Closes):
    def __init__(
        self,
        n_workers: int | None = None,
        threads_per_worker: int | None = None,
        processes: bool | None = None,
        *,
        host: str | None = None,
        dashboard_address: str | None = None,
        worker_dashboard_address: str | None = None,
        silence_logs: int | bool = ...,
        **kwargs: Any,
    ) -> None: ...

class Client(_Closes):
    def __init__(self, address: LocalCluster | str | None = None, **kwargs: Any) -> None: ...
    def submit(self, func: Callable[..., _T], *args: Any, **kwargs: Any) -> Future[_T]: ...
    def map(
        self, func: Callable[..., _T], *iterables: Collection[Any], **kwargs: Any
    ) -> list[Future[_T]]: ...
    def gather(self, futures: list[Future[_T]]) -> list[_T]: ...
    def wait_for_workers(self, n_workers: int, timeout: float | None = None) -> None: ...
    def run(self, function: Callable[..., _T], *args: Any, **kwargs: Any) -> dict[str, _T]: ...
