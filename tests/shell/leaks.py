"""Everything an exception can show, for the tests that a secret never leaks.

A secret can escape through more than a message: ``raise ... from None`` hides the error it
replaced from the printed traceback but keeps it as ``__context__`` (a ``UnicodeDecodeError``
whose ``.object`` is the whole file); an attribute, an ``args`` item, a note or a pickle can
hold it; and tools that report errors (Sentry, rich tracebacks) send the locals of every frame
of the traceback. ``exposures`` walks all of these; ``shows`` says where a secret is among them.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType

import attrs

import ctxcore

__all__ = ["exposures", "shows"]

_PACKAGE = str(Path(ctxcore.__file__).resolve().parent)

_MAX_DEPTH = 12
"""How many attributes deep the walk follows: far deeper than any error ctxcore raises nests
(an error, its context, an attribute of that), and still finite on a cyclic object graph that
dodges the identity check (values made anew by each property access)."""

_CHAIN_ATTRIBUTES = ("__cause__", "__context__", "__notes__")
"""The dunder attributes of an exception that hold data; the others are methods, its class, its
``__dict__`` (walked as attributes) and its traceback (walked as frames)."""

Said = tuple[str, "str | bytes"]
"""Where something was said (``error.__context__.object``) and what."""


def exposures(error: BaseException, *, frames: bool = True) -> list[Said]:
    """Everything ``error`` can show: for each exception in its chain (``__cause__``,
    ``__context__``, and any exception held by an attribute), its str, repr and pickle, its
    ``args``, ``__notes__`` and every other attribute (walked into, with their reprs), and
    (unless ``frames`` is false) the text and bytes locals of ctxcore's frames in its
    traceback."""
    return list(_walk(error, frames=frames))


def shows(secret: str, said: list[Said]) -> list[str]:
    """Where ``secret`` shows in ``said``: as text, as its UTF-8 bytes, or escaped as a
    ``repr`` of either writes it."""
    data = secret.encode("utf-8", "surrogateescape")
    texts = {secret, repr(secret)[1:-1], repr(data)[2:-1]}
    return [
        where
        for where, what in said
        if (data in what if isinstance(what, bytes) else any(text in what for text in texts))
    ]


def _walk(root: object, *, frames: bool) -> Iterator[Said]:
    seen: set[int] = set()
    pending: list[tuple[str, object, int]] = [("error", root, 0)]
    while pending:
        where, value, depth = pending.pop()
        if id(value) in seen or depth > _MAX_DEPTH:
            continue
        seen.add(id(value))
        if isinstance(value, (str, bytes)):
            yield where, value
            continue
        if isinstance(value, bytearray):
            yield where, bytes(value)
            continue
        if value is None or isinstance(value, (bool, int, float, complex)):
            continue
        yield f"repr({where})", _said_by(repr, value)
        children = list(_children(where, value))
        if isinstance(value, BaseException):
            yield f"str({where})", _said_by(str, value)
            yield from _pickled(where, value)
            if frames:
                yield from _frame_locals(where, value.__traceback__)
        pending.extend((name, child, depth + 1) for name, child in children)


def _children(where: str, value: object) -> Iterator[tuple[str, object]]:
    if isinstance(value, BaseException):
        for name in (*_CHAIN_ATTRIBUTES, *(n for n in dir(value) if not n.startswith("__"))):
            try:
                child: object = getattr(value, name)
            except Exception:  # a property that fails shows nothing
                continue
            if not callable(child) or isinstance(child, BaseException):
                yield f"{where}.{name}", child
    elif isinstance(value, Mapping):
        for key, item in value.items():  # pyright: ignore[reportUnknownVariableType]
            yield f"{where}[key]", key
            yield f"{where}[{key!r}]", item
    elif isinstance(value, (tuple, list, set, frozenset)):
        for index, item in enumerate(value):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            yield f"{where}[{index}]", item
    elif attrs.has(kind := type(value)):
        for field in attrs.fields(kind):
            yield f"{where}.{field.name}", getattr(value, field.name)
    elif hasattr(value, "__dict__"):
        for name, item in vars(value).items():
            yield f"{where}.{name}", item


def _said_by(show: Callable[[object], str], value: object) -> str:
    try:
        return show(value)
    except Exception as error:  # a repr that fails shows its error instead
        return f"<{type(error).__name__}>"


def _pickled(where: str, error: BaseException) -> Iterator[Said]:
    try:
        yield f"pickle({where})", pickle.dumps(error)
    except (pickle.PicklingError, TypeError, AttributeError):
        return


def _frame_locals(where: str, traceback: TracebackType | None) -> Iterator[Said]:
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_filename.startswith(_PACKAGE):
            for name, local in list(frame.f_locals.items()):
                # As a reporter sends it: text as it is, anything else (a mapping of secret
                # files, a tuple of pairs) as its repr.
                said = local if isinstance(local, (str, bytes)) else _said_by(repr, local)
                yield f"{where}: local {name} of {frame.f_code.co_name}", said
        traceback = traceback.tb_next
