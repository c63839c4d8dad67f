"""Ray (the ``ctxcore[ray]`` extra): remote functions and actor methods that run in the
caller's context.

A plain ``@ray.remote`` function runs in whatever context its worker process has: the worker's
own root. ``remote`` here is ``ray.remote`` for functions whose calls run in the caller's
context as it is at each ``.remote(...)`` call: the call sends the caller's envelope
(``FlyteContextManager.envelope()``) with the arguments, and the worker runs the function inside
``FlyteContextManager.enter(envelope)``: its own root (sandbox, credentials) with the caller's
execution and task ids, raw-output prefix, serialization settings, custom context and trace
context. ``actor`` does the same for a class: the constructor and each method call run in the
context of the ``.remote(...)`` call that asked for them.

Options are ``ray.remote``'s (``remote(num_cpus=1)``, ``.options(...)``). Arguments are typed as
loosely as ray takes them (``ObjectRef``s may stand for arguments).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast, overload

from ctxcore.core.errors import MissingExtraError
from ctxcore.shell.context_stack import FlyteContextManager

try:
    import ray
except ImportError as _missing:  # pragma: no cover - the extra is installed where tests run
    raise MissingExtraError("ray", "ray", "ctxcore.integrations.ray") from _missing

if TYPE_CHECKING:
    from ctxcore.core.handoff.envelope import ContextEnvelope

__all__ = [
    "ActorClass",
    "ActorHandle",
    "RemoteFunction",
    "actor",
    "remote",
]

_R = TypeVar("_R")
_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])


class _Remote(Protocol):
    """What ``ray.remote`` makes of a function or a class, and an actor's method."""

    def remote(self, *args: Any, **kwargs: Any) -> Any: ...
    def options(self, **options: Any) -> _Remote: ...


def _named_like(run: _F, original: Callable[..., Any]) -> _F:
    """``run`` with ``original``'s name and docstring, and its own signature: ray checks the
    arguments of a call against the signature it sees (``functools.wraps`` would show
    ``original``'s, without the envelope)."""
    functools.update_wrapper(run, original, updated=())
    del run.__wrapped__  # type: ignore[attr-defined]  # pyright: ignore[reportFunctionMemberAccess]
    return run


def _in_envelope(fn: Callable[..., _R]) -> Callable[..., _R]:
    def run(envelope: ContextEnvelope, /, *args: Any, **kwargs: Any) -> _R:
        with FlyteContextManager.enter(envelope):
            return fn(*args, **kwargs)

    return _named_like(run, fn)


def _method_in_envelope(method: Callable[..., Any]) -> Callable[..., Any]:
    def run(self: object, envelope: ContextEnvelope, /, *args: Any, **kwargs: Any) -> Any:
        with FlyteContextManager.enter(envelope):
            return method(self, *args, **kwargs)

    return _named_like(run, method)


class RemoteFunction(Generic[_R]):
    """A ray remote function (``remote``) or an actor's method (``ActorHandle``) whose calls run
    in the caller's context."""

    __slots__ = ("_remote",)

    def __init__(self, remote: _Remote) -> None:
        self._remote = remote

    def remote(self, *args: object, **kwargs: object) -> ray.ObjectRef[_R]:
        """Run the function, or the actor's method, in the current context (as it is now)."""
        ref: ray.ObjectRef[_R] = self._remote.remote(
            FlyteContextManager.envelope(), *args, **kwargs
        )
        return ref

    def options(self, **options: object) -> RemoteFunction[_R]:
        """This function or method with ray's options changed (``num_cpus=``, ``max_retries=``,
        ``num_returns=``...)."""
        return RemoteFunction(self._remote.options(**options))


class ActorHandle(Generic[_T]):
    """A handle of an actor made with ``actor``: ``handle.method.remote(...)`` runs the method in
    the caller's context. ``handle.ray_handle`` is ray's own handle."""

    __slots__ = ("ray_handle",)

    def __init__(self, ray_handle: object) -> None:
        self.ray_handle: object = ray_handle

    def __getattr__(self, name: str) -> RemoteFunction[Any]:
        # A method of a class only known at run time, typed as ray types its own handles'.
        return RemoteFunction(cast("_Remote", getattr(self.ray_handle, name)))

    def __reduce__(self) -> tuple[type[ActorHandle[_T]], tuple[object, ...]]:
        return (ActorHandle, (self.ray_handle,))


class ActorClass(Generic[_T]):
    """A ray actor class whose constructor and methods run in the caller's context (``actor``)."""

    __slots__ = ("_remote",)

    def __init__(self, remote: _Remote) -> None:
        self._remote = remote

    def remote(self, *args: object, **kwargs: object) -> ActorHandle[_T]:
        """Start an actor, constructed in the current context (as it is now)."""
        return ActorHandle(self._remote.remote(FlyteContextManager.envelope(), *args, **kwargs))

    def options(self, **options: object) -> ActorClass[_T]:
        """This class with ray's actor options changed (``num_cpus=``, ``name=``...)."""
        return ActorClass(self._remote.options(**options))


def _wrapped_class(cls: type[_T]) -> type[_T]:
    """A subclass of ``cls`` whose ``__init__`` and public methods take the envelope first.

    ``__init__`` is wrapped whatever it is: a class without one of its own in Python has
    ``object.__init__`` (no function), which would otherwise be handed the envelope."""
    namespace: dict[str, object] = {
        "__module__": cls.__module__,
        "__doc__": cls.__doc__,
        "__init__": _method_in_envelope(cls.__init__),
    }
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            namespace[name] = _method_in_envelope(member)
    return cast("type[_T]", type(cls.__name__, (cls,), namespace))


def _ray_remote(function_or_class: Callable[..., Any], options: dict[str, object]) -> _Remote:
    """``ray.remote`` with ``options`` (ray takes no empty parentheses)."""
    made = ray.remote(**options)(function_or_class) if options else ray.remote(function_or_class)
    return cast("_Remote", made)


@overload
def remote(fn: Callable[..., _R], /) -> RemoteFunction[_R]: ...
@overload
def remote(**options: object) -> Callable[[Callable[..., _R]], RemoteFunction[_R]]: ...
def remote(
    fn: Callable[..., _R] | None = None, /, **options: object
) -> RemoteFunction[_R] | Callable[[Callable[..., _R]], RemoteFunction[_R]]:
    """``ray.remote`` for a function (``@remote`` or ``@remote(num_cpus=1)``): each
    ``.remote(...)`` call runs it on a worker in the caller's context of that moment."""

    def make(function: Callable[..., _R]) -> RemoteFunction[_R]:
        if inspect.isclass(function):
            raise TypeError("ctxcore.integrations.ray.remote takes a function; use actor()")
        return RemoteFunction(_ray_remote(_in_envelope(function), options))

    return make if fn is None else make(fn)


@overload
def actor(cls: type[_T], /) -> ActorClass[_T]: ...
@overload
def actor(**options: object) -> Callable[[type[_T]], ActorClass[_T]]: ...
def actor(
    cls: type[_T] | None = None, /, **options: object
) -> ActorClass[_T] | Callable[[type[_T]], ActorClass[_T]]:
    """``ray.remote`` for a class (``@actor`` or ``@actor(num_cpus=1)``): its constructor and
    each method call run in the context of the ``.remote(...)`` call that asked for them."""

    def make(klass: type[_T]) -> ActorClass[_T]:
        return ActorClass(_ray_remote(_wrapped_class(klass), options))

    return make if cls is None else make(cls)
