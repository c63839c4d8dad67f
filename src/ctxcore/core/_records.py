"""How hot records are made and what they remember.

``attrs_init`` and ``from_fields`` make a frozen record without running its generated
``__init__``, for records whose class has a hand-written ``__init__`` or sits on a hot path; both
give exactly the instance the generated ``__init__`` would, with no validation skipped (the
records concerned have no validators). ``Memo`` lets such a record remember one value derived
from it.
"""

from __future__ import annotations

import copyreg
from typing import SupportsIndex, TypeVar

_R = TypeVar("_R")
_Memo = TypeVar("_Memo", bound="Memo")

_NEWOBJ: object = getattr(copyreg, "__newobj__")  # noqa: B009 - not in typeshed
"""What pickle protocol 2 records for "the class's ``__new__``"."""
_new = object.__new__
_setattr = object.__setattr__


def attrs_init(instance: object, *values: object) -> None:
    """Run the attrs-generated ``__attrs_init__`` of a record whose class has a hand-written
    ``__init__`` (``init=False``): one place for the call the type checkers cannot see."""
    type(instance).__attrs_init__(instance, *values)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


def from_fields(cls: type[_R], fields: dict[str, object]) -> _R:
    """An instance of the frozen, dict-backed record ``cls`` holding exactly ``fields``.

    Copying a source record's field dict and changing one or two entries costs half of running
    the generated ``__init__``: contexts, builders and compilation states are made this way on
    every ``with_context`` and ``add_node``.
    """
    record = _new(cls)
    _setattr(record, "__dict__", fields)
    return record


def memo_from_fields(cls: type[_Memo], fields: dict[str, object]) -> _Memo:
    """``from_fields`` for a ``Memo`` record, made remembering nothing."""
    record = _new(cls)
    _setattr(record, "__dict__", fields)
    _setattr(record, "_memo", None)
    return record


class Memo:
    """Base of a frozen, dict-backed record that remembers one value computed from it.

    A derived value of an immutable record never goes stale, so a record may keep the last one
    it made (a context its builder, a builder the context it built) and hand it out again. The
    value lives in a slot, outside the record's fields: equality, hashing, repr, ``evolve``,
    cattrs, copies and pickles never see it, and a record made from another's fields starts
    with none. Every way of making a record sets the slot (``None``: nothing remembered), so
    reading it is a plain attribute read.
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
