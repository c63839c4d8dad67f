"""Two ways to make a frozen record without running its generated ``__init__``.

Both are for records whose class has a hand-written ``__init__`` or sits on a hot path; both
give exactly the instance the generated ``__init__`` would, with no validation skipped (the
records concerned have no validators).
"""

from __future__ import annotations

from typing import TypeVar

_R = TypeVar("_R")

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
