"""The process environment (the ``Environment`` port: a read-only mapping of variables), and
its bytes, for values that are not text."""

from __future__ import annotations

import os
from collections.abc import Mapping

from ctxcore.core.ports import Environment

__all__ = [
    "process_environment",
    "process_environment_bytes",
]


def process_environment() -> Environment:
    """The live environment of this process."""
    return os.environ


def process_environment_bytes() -> Mapping[bytes, bytes] | None:
    """The live environment of this process as bytes (``os.environ`` holds a byte that is
    not UTF-8 as a lone surrogate, which has no UTF-8 form), or ``None`` where the platform
    keeps its environment as text (Windows)."""
    return os.environb if os.supports_bytes_environ else None
