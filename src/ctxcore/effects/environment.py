"""The process environment (the ``Environment`` port: a read-only mapping of variables), and
its bytes, for values that are not text."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import cast

from ctxcore.core.ports import Environment

__all__ = [
    "process_environment",
    "process_environment_bytes",
    "set_variables",
]

_ENVIRON_TYPE: type[object] = type(os.environ)
"""``os._Environ``: on POSIX its ``_data`` holds the variables as bytes, keyed by the name's
file-system encoding."""


def process_environment() -> Environment:
    """The live environment of this process."""
    return os.environ


def process_environment_bytes() -> Mapping[bytes, bytes] | None:
    """The live environment of this process as bytes (``os.environ`` holds a byte that is
    not UTF-8 as a lone surrogate, which has no UTF-8 form), or ``None`` where the platform
    keeps its environment as text (Windows)."""
    return os.environb if os.supports_bytes_environ else None


@functools.lru_cache(maxsize=16)
def _matching(keys: tuple[bytes, ...], names: frozenset[str], prefix: str) -> tuple[str, ...]:
    """Of the variables ``keys`` (``os.environ``'s, by their file-system encoding, in its
    order), those among ``names`` or starting with ``prefix``, decoded. Memoised by the keys:
    a process's set of variables rarely changes, and scanning it decodes every name."""
    decoded = (os.fsdecode(key) for key in keys)
    return tuple(name for name in decoded if name in names or name.startswith(prefix))


def set_variables(
    names: frozenset[str], prefix: str, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The variables of ``environ`` (this process's by default) that are among ``names`` or
    start with ``prefix``, each read once, in ``environ``'s order: exactly ``{n: v for n, v in
    environ.items() if n in names or n.startswith(prefix)}``.

    For the process's own environment on POSIX, the names that match are found once per set
    of variables (memoised by its tuple of keys, made and hashed in C) and only those are
    read, rather than one ``os.environ.get`` miss per name (a miss costs a ``KeyError``: an
    env-only ``Config.auto()`` made 46 of them) and a decode of every name to find the
    ``FLYTE_*`` ones. Any other mapping is scanned as it is.
    """
    source = os.environ if environ is None else environ
    if type(source) is _ENVIRON_TYPE and os.supports_bytes_environ:
        data = cast("dict[bytes, bytes]", source._data)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        return {name: source[name] for name in _matching(tuple(data), names, prefix)}
    return {
        name: value for name, value in source.items() if name in names or name.startswith(prefix)
    }
