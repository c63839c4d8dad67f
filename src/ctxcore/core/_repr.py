"""One ``__repr__`` for every record, in attrs' own format.

Why not attrs' generated one: attrs compiles a ``__repr__`` for each class when the class is
made, and that compile was a tenth of the first use of ctxcore (the names a task needs and
``current_context()``: about 10 ms of 115 here), paid by every process whether it prints a
record or not. A record class says ``__repr__ = fields_repr`` in its body instead (attrs then
generates none: it leaves a class's own ``__repr__`` alone), and prints exactly what attrs'
would: ``Name(field=value, ...)``, each field by its ``repr`` option (``repr`` of the value, a
callable's text, or left out), and a record met again inside itself as ``...`` (the standard
library's ``reprlib.recursive_repr`` keeps that per thread). ``tests/core/test_repr.py`` holds
every such class to attrs' generated repr of the same fields.
"""

from __future__ import annotations

import reprlib
from typing import TYPE_CHECKING, cast

import attrs
from attrs import NOTHING

if TYPE_CHECKING:
    from attrs import AttrsInstance

__all__ = [
    "fields_repr",
]


def fields_repr(self: object) -> str:
    """``self`` (a record) as attrs' generated ``__repr__`` shows it. A plain function in front
    of ``_shown``, whose ``reprlib`` type the checkers would not take as a method."""
    return _shown(self)


def _fields_text(record: object) -> str:
    cls = type(record)
    parts = [
        f"{field.name}={field.repr(value) if callable(field.repr) else repr(value)}"
        for field in attrs.fields(cast("type[AttrsInstance]", cls))
        if field.repr
        # A field that ``__init__`` does not take may be unset yet (a factory that takes self
        # and is still running): attrs shows it as NOTHING, and so does this.
        for value in (
            getattr(record, field.name) if field.init else getattr(record, field.name, NOTHING),
        )
    ]
    return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"


_shown = reprlib.recursive_repr()(_fields_text)
"""``_fields_text``, but a record met again inside itself, in the same thread, is ``...``
(applied here rather than as a decorator, which would keep mutmut from mutating it)."""
