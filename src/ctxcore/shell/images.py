"""The effectful half of the image rules: the environment, the interpreter, config files.

``ctxcore.core.serialization.images`` stays pure and imports this module inside the
reference-named methods that need an effect (``ImageConfig.auto``,
``ImageConfig.auto_default_image``, ``DefaultImages.default_image``, and
``DefaultImages.find_image_for`` without a Python version). Every function takes the
environment as an optional argument so tests can pass one.
"""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ctxcore.core.serialization.images import (
    FLYTE_INTERNAL_IMAGE_ENV_VAR,
    DefaultImages,
    ImageConfig,
)
from ctxcore.effects.environment import process_environment

if TYPE_CHECKING:
    from ctxcore.core.config.file import ConfigFile


def interpreter_python_version() -> tuple[int, int]:
    """``(major, minor)`` of the running interpreter."""
    return (sys.version_info.major, sys.version_info.minor)


def installed_flytekit_version() -> str | None:
    """The installed flytekit's version, or ``None`` when flytekit is not installed."""
    try:
        return importlib.metadata.version("flytekit")
    except importlib.metadata.PackageNotFoundError:
        return None


def default_image(env: Mapping[str, str] | None = None) -> str:
    """``DefaultImages.default_image()``: ``FLYTE_INTERNAL_IMAGE`` when set and not empty,
    else the default image for the running Python and the installed flytekit (``latest``
    without one)."""
    environment = process_environment() if env is None else env
    return DefaultImages.find_image_for(
        interpreter_python_version(),
        internal_image=environment.get(FLYTE_INTERNAL_IMAGE_ENV_VAR) or None,
        sdk_version=installed_flytekit_version(),
    )


def image_config_auto(
    config_file: str | ConfigFile | None = None,
    img_name: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> ImageConfig:
    """``ImageConfig.auto``: the default image ``img_name`` (with a tag or digest; none when
    empty) and the images of the configuration file's ``[images]`` / ``images:`` section
    (tags optional). With ``config_file=None`` the file is discovered as ``Config.auto``
    discovers it, in ``env`` (default: the process environment)."""
    from ctxcore.core.config.file import get_specified_images
    from ctxcore.shell.config_loader import load_config_file

    cfg = load_config_file(config_file, env=env)
    return ImageConfig.from_images(img_name, get_specified_images(cfg))


def auto_default_image(
    config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
) -> ImageConfig:
    """``ImageConfig.auto_default_image``: ``image_config_auto`` with ``default_image()``,
    both reading ``env`` (default: the process environment)."""
    return image_config_auto(config_file, img_name=default_image(env), env=env)
