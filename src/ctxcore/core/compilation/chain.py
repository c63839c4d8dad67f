"""A persistent list with O(1) append, and the immutable ``Sequence`` view of it.

How this works. A chain is a cons cell ``(item, rest, length)`` ending at ``EMPTY``; appending
makes one 3-tuple and shares every cell before it, so no chain ever changes after it is made
and keeping every intermediate chain of an N-item build costs N small tuples. (The pyrsistent
vector this replaces copied a tail list on each append: keeping every intermediate
``CompilationState`` of a 20,000-node build gave the garbage collector ~4 s of work.)

A chain is read back to front; ``ChainView`` reads it once, front to back, into a tuple that it
keeps. Its length, and its last few items, need no such copy (``len(state.nodes)`` after every
add is how the reference names nodes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Final, TypeAlias, TypeGuard, TypeVar, cast, overload

__all__ = [
    "EMPTY",
    "Chain",
    "ChainView",
    "append",
    "chain_of",
    "empty",
    "is_chain",
    "items",
]

_T = TypeVar("_T")

if TYPE_CHECKING:
    Chain: TypeAlias = "tuple[_T, Chain[_T], int]"
    """``(last item, the chain before it, length)``; ``EMPTY`` has length 0."""
else:  # subscriptable at run time, for get_type_hints (cattrs, attrs.resolve_types)
    Chain = tuple

EMPTY: Final[Chain[object]] = cast("Chain[object]", (None, None, 0))

_NEAR_END: Final = 32
"""Items this close to the end are found by walking from it, not by copying the chain."""


def empty() -> Chain[_T]:
    """The empty chain, typed for its items."""
    return cast("Chain[_T]", EMPTY)


def append(chain: Chain[_T], item: _T) -> Chain[_T]:
    """``chain`` with ``item`` after its last item; ``chain`` is unchanged."""
    return (item, chain, chain[2] + 1)


def chain_of(values: Iterable[_T]) -> Chain[_T]:
    """A chain of ``values``, in order."""
    chain: Chain[_T] = empty()
    for value in values:
        chain = (value, chain, chain[2] + 1)
    return chain


def is_chain(value: object) -> TypeGuard[Chain[object]]:
    """Whether ``value`` is a chain (``attrs.evolve`` passes a record's chain to ``__init__``)
    rather than an iterable of items: a 3-tuple ending in its length, whose middle is the chain
    before it (``None`` in the empty one). A tuple of items never ends in an ``int``."""
    if type(value) is not tuple:
        return False
    cell = cast("tuple[object, ...]", value)
    if len(cell) != 3 or type(cell[2]) is not int:
        return False
    return cell[1] is None if cell[2] == 0 else type(cell[1]) is tuple


def items(chain: Chain[_T]) -> tuple[_T, ...]:
    """The items of ``chain``, in order."""
    out: list[_T] = []
    cell = chain
    while cell[2]:
        out.append(cell[0])
        cell = cell[1]
    out.reverse()
    return tuple(out)


class ChainView(Sequence[_T]):
    """An immutable ``Sequence`` of a chain's items: equal to another view, tuple or list of
    the same items (as the pyrsistent vector was to a list), hashed like the tuple."""

    __slots__ = ("_chain", "_items")

    _chain: Chain[_T]
    _items: tuple[_T, ...] | None

    def __init__(self, chain: Chain[_T]) -> None:
        self._chain = chain
        self._items = None

    def _tuple(self) -> tuple[_T, ...]:
        found = self._items
        if found is None:
            found = self._items = items(self._chain)
        return found

    def __len__(self) -> int:
        return self._chain[2]

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[_T]: ...
    def __getitem__(self, index: int | slice) -> _T | Sequence[_T]:
        if isinstance(index, slice):
            return self._tuple()[index]
        if self._items is not None:
            # The same error whether or not this view has made its copy yet.
            try:
                return self._items[index]
            except IndexError:
                raise IndexError("chain index out of range") from None
        length = self._chain[2]
        position = index + length if index < 0 else index
        if not 0 <= position < length:
            raise IndexError("chain index out of range")
        steps = length - 1 - position
        if steps >= _NEAR_END:
            return self._tuple()[position]
        cell = self._chain
        for _ in range(steps):
            cell = cell[1]
        return cell[0]

    def __iter__(self) -> Iterator[_T]:
        return iter(self._tuple())

    def __reversed__(self) -> Iterator[_T]:
        cell = self._chain
        while cell[2]:
            yield cell[0]
            cell = cell[1]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChainView):
            viewed: ChainView[object] = other  # pyright: ignore[reportUnknownVariableType]
            return len(self) == len(viewed) and self._tuple() == viewed._tuple()
        if isinstance(other, tuple):
            return self._tuple() == other
        if isinstance(other, list):
            return list(self._tuple()) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return f"ChainView({list(self._tuple())!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_view_of, (self._tuple(),))


def _view_of(values: tuple[_T, ...]) -> ChainView[_T]:
    return ChainView(chain_of(values))
