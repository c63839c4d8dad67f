"""Where a task's entry point lives in its container: derived from the interpreter's path."""

from __future__ import annotations

import posixpath
from typing import Final

import attrs

from ctxcore.core._repr import fields_repr

__all__ = [
    "DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC",
    "DEFAULT_RUNTIME_PYTHON_INTERPRETER",
    "EntrypointSettings",
    "default_entrypoint_settings",
    "venv_root_from_interpreter",
]


DEFAULT_RUNTIME_PYTHON_INTERPRETER: Final = "/opt/venv/bin/python3"
"""The interpreter of a task container unless the settings say otherwise."""


DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC: Final = "bin/entrypoint.py"
"""The entry point's path relative to the virtual environment's root."""


@attrs.frozen
class EntrypointSettings:
    """Where the task entry point is in the container."""

    __repr__ = fields_repr

    path: str | None = None


def venv_root_from_interpreter(interpreter_path: str) -> str:
    """The virtual environment an interpreter belongs to: two directories up.

    ``/opt/venv/bin/python3`` → ``/opt/venv``; ``python`` → ``""``.
    """
    return posixpath.dirname(posixpath.dirname(interpreter_path))


def default_entrypoint_settings(interpreter_path: str) -> EntrypointSettings:
    """``<venv root>/bin/entrypoint.py`` for the given interpreter."""
    return EntrypointSettings(
        path=posixpath.join(
            venv_root_from_interpreter(interpreter_path), DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC
        )
    )
