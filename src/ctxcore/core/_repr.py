"""One ``__repr__`` for every record, in attrs' own format.

Why not attrs' generated one: attrs compiles a ``__repr__`` for each class when the class is
made, and that compile was a tenth of the first use of ctxcore (the names a task needs and
``current_context()``: 13 ms of 118 here), paid by every process whether it prints a record or
not. A record class says ``__repr__ = fields_repr`` in its body instead (attrs then generates
none: it leaves a class's own ``__repr__`` alone), and prints exactly what attrs' would:
``Name(field=value, ...)``, each field by its ``repr`` option (``repr`` of the value, a
callable's text, or left out), a record met again inside itself as ``...``.
``tests/core/test_repr.py`` holds every such class to attrs' generated repr of the same fields.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, cast

import attrs

if TYPE_CHECKING:
    from attrs import AttrsInstance

__all__ = [
    "fields_repr",
]


class _Repring(threading.local):
    """The records being shown in this thread: a record inside itself is shown as ``...``."""

    def __init__(self) -> None:
        self.ids: set[int] = set()


_REPRING = _Repring()


def fields_repr(self: object) -> str:
    """``self`` (a record) as attrs' generated ``__repr__`` shows it."""
    showing = _REPRING.ids
    key = id(self)
    if key in showing:
        return "..."
    showing.add(key)
    try:
        cls = type(self)
        parts = [
            f"{field.name}={field.repr(value) if callable(field.repr) else repr(value)}"
            for field in attrs.fields(cast("type[AttrsInstance]", cls))
            if field.repr
            for value in (getattr(self, field.name),)
        ]
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        showing.discard(key)
