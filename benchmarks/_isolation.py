"""A process environment in which ctxcore (or flytekit) finds no configuration: the benchmarks
measure both libraries as a fresh machine runs them, whatever the developer's ``~/.flyte``."""

from __future__ import annotations

import os
import tempfile

_CONFIG_PREFIXES = ("FLYTE", "_FLYTECTL", "UCTL")
"""Where the two libraries read settings and config-file locations from the environment."""


def without_config() -> tuple[dict[str, str], str]:
    """This process's environment with no ``FLYTE*``, ``_FLYTECTL*`` or ``UCTL*`` variable and
    ``HOME`` in a new empty directory, and that directory (to run in)."""
    home = tempfile.mkdtemp(prefix="bench-home-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(_CONFIG_PREFIXES)}
    env["HOME"] = home
    return env, home
