"""Every shortcut for making a hot record, in one place.

How this works. The records on the hot paths (contexts and their builders, compilation and
execution states, nodes, serialization settings, execution parameters, parsed config files) are
frozen attrs classes. Two things are slow or impossible through their generated ``__init__``:

- a hand-written ``__init__`` (to accept more types than a field holds, or to convert) must
  still set the fields the generated way: ``init_fields`` runs the generated ``__attrs_init__``
  on an instance, and ``generated_init`` hands it out once for a module-level fast path;
- a record that differs from another in one or two fields costs half as much as a copy of the
  other's field dict (``memo_with``, ``memo_copied``, ``converted``) than as a new ``__init__``
  call.

Both give exactly the instance the generated ``__init__`` would: the records made this way have
no validators, and ``tests/core/test_records.py`` checks, for every hot record, that a record
made the fast way equals the one made the slow way and holds exactly its fields.

Three go further, since a build of N nodes calls each N times: ``Node.__init__`` and
``NodeMetadata.__init__`` write their fields into their own dict as the generated
``__attrs_init__`` does, without calling it, and ``CompilationState.add_node`` copies its
state's dict and makes the new state itself (``from_fields``, written out). The same test
holds all three to the slow way: a node or its metadata to the generated init's instance, key
order and dict size included; a state after an add to one constructed with the nodes.

``Memo`` lets such a record remember one value derived from it (a context its builder, a
builder the context it built). Every way of making a memo record sets the slot to ``None``
(nothing remembered): ``Memo.__new__`` for ``__init__``, ``copy`` and ``pickle``;
``memo_from_fields`` for the copies made here.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable, Iterable
from typing import Any, SupportsIndex, TypeVar, cast

_R = TypeVar("_R")
_Memo = TypeVar("_Memo", bound="Memo")

_NEWOBJ: object = getattr(copyreg, "__newobj__")  # noqa: B009 - not in typeshed
"""What pickle protocol 2 records for "the class's ``__new__``"."""
_new = object.__new__
_setattr = object.__setattr__


def init_fields(instance: object, *values: object) -> None:
    """Set the fields of ``instance`` as its class's generated ``__attrs_init__`` does, for a
    record whose class has a hand-written ``__init__`` (``init=False``). ``values`` are in field
    order: the type checkers cannot see this call, the record tests do."""
    type(instance).__attrs_init__(instance, *values)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def generated_init(cls: type[object]) -> Callable[..., None]:
    """``cls.__attrs_init__``: what ``init_fields`` calls, for a module-level fast path."""
    return cast("Callable[..., None]", getattr(cls, "__attrs_init__"))  # noqa: B009


def made(cls: type[_R], *values: object) -> _R:
    """A new ``cls`` holding ``values`` (in field order), without its hand-written
    ``__init__``: for a parser that has already checked and converted everything."""
    record = _new(cls)
    init_fields(record, *values)
    return record


def from_fields(cls: type[_R], fields: dict[str, object]) -> _R:
    """An instance of the frozen, dict-backed record ``cls`` holding exactly ``fields`` (which
    it takes over: the caller must not keep or change the dict)."""
    record = _new(cls)
    _setattr(record, "__dict__", fields)
    return record


def memo_from_fields(cls: type[_Memo], fields: dict[str, object]) -> _Memo:
    """``from_fields`` for a ``Memo`` record, made remembering nothing."""
    record = _new(cls)
    _setattr(record, "__dict__", fields)
    _setattr(record, "_memo", None)
    return record


def memo_copied(record: _Memo, **changes: object) -> _Memo:
    """``copied`` for a ``Memo`` record, made remembering nothing."""
    fields = record.__dict__.copy()
    fields.update(changes)
    return memo_from_fields(type(record), fields)


def memo_with(source: object, cls: type[_Memo], name: str, value: object) -> _Memo:
    """A ``cls`` holding ``source``'s fields with ``name`` set to ``value``: the hot paths (a
    push, a builder's ``with_*``) change one field, and build no keyword dict to do it."""
    fields = source.__dict__.copy()
    fields[name] = value
    record = _new(cls)  # memo_from_fields, inlined: a push pays for every call here
    _setattr(record, "__dict__", fields)
    _setattr(record, "_memo", None)
    return record


def memo_with_two(
    source: object, cls: type[_Memo], name: str, value: object, other: str, other_value: object
) -> _Memo:
    """``memo_with`` for two fields (a builder's context: its level and its origin)."""
    fields = source.__dict__.copy()
    fields[name] = value
    fields[other] = other_value
    return memo_from_fields(cls, fields)


def converted(source: object, cls: type[_Memo], names: Iterable[str], **changes: object) -> _Memo:
    """A ``cls`` (a ``Memo`` record) holding ``source``'s fields ``names``, then ``changes``: a
    context from its builder's fields, or the other way round (a builder has no origin, and a
    subclass's own fields are not the other class's: the names are always given)."""
    fields = {name: getattr(source, name) for name in names}
    fields.update(changes)
    return memo_from_fields(cls, fields)


def given(**values: object) -> dict[str, Any]:
    """The keyword arguments that were given (not ``None``), for ``attrs.evolve``: the
    ``with_params`` methods replace only what their caller passed."""
    return {name: value for name, value in values.items() if value is not None}


def truthy(**values: object) -> dict[str, Any]:
    """The keyword arguments that were given a truthy value: ``given`` with the reference's
    ``x or self.x`` rule."""
    return {name: value for name, value in values.items() if value}


class Memo:
    """Base of a frozen, dict-backed record that remembers one value computed from it.

    A derived value of an immutable record never goes stale, so a record may keep the last one
    it made and hand it out again. The value lives in a slot, outside the record's fields:
    equality, hashing, repr, ``evolve``, cattrs, copies and pickles never see it, and a record
    made from another's fields starts with none. Reading it is a plain attribute read.
    """

    __slots__ = ("_memo",)
    _memo: object

    def __new__(cls: type[_Memo], *args: object, **kwargs: object) -> _Memo:
        # Here rather than in ``__attrs_post_init__``, which a subclass may replace.
        record = _new(cls)
        _setattr(record, "_memo", None)
        return record

    def _remember(self, value: object) -> None:
        _setattr(self, "_memo", value)

    def __getstate__(self) -> dict[str, object]:
        # The fields only: the default state would carry the slot, which the frozen
        # ``__setattr__`` refuses to restore.
        return self.__dict__

    def __setstate__(self, state: dict[str, object]) -> None:
        _setattr(self, "__dict__", dict(state))

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[object, ...]:
        # Every protocol remakes the record with its class's ``__new__`` (ours sets the slot);
        # protocols 0 and 1 would use ``object.__new__``, and a slotted attrs subclass's own
        # ``__setstate__`` would then leave the slot unset.
        return (_NEWOBJ, (type(self),), self.__getstate__())
