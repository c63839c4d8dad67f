# The part of ray that ctxcore uses (ray's own overloads of remote() and get() leave much of
# this API partly unknown, which pyright's strict mode refuses).
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")

class ObjectRef(Generic[_T]): ...

def init(
    address: str | None = None,
    *,
    num_cpus: int | None = None,
    include_dashboard: bool | None = None,
    log_to_driver: bool = True,
    runtime_env: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any: ...
def shutdown() -> None: ...
def is_initialized() -> bool: ...
@overload
def get(object_refs: ObjectRef[_T], *, timeout: float | None = None) -> _T: ...
@overload
def get(object_refs: list[ObjectRef[_T]], *, timeout: float | None = None) -> list[_T]: ...
@overload
def remote(function_or_class: Callable[..., Any], /) -> Any: ...
@overload
def remote(**options: Any) -> Callable[[Callable[..., Any]], Any]: ...
