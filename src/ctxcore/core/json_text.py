"""JSON text written and read at the speed of ``json``'s C parts, for the fixed layouts (the
context envelope, the serialization settings).

Why it exists. A record whose JSON layout is fixed is cheaper to write by joining its parts,
each string escaped by ``json``'s own C escaper, than by building a dictionary for
``json.dumps`` to walk; and a text that is one JSON value and nothing else is cheaper to parse
by calling ``json``'s scanner directly than through ``json.loads``'s layers. Each function here
gives exactly what ``json`` gives (value and error); the writers and readers that use them are
held to ``json.dumps``/``json.loads`` by property tests.
"""

from __future__ import annotations

import json
import json.encoder
import json.scanner
import math
from collections.abc import Callable
from typing import Final, cast

__all__ = [
    "json_number",
    "json_string",
    "parsed",
    "quote",
]

quote: Final[Callable[[str], str]] = json.encoder.encode_basestring_ascii
"""JSON's own string escaper (C, ASCII-only output), the one ``json.dumps`` uses."""

_dumps: Final = json.JSONEncoder(separators=(",", ":")).encode


def json_string(value: object) -> str:
    """``value`` as ``json.dumps(value, separators=(",", ":"))`` writes it: a string or null
    directly, anything else (a record made with a value of the wrong type) by ``json.dumps``
    itself."""
    if isinstance(value, str):
        return quote(value)
    return "null" if value is None else _dumps(value)


def json_number(value: object) -> str:
    """A boolean or number as ``json.dumps`` writes it (finite floats by ``float.__repr__``,
    as ``json`` does; anything else by ``json.dumps`` itself)."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or (kind is float and math.isfinite(cast("float", value))):
        return repr(value)
    return _dumps(value)


_scan_once: Final[Callable[[str, int], tuple[object, int]]] = json.scanner.make_scanner(
    # typeshed asks for a scanner here; a decoder's settings are what it reads (its own TODO)
    cast("json.scanner.make_scanner", json.JSONDecoder())
)
"""The scanner ``json.loads`` runs (the C one when there is one), with ``json.loads``'s
defaults."""


def parsed(s: str | bytes) -> object:
    """``json.loads(s)``, value and error. A text that is one JSON value and nothing else (what
    the fixed-layout writers write) goes straight to the scanner, without ``json.loads``'s two
    whitespace matches and its layers of calls; anything else (leading or trailing whitespace,
    a BOM, bytes, not JSON) is left to ``json.loads`` itself, which says why."""
    if type(s) is str:
        try:
            document, end = _scan_once(s, 0)
        except StopIteration:  # no value at the start: json.loads says why
            pass
        else:
            if end == len(s):
                return document
    return json.loads(s)
