"""The facts of the process that the default image depends on: the interpreter, the
environment, the installed flytekit. The rules that use them are pure
(``ctxcore.core.serialization.images``); the process's ambient reads the facts here."""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Mapping

from ctxcore.core.serialization.images import FLYTE_INTERNAL_IMAGE_ENV_VAR, ImageFacts
from ctxcore.effects.environment import process_environment


def interpreter_python_version() -> tuple[int, int]:
    """``(major, minor)`` of the running interpreter."""
    return (sys.version_info.major, sys.version_info.minor)


def installed_flytekit_version() -> str | None:
    """The installed flytekit's version, or ``None`` when flytekit is not installed."""
    try:
        return importlib.metadata.version("flytekit")
    except importlib.metadata.PackageNotFoundError:
        return None


def image_facts(env: Mapping[str, str] | None = None) -> ImageFacts:
    """The facts the default image depends on: the running interpreter's version,
    ``FLYTE_INTERNAL_IMAGE`` in ``env`` (default: the process environment) and the installed
    flytekit's version."""
    environment = process_environment() if env is None else env
    return ImageFacts(
        interpreter_python_version(),
        internal_image=environment.get(FLYTE_INTERNAL_IMAGE_ENV_VAR) or None,
        sdk_version=installed_flytekit_version(),
    )
