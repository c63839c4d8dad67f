"""The process environment (the ``Environment`` port: a read-only mapping of variables)."""

from __future__ import annotations

import os

from ctxcore.core.ports import Environment

__all__ = [
    "process_environment",
]


def process_environment() -> Environment:
    """The live environment of this process."""
    return os.environ
