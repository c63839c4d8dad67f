"""Container images: ``Image``, ``ImageConfig`` and the default-image rules.

Everything here is pure. The reference-named methods that need the environment, the running
interpreter or a configuration file (``ImageConfig.auto``, ``ImageConfig.auto_default_image``,
``DefaultImages.default_image``, and ``find_image_for`` without a Python version) ask the
installed ambient (``ctxcore.core.ambient``) for the file or for the ``ImageFacts``, then decide
here.

One branch of the reference is left out on purpose: ``Image.look_up_image_info`` treated an
identifier naming an existing file as an ImageSpec YAML file and *built the image*. That is an
effect (a file-system probe and an image build); here an identifier is always parsed as a
string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import attrs
from returns.result import Failure, Result, Success

from ctxcore.core.ambient import current_ambient
from ctxcore.core.errors import ImageError
from ctxcore.core.results import unwrap_or_raise

if TYPE_CHECKING:
    from ctxcore.core.config.file import ConfigFile

__all__ = [
    "DEFAULT_IMAGE_NAME",
    "FLYTE_INTERNAL_IMAGE_ENV_VAR",
    "DefaultImages",
    "Image",
    "ImageConfig",
    "ImageFacts",
    "lookup_image",
    "parse_image_identifier",
]

DEFAULT_IMAGE_NAME: Final = "default"
"""The name of the default image in an ``ImageConfig``."""

FLYTE_INTERNAL_IMAGE_ENV_VAR: Final = "FLYTE_INTERNAL_IMAGE"
"""The environment variable that overrides the default image (read by the ambient)."""

DEFAULT_IMAGE_REPOSITORY: Final = "cr.flyte.org/flyteorg/flytekit"
"""Where the default images live; their tags are ``py<major>.<minor>-<version>``."""

MINIMUM_PYTHON_VERSION: Final = (3, 8)
"""The oldest Python with a default image. Newer versions, 3.13 and on, all have one."""


@attrs.frozen
class Image:
    """A container image: a name for it in the configuration, and where it is.

    ``tag`` and ``digest`` are exclusive; with neither, the image is just ``fqn``.
    """

    name: str
    fqn: str
    tag: str | None = None
    digest: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.tag and self.digest:
            raise ImageError(
                f"{self.fqn}:{self.tag}@{self.digest}",
                f"Cannot specify both tag and digest. Got tag={self.tag} and digest={self.digest}",
            )

    @property
    def full(self) -> str:
        """``<fqn>@<digest>``, ``<fqn>:<tag>``, or just ``<fqn>`` when it has neither.

        (The reference rendered a missing tag as ``<fqn>:None``.)
        """
        if self.digest:
            return f"{self.fqn}@{self.digest}"
        if self.tag:
            return f"{self.fqn}:{self.tag}"
        return self.fqn

    @property
    def version(self) -> str | None:
        """The digest if there is one, else the tag (``None`` when neither)."""
        return self.digest if self.digest else self.tag

    @classmethod
    def look_up_image_info(
        cls, name: str, image_identifier: str, allow_no_tag_or_digest: bool = False
    ) -> Image:
        """The image ``name`` at ``image_identifier`` (``fqn``, ``fqn:tag`` or ``fqn@digest``).

        Raises ``ImageError`` (a ``ValueError`` and an ``AssertionError``) when the identifier
        has neither tag nor digest and that is not allowed. Unlike the reference, a path to an
        ImageSpec file is not built: the identifier is always parsed as a string.
        """
        return unwrap_or_raise(lookup_image(name, image_identifier, allow_no_tag_or_digest))


def parse_image_identifier(image_identifier: str) -> tuple[str, str | None, str | None]:
    """Split an image identifier into ``(fqn, tag, digest)`` by the reference's rules.

    A digest follows the last ``@``; otherwise a tag follows the last ``:`` unless that part
    contains a ``/`` (then the colon belongs to a registry port). Examples:
    ``docker.io/xyz`` → no tag; ``localhost:5000/xyz`` → no tag;
    ``localhost:5000/xyz:latest`` → tag ``latest``; ``x@y@z`` → (``x@y``, None, ``z``).
    """
    fqn, at, digest = image_identifier.rpartition("@")
    if at:
        return fqn, None, digest
    fqn, colon, tag = image_identifier.rpartition(":")
    if colon and "/" not in tag:
        return fqn, tag, None
    return image_identifier, None, None


def lookup_image(
    name: str, image_identifier: str, allow_no_tag_or_digest: bool = False
) -> Result[Image, ImageError]:
    """``Image.look_up_image_info`` as a total function: the image, or why it is not one."""
    fqn, tag, digest = parse_image_identifier(image_identifier)
    if not allow_no_tag_or_digest and not tag and not digest:
        return Failure(
            ImageError(
                image_identifier,
                f"Incorrectly formatted image {image_identifier}, missing tag or digest",
            )
        )
    try:
        return Success(Image(name=name, fqn=fqn, tag=tag, digest=digest))
    except ImageError as error:  # cannot happen with a parsed identifier; kept total anyway
        return Failure(error)


def _image_tuple(images: Iterable[Image] | None) -> tuple[Image, ...] | None:
    if images is None:
        return None
    result = tuple(images)
    for index, image in enumerate(result):
        if not isinstance(image, Image):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ImageError(
                repr(image),
                f"ImageConfig.images[{index}] should be an Image, not {type(image).__name__}",
            )
    return result


@attrs.frozen
class ImageConfig:
    """The default image and the other images a workflow may run in.

    ``images`` is stored as a tuple (the reference used a list); any iterable of ``Image``
    is accepted.
    """

    default_image: Image | None = None
    images: tuple[Image, ...] | None = attrs.field(default=None, converter=_image_tuple)

    def find_image(self, name: str) -> Image | None:
        """The first image called ``name``, looking at the default image first."""
        if self.default_image is not None and self.default_image.name == name:
            return self.default_image
        for image in self.images or ():
            if image.name == name:
                return image
        return None

    @classmethod
    def create_from(
        cls, default_image: Image | None, other_images: Iterable[Image] | None = None
    ) -> ImageConfig:
        """A configuration whose ``images`` are the default image (if any), then the others."""
        if default_image is not None and not isinstance(default_image, Image):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ImageError(
                repr(default_image),
                f"Default image should be of type Image or None not {type(default_image)}",  # pyright: ignore[reportUnreachable]
            )
        images = [] if default_image is None else [default_image]
        images.extend(other_images or ())
        return cls(default_image=default_image, images=images)

    @classmethod
    def validate_image(
        cls,
        _: object,
        param: object,
        values: Sequence[str],
        *,
        fallback_default: str | None = None,
    ) -> ImageConfig:
        """Build a configuration from command-line values (the reference's click callback).

        Each value is ``name=identifier`` or a bare ``identifier`` (the default image); each
        needs a tag or digest, and only one may be the default. With no default among them,
        ``fallback_default`` is used, or, when that is ``None``, ``DefaultImages.default_image()``
        (which reads the environment). The default image comes first in ``images``.
        ``param`` (the click parameter) is only named in error messages.
        """
        default_image: Image | None = None
        others: list[Image] = []
        for value in values:
            name, equals, identifier = value.partition("=")
            if not equals:
                name, identifier = DEFAULT_IMAGE_NAME, value
            image = Image.look_up_image_info(name, identifier, False)
            if image.name != DEFAULT_IMAGE_NAME:
                others.append(image)
            elif default_image is not None:
                raise ImageError(
                    value,
                    "Only one default image can be specified. "
                    f"Received multiple {default_image} & {image} for {param}",
                )
            else:
                default_image = image
        if default_image is None:
            identifier = (
                DefaultImages.default_image() if fallback_default is None else fallback_default
            )
            default_image = Image.look_up_image_info(DEFAULT_IMAGE_NAME, identifier)
        return cls.create_from(default_image, others)

    @classmethod
    def from_images(
        cls, default_image: str | None, m: Mapping[str, str] | None = None
    ) -> ImageConfig:
        """A configuration from a default image identifier and a ``{name: identifier}`` map.

        The default needs a tag or digest (an empty or ``None`` one means no default); the
        other images may have neither.
        """
        default = (
            Image.look_up_image_info(DEFAULT_IMAGE_NAME, default_image) if default_image else None
        )
        others = [Image.look_up_image_info(k, v, True) for k, v in (m or {}).items()]
        return cls.create_from(default, others)

    @classmethod
    def auto(
        cls,
        config_file: str | ConfigFile | None = None,
        img_name: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> ImageConfig:
        """The default image ``img_name`` (with a tag or digest; none when empty) and the
        images of the configuration file's ``[images]`` / ``images:`` section (tags optional).
        With ``config_file=None`` the file is discovered as ``Config.auto`` discovers it, in
        ``env`` (default: the process environment)."""
        from ctxcore.core.config.file import get_specified_images  # configparser: on first use

        found = current_ambient().load_config_file(config_file, env)
        return cls.from_images(img_name, get_specified_images(found))

    @classmethod
    def auto_default_image(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> ImageConfig:
        """``auto`` with ``DefaultImages.default_image(env=env)`` as the default image."""
        return cls.auto(config_file, DefaultImages.default_image(env=env), env=env)


@attrs.frozen
class ImageFacts:
    """What the default image depends on, read from the process by the ambient.

    ``internal_image`` is ``FLYTE_INTERNAL_IMAGE`` (``None`` when unset or empty);
    ``sdk_version`` the installed flytekit's version (``None`` without flytekit).
    """

    python_version: tuple[int, int]
    internal_image: str | None = None
    sdk_version: str | None = None


def _python_version(version: tuple[int, int] | str) -> Result[tuple[int, int], ImageError]:
    if isinstance(version, str):
        major, dot, minor = version.removeprefix("py").partition(".")
        if not (dot and major.isdigit() and minor.isdigit()):
            return Failure(
                ImageError(version, f"Python version {version!r} is not '<major>.<minor>'")
            )
        parsed = (int(major), int(minor))
    else:
        parsed = (int(version[0]), int(version[1]))
    if parsed < MINIMUM_PYTHON_VERSION:
        return Failure(
            ImageError(
                str(version),
                f"No default image for Python {parsed[0]}.{parsed[1]}: the oldest supported "
                f"is {MINIMUM_PYTHON_VERSION[0]}.{MINIMUM_PYTHON_VERSION[1]}",
            )
        )
    return Success(parsed)


class DefaultImages:
    """The default images: ``cr.flyte.org/flyteorg/flytekit:py<major>.<minor>-<version>``.

    Every Python from 3.8 on has one, including 3.13 and later (the reference stopped at 3.12).
    """

    @classmethod
    def default_image(cls, *, env: Mapping[str, str] | None = None) -> str:
        """The default image for this process: ``FLYTE_INTERNAL_IMAGE`` if set (in ``env``,
        default: the process environment), else the image for the running Python and the
        installed flytekit (``latest`` without one).

        The facts come from the installed ambient. ctxcore has no plugin system, so the
        reference's plugin hook is not consulted.
        """
        facts = current_ambient().image_facts(env)
        return cls.find_image_for(
            facts.python_version,
            internal_image=facts.internal_image,
            sdk_version=facts.sdk_version,
        )

    @classmethod
    def find_image_for(
        cls,
        python_version: tuple[int, int] | str | None = None,
        flytekit_version: str | None = None,
        *,
        internal_image: str | None = None,
        sdk_version: str | None = None,
    ) -> str:
        """The default image for ``python_version`` (``(3, 11)`` or ``"3.11"``).

        ``internal_image`` (the value of ``FLYTE_INTERNAL_IMAGE``, passed in) wins when not
        empty. The tag's version part is ``flytekit_version`` with every ``v`` removed, or
        else ``get_version_suffix(sdk_version)``. Pure when ``python_version`` is given; when
        it is ``None`` the running interpreter's version comes from the installed ambient, as
        the reference read it. A version older than 3.8 or malformed → ``ImageError`` (a
        ``ValueError``).
        """
        if internal_image:
            return internal_image
        if python_version is None:
            python_version = current_ambient().image_facts(None).python_version
        major, minor = unwrap_or_raise(_python_version(python_version))
        suffix = (
            flytekit_version.replace("v", "")
            if flytekit_version
            else cls.get_version_suffix(sdk_version)
        )
        return f"{DEFAULT_IMAGE_REPOSITORY}:py{major}.{minor}-{suffix}"

    @classmethod
    def get_version_suffix(cls, sdk_version: str | None = None) -> str:
        """``latest`` for an unknown, empty or development version, else the version itself."""
        if not sdk_version or "dev" in sdk_version:
            return "latest"
        return sdk_version
