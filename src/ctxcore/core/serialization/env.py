"""``FrozenEnv``: the environment variables serialization settings carry into a container.

An immutable mapping that keeps its order, because the order is part of the wire format.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping
from typing import NoReturn

__all__ = [
    "FrozenEnv",
]


class FrozenEnv(Mapping[str, str]):
    """An immutable, insertion-ordered ``str → str`` mapping: the settings' environment.

    Order is kept because it is part of the wire format (the JSON lists the variables in the
    order they were given). Equal to any mapping with the same items (a ``dict`` too), and
    hashable. ``set`` and ``discard`` return new mappings.
    """

    __slots__ = ("_hash", "_items")

    _items: dict[str, str]
    _hash: int | None

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        data = dict(items)
        for key, value in data.items():
            if not isinstance(key, str) or not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise TypeError(f"env: every name and value must be a str; got {key!r}: {value!r}")
        object.__setattr__(self, "_items", data)
        object.__setattr__(self, "_hash", None)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"FrozenEnv is immutable (cannot set {name!r})")

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def items(self) -> ItemsView[str, str]:
        # The dict's own (read-only) view: Mapping's walks the keys and looks each one up.
        return self._items.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenEnv):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())  # pyright: ignore[reportUnknownArgumentType]
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._items.items())))
        return self._hash  # type: ignore[return-value]  # pyright: ignore[reportReturnType]

    def __repr__(self) -> str:
        return f"FrozenEnv({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenEnv], tuple[dict[str, str]]]:
        return (FrozenEnv, (dict(self._items),))

    def to_dict(self) -> dict[str, str]:
        """A new ``dict`` with the same items, in order."""
        return dict(self._items)

    def set(self, key: str, value: str) -> FrozenEnv:
        """A new mapping with ``key`` set to ``value`` (appended when new)."""
        return FrozenEnv({**self._items, key: value})

    def discard(self, key: str) -> FrozenEnv:
        """A new mapping without ``key`` (this one when it has no ``key``)."""
        if key not in self._items:
            return self
        return FrozenEnv({k: v for k, v in self._items.items() if k != key})


def frozen_env(env: Mapping[str, str] | None) -> FrozenEnv | None:
    if env is None or isinstance(env, FrozenEnv):
        return env
    return FrozenEnv(env)
