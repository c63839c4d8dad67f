"""Compilation state: the nodes collected while a workflow body is being compiled."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ctxcore.core._records import from_fields
from ctxcore.core._repr import fields_repr
from ctxcore.core.compilation.chain import EMPTY, Chain, ChainView, chain_of, is_chain, items
from ctxcore.core.compilation.node import Node

__all__ = [
    "CompilationState",
]

_new = object.__new__
_setattr = object.__setattr__


def _chain_repr(chain: Chain[Node]) -> str:
    return repr(items(chain))


class _ViewSlot:
    """The slot where a ``CompilationState`` keeps the view of its nodes once it has made one.

    Outside the record's fields (equality, hashing, repr, ``evolve`` and pickles never see it)
    and unset until the first read of ``nodes``: ``add_node`` makes a state without touching
    it, which is the whole of its cost.
    """

    __slots__ = ("_view",)
    _view: ChainView[Node]


@attrs.frozen(init=False, slots=False)
class CompilationState(_ViewSlot):
    """The prefix, mode, task resolver and nodes of a compilation.

    ``nodes`` is a persistent list (``chain``): ``add_node`` makes one cell and shares every
    earlier one with the state it came from, so building a workflow of N nodes costs O(N) in
    all and every earlier state stays exactly as it was.
    """

    __repr__ = fields_repr

    prefix: str
    mode: int
    task_resolver: object | None
    # Compared, hashed and shown as the tuple of nodes: the chain is N nested cells.
    _nodes: Chain[Node] = attrs.field(eq=items, repr=_chain_repr)

    def __init__(
        self,
        prefix: str,
        mode: int = 1,
        task_resolver: object | None = None,
        nodes: Iterable[Node] = (),
    ) -> None:
        _setattr(
            self,
            "__dict__",
            {
                "prefix": prefix,
                "mode": mode,
                "task_resolver": task_resolver,
                "_nodes": nodes if is_chain(nodes) else chain_of(nodes),
            },
        )

    @property
    def nodes(self) -> Sequence[Node]:
        """The nodes added so far, in order (an immutable sequence)."""
        try:
            return self._view
        except AttributeError:
            view = ChainView(self._nodes)
            _setattr(self, "_view", view)
            return view

    def add_node(self, n: Node) -> CompilationState:
        """A new state with ``n`` appended; this one is unchanged."""
        # ``from_fields`` of a copy of this state's dict, written out: a build pays for every
        # call here (see ``ctxcore.core._records``).
        fields = self.__dict__.copy()
        chain = fields["_nodes"]
        fields["_nodes"] = (n, chain, chain[2] + 1)
        state = _new(type(self))  # a subclass's add_node makes a state of its own class
        _setattr(state, "__dict__", fields)
        return state

    def with_params(
        self,
        prefix: str,
        mode: int | None = None,
        resolver: object | None = None,
        nodes: Iterable[Node] | None = None,
    ) -> CompilationState:
        """A new state; as in the reference, nodes are not inherited unless given."""
        # Written out, not given() + evolve: this is a hot path (BENCHMARKS W4).
        return from_fields(
            CompilationState,
            {
                "prefix": prefix or "",
                "mode": self.mode if mode is None else mode,
                "task_resolver": self.task_resolver if resolver is None else resolver,
                "_nodes": EMPTY if nodes is None else chain_of(nodes),
            },
        )

    def __reduce__(self) -> tuple[object, ...]:
        # The nodes as a tuple: pickling the nested cells would recurse once per node.
        return (CompilationState, (self.prefix, self.mode, self.task_resolver, items(self._nodes)))
