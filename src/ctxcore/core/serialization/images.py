"""Container images: ``Image``, ``ImageConfig`` and the default-image rules.

Everything here is pure. The reference-named methods that need the environment, the running
interpreter or a configuration file (``ImageConfig.auto``, ``ImageConfig.auto_default_image``,
``DefaultImages.default_image``, and ``find_image_for`` unless it is given every fact) ask the
installed ambient (``ctxcore.core.ambient``) for the file or for the ``ImageFacts``, then decide
here.

One branch of the reference is left out on purpose: ``Image.look_up_image_info`` treated an
identifier naming an existing file as an ImageSpec YAML file and *built the image*. That is an
effect (a file-system probe and an image build); here an identifier is always parsed as a
string.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Final, cast

import attrs

from ctxcore.core import results
from ctxcore.core._repr import fields_repr
from ctxcore.core.ambient import current_ambient
from ctxcore.core.errors import ImageError
from ctxcore.core.results import unwrap_or_raise

if TYPE_CHECKING:
    from returns.result import Result

    from ctxcore.core.config.file import ConfigFile

__all__ = [
    "DEFAULT_IMAGE_NAME",
    "FLYTE_INTERNAL_IMAGE_ENV_VAR",
    "DefaultImages",
    "Image",
    "ImageConfig",
    "ImageFacts",
    "PythonVersion",
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

    __repr__ = fields_repr

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
        return results.Failure(
            ImageError(
                image_identifier,
                f"Incorrectly formatted image {image_identifier}, missing tag or digest",
            )
        )
    # Never both a tag and a digest (parse_image_identifier gives one or the other), so
    # Image's own check cannot raise here.
    return results.Success(Image(name=name, fqn=fqn, tag=tag, digest=digest))


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

    __repr__ = fields_repr

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

    __repr__ = fields_repr

    python_version: tuple[int, int]
    internal_image: str | None = None
    sdk_version: str | None = None


class PythonVersion(enum.Enum):
    """The Python versions the reference names default images for, and 3.13.

    ``PythonVersion.PYTHON_3_11.value == "3.11"``. The reference's members had ``(3, 11)``
    tuples as values and made one from the running interpreter with
    ``PythonVersion((major, minor))``; that call works here too, as does
    ``PythonVersion("3.11")``. A version not listed raises ``ValueError``, as in the reference
    (``DefaultImages.find_image_for`` takes a ``(major, minor)`` tuple for any version from 3.8).
    """

    PYTHON_3_8 = "3.8"
    PYTHON_3_9 = "3.9"
    PYTHON_3_10 = "3.10"
    PYTHON_3_11 = "3.11"
    PYTHON_3_12 = "3.12"
    PYTHON_3_13 = "3.13"

    @classmethod
    def _missing_(cls, value: object) -> PythonVersion | None:
        # ``PythonVersion((3, 11))``, as the reference's tuple-valued members were looked up.
        if isinstance(value, tuple):
            parts = cast("tuple[object, ...]", value)
            if len(parts) == 2 and _is_number(parts[0]) and _is_number(parts[1]):
                return _member(f"{parts[0]}.{parts[1]}")
        return None

    @property
    def major(self) -> int:
        """The major version: ``3``."""
        return int(self.value.partition(".")[0])

    @property
    def minor(self) -> int:
        """The minor version: ``11`` for ``PYTHON_3_11``."""
        return int(self.value.partition(".")[2])


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _member(value: str) -> PythonVersion | None:
    """The member whose value is ``value`` (``"3.11"``), or ``None``."""
    try:
        return PythonVersion(value)
    except ValueError:
        return None


def _python_version(
    version: PythonVersion | tuple[int, int] | str,
) -> Result[tuple[int, int], ImageError]:
    if isinstance(version, PythonVersion):
        return results.Success((version.major, version.minor))
    if isinstance(version, str):
        major, dot, minor = version.removeprefix("py").partition(".")
        if not (dot and major.isdigit() and minor.isdigit()):
            return results.Failure(
                ImageError(version, f"Python version {version!r} is not '<major>.<minor>'")
            )
        parsed = (int(major), int(minor))
    else:
        parsed = (int(version[0]), int(version[1]))
    if parsed < MINIMUM_PYTHON_VERSION:
        return results.Failure(
            ImageError(
                str(version),
                f"No default image for Python {parsed[0]}.{parsed[1]}: the oldest supported "
                f"is {MINIMUM_PYTHON_VERSION[0]}.{MINIMUM_PYTHON_VERSION[1]}",
            )
        )
    return results.Success(parsed)


class DefaultImages:
    """The default images: ``cr.flyte.org/flyteorg/flytekit:py<major>.<minor>-<version>``.

    Every Python from 3.8 on has one, including 3.13 and later (the reference stopped at 3.12).

    A subclass may name images of its own, as the reference's plugins do, by giving
    ``_DEFAULT_IMAGE_PREFIXES`` (``{PythonVersion.PYTHON_3_11: "registry/image:py3.11-"}``): the
    version part is appended to the prefix, and a Python the table does not list has no
    default image (``ImageError``).
    """

    _DEFAULT_IMAGE_PREFIXES: ClassVar[Mapping[PythonVersion, str]] = MappingProxyType(
        {version: f"{DEFAULT_IMAGE_REPOSITORY}:py{version.value}-" for version in PythonVersion}
    )
    """Every ``PythonVersion``'s image prefix, built with the class: the table a subclass
    replaces with its own."""

    @classmethod
    def default_image(cls, *, env: Mapping[str, str] | None = None) -> str:
        """The default image for this process: ``FLYTE_INTERNAL_IMAGE`` if set (in ``env``,
        default: the process environment), else the image for the running Python and the
        installed flytekit (``latest`` without one): ``find_image_for()``.

        ctxcore has no plugin system, so the reference's plugin hook is not consulted.
        """
        return cls.find_image_for(env=env)

    @classmethod
    def find_image_for(
        cls,
        python_version: PythonVersion | tuple[int, int] | str | None = None,
        flytekit_version: str | None = None,
        *,
        internal_image: str | None = None,
        sdk_version: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> str:
        """The default image for ``python_version`` (``PythonVersion.PYTHON_3_11``,
        ``(3, 11)`` or ``"3.11"``) and ``flytekit_version``, as the reference decides it:

        1. ``FLYTE_INTERNAL_IMAGE``, when it is not empty, whatever the other arguments;
        2. else the image for the Python version (the running interpreter's when ``None``),
           tagged with ``flytekit_version`` with every ``v`` removed or, without one,
           ``get_version_suffix`` of the installed flytekit's version.

        The reference read the environment, the interpreter and flytekit's version from the
        process; here each comes from its argument when given (``internal_image``,
        ``python_version``, ``sdk_version``), and otherwise from the installed ambient, which
        reads ``FLYTE_INTERNAL_IMAGE`` in ``env`` (default: the process environment). An empty
        string is an answer, not a question: ``internal_image=""`` means no internal image. So
        ``find_image_for(PythonVersion.PYTHON_3_9, "1.0", internal_image="")`` is pure.

        A version older than 3.8, malformed, or one a subclass's table does not list →
        ``ImageError`` (a ``ValueError``).
        """
        if internal_image:
            return internal_image
        if (
            internal_image is None
            or python_version is None
            or (sdk_version is None and not flytekit_version)
        ):
            facts = current_ambient().image_facts(env)
            if internal_image is None and facts.internal_image:
                return facts.internal_image
            python_version = facts.python_version if python_version is None else python_version
            sdk_version = facts.sdk_version if sdk_version is None else sdk_version
        major, minor = unwrap_or_raise(_python_version(python_version))
        prefix = unwrap_or_raise(cls._prefix(major, minor))
        suffix = (
            flytekit_version.replace("v", "")
            if flytekit_version
            else cls.get_version_suffix(sdk_version)
        )
        return prefix + suffix

    @classmethod
    def _prefix(cls, major: int, minor: int) -> Result[str, ImageError]:
        """The image name up to the version part: from the class's table, or (for a Python
        newer than the table, on ``DefaultImages`` itself) made the same way."""
        prefixes = cls._DEFAULT_IMAGE_PREFIXES
        member = _member(f"{major}.{minor}")
        if member is not None and member in prefixes:
            return results.Success(prefixes[member])
        if prefixes is DefaultImages._DEFAULT_IMAGE_PREFIXES:
            return results.Success(f"{DEFAULT_IMAGE_REPOSITORY}:py{major}.{minor}-")
        return results.Failure(
            ImageError(
                f"{major}.{minor}",
                f"{cls.__name__} has no default image for Python {major}.{minor}",
            )
        )

    @classmethod
    def get_version_suffix(cls, sdk_version: str | None = None) -> str:
        """``latest`` for an unknown, empty or development version, else the version itself."""
        if not sdk_version or "dev" in sdk_version:
            return "latest"
        return sdk_version
