"""The serialization settings' JSON layout as msgspec types: a text in that layout is parsed and
type-checked in one pass of C (``decoded``: the reference sample in 10 µs here, records made,
where ``json`` and ``layout.written_settings`` take about 19 µs).

How this works. ``decoded`` takes a text only when msgspec reads it into these types: no key the
layout does not name, each string a string or null, an image list of at most ``MAX_IMAGES``,
the environment an object of strings, no default resources (a rarity, left to the general
reader with their quantities), and no image with both a tag and a digest (which ``Image``
refuses, naming it). The values it then gives are those ``json.loads`` gives for the same text,
and it makes the settings with the same ``layout.settings_made`` as ``written_settings``, so
the records are equal. Anything else gives ``None``, and ``json`` with the general reader
(``decoding``) reads the text and names the field when it is wrong. Which of the two reads a
text changes only the time: property tests hold them together on generated settings and
mutated texts.

When it is used: from a process's ``decoding._READS_BEFORE_LAYOUT``-th read on
(``RentOrBuy``): msgspec's import is paid only by processes that read many settings.
"""

from __future__ import annotations

from typing import Annotated, Final

import msgspec

from ctxcore.core.serialization.decoding import MAX_IMAGES
from ctxcore.core.serialization.env import FrozenEnv
from ctxcore.core.serialization.images import Image, ImageConfig
from ctxcore.core.serialization.layout import settings_made
from ctxcore.core.serialization.settings import FastSerializationSettings, SerializationSettings

__all__ = ["decoded"]


class _Image(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    fqn: str
    tag: str | None = None
    digest: str | None = None


class _ImageConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    default_image: _Image | None = None
    images: Annotated[list[_Image], msgspec.Meta(max_length=MAX_IMAGES)] | None = None


class _Fast(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    enabled: bool = False
    destination_dir: str | None = None
    distribution_location: str | None = None


class _Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    image_config: _ImageConfig
    project: str | None = None
    domain: str | None = None
    version: str | None = None
    env: dict[str, str] | None = None
    default_resources: None = None
    git_repo: str | None = None
    python_interpreter: str | None = None
    flytekit_virtualenv_root: str | None = None
    fast_serialization_settings: _Fast | None = None
    source_root: str | None = None


_decode: Final = msgspec.json.Decoder(_Settings).decode


class _Unusual(Exception):
    """An image with both a tag and a digest: the general reader refuses it, naming it."""


def decoded(text: str) -> SerializationSettings | None:
    """The settings ``text`` holds in the layout, or ``None`` when it is not in it."""
    try:
        read = _decode(text)
    except (msgspec.MsgspecError, ValueError):
        # not in the layout (MsgspecError), or a str that is not UTF-8 (UnicodeEncodeError)
        return None
    try:
        image_config = _image_config(read.image_config)
    except _Unusual:
        return None
    fast = read.fast_serialization_settings
    return settings_made(
        image_config,
        read.project,
        read.domain,
        read.version,
        None if read.env is None else FrozenEnv(read.env),
        None,
        read.git_repo,
        read.python_interpreter,
        read.flytekit_virtualenv_root,
        None
        if fast is None
        else FastSerializationSettings(
            fast.enabled, fast.destination_dir, fast.distribution_location
        ),
        read.source_root,
    )


def _image(image: _Image) -> Image:
    if image.tag and image.digest:
        raise _Unusual
    return Image(image.name, image.fqn, image.tag, image.digest)


def _image_config(config: _ImageConfig) -> ImageConfig:
    default = config.default_image
    default_image = None if default is None else _image(default)
    listed = config.images
    if listed is None:
        return ImageConfig(default_image, None)
    # The default image is usually listed too (``create_from``): an equal one is the same image.
    return ImageConfig(
        default_image,
        [
            default_image if default_image is not None and item == default else _image(item)
            for item in listed
        ],
    )
