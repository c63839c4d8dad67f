"""Decoding serialization settings from JSON text or a dict: strict, total and typed.

Every failure is a ``TransportError`` that names the stage and, for a wrong field, its path
(``@ $.image_config.default_image.tag``). The cattrs converter is built on first use: a document
in the layout ``to_json`` writes is read without it (``layout.written_settings``, the same
settings), and everything else, every refusal included, goes through it.

The error path is bounded like the input: an image list longer than ``MAX_IMAGES`` is refused by
its length before any item is looked at, a message lists the first few wrong fields and counts
the rest (``ctxcore.core.errors.listed``), and no reason shows more than a short cut of a value.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, TypeVar, Union, cast, get_args, get_origin

from ctxcore.core import results
from ctxcore.core.compilation.resources import Resources, ResourceSpecValue, resource_spec_value
from ctxcore.core.errors import (
    MAX_REASON_CHARS,
    CtxcoreError,
    TransportError,
    clipped,
    listed,
    shown,
)
from ctxcore.core.json_text import parsed
from ctxcore.core.rent_or_buy import RentOrBuy
from ctxcore.core.serialization.entrypoint import (
    DEFAULT_RUNTIME_PYTHON_INTERPRETER,
    EntrypointSettings,
)
from ctxcore.core.serialization.env import FrozenEnv
from ctxcore.core.serialization.images import Image, ImageConfig
from ctxcore.core.serialization.transport import DEFAULT_MAX_TRANSPORT_SIZE

if TYPE_CHECKING:
    from cattrs import Converter
    from returns.result import Result

    from ctxcore.core.serialization.settings import SerializationSettings

__all__ = [
    "parse_settings_dict",
    "parse_settings_json",
]

_T = TypeVar("_T")
_UNION_TYPES: Final = (Union, types.UnionType)

MAX_IMAGES: Final = 1000
"""The most images an image configuration may list. A real one names a handful; the bound keeps
checking a hostile list (and counting its wrong items) to milliseconds, where 500,000 wrong
items in under 1 MiB of JSON took seconds and hundreds of MiB."""

_MAX_DESCRIPTION_CHARS: Final = MAX_REASON_CHARS // 2
"""How much of a reason says what is wrong (an image's error quotes its tag and digest): the
rest of the reason is left for the field's path, which says where."""


class _FieldTypeError(TypeError):
    """A JSON value of the wrong type (its message says what was expected)."""


_JSON_TYPE_NAMES: Final[dict[type[object], str]] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    dict: "an object",
    list: "an array",
    type(None): "null",
}


def _json_type(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value)) or type(value).__name__


def _strict_str(value: object, _: object) -> str:
    if isinstance(value, str):
        return value
    raise _FieldTypeError(f"expected a string, got {_json_type(value)}")


def _strict_bool(value: object, _: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _FieldTypeError(f"expected a boolean, got {_json_type(value)}")


def _structure_resource_value(value: object, _: object) -> ResourceSpecValue | None:
    parsed = resource_spec_value(value, _json_type)
    if isinstance(parsed, results.Failure):
        raise _FieldTypeError(parsed.failure())
    return parsed.unwrap()


def _structure_env(value: object, _: object) -> FrozenEnv:
    if not isinstance(value, dict):
        raise _FieldTypeError(f"expected an object, got {_json_type(value)}")
    entries: dict[object, object] = value  # pyright: ignore[reportUnknownVariableType]
    for key, item in entries.items():
        if not isinstance(item, str):
            raise _FieldTypeError(f"expected a string for {shown(key)}, got {_json_type(item)}")
    return FrozenEnv(value)  # pyright: ignore[reportUnknownArgumentType]


def _optional_str(value: object, _: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _FieldTypeError(f"expected a string or null, got {_json_type(value)}")


def _interpreter(value: object, _: object) -> str:
    # The reference's builder could produce `null` here; it means the default interpreter.
    return DEFAULT_RUNTIME_PYTHON_INTERPRETER if value is None else _strict_str(value, None)


@functools.cache
def settings_converter() -> Converter:
    """The settings converter: ``make_converter()`` with strict JSON types (no ``"1"`` for a
    bool, no number for a string) and the settings' own rules. Built on first use."""
    from cattrs.gen import make_dict_structure_fn, override

    from ctxcore.core.codec import make_converter
    from ctxcore.core.serialization.settings import (  # once: it imports this module
        FastSerializationSettings,
        ResourceSpec,
        SerializationSettings,
    )

    converter = make_converter()
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(FrozenEnv, _structure_env)
    converter.register_unstructure_hook(FrozenEnv, FrozenEnv.to_dict)
    optional_value = ResourceSpecValue | None
    converter.register_structure_hook_func(lambda t: t == optional_value, _structure_resource_value)
    converter.register_structure_hook_factory(_is_plain_optional, _optional_hook(converter))
    # Each record's hook is generated from the hooks of its fields, so register inner first.
    _register_record(converter, Image)
    image_tuple = tuple[Image, ...]
    images = converter.get_structure_hook(image_tuple)
    converter.register_structure_hook_func(
        lambda t: t == image_tuple, _arrays_only(images, MAX_IMAGES, "images")
    )
    for record in (
        ImageConfig,
        Resources,
        ResourceSpec,
        EntrypointSettings,
        FastSerializationSettings,
    ):
        _register_record(converter, record)
    settings = make_dict_structure_fn(
        SerializationSettings,
        converter,
        flytekit_virtualenv_root=override(struct_hook=_optional_str),
        python_interpreter=override(struct_hook=_interpreter),
    )
    converter.register_structure_hook(SerializationSettings, _objects_only(settings))
    return converter


def _register_record(converter: Converter, record: type[object]) -> None:
    from cattrs.gen import make_dict_structure_fn

    structure = make_dict_structure_fn(record, converter)
    converter.register_structure_hook(record, _objects_only(structure))


def _is_plain_optional(t: object) -> bool:
    args = get_args(t)
    return get_origin(t) in _UNION_TYPES and len(args) == 2 and type(None) in args


def _optional_hook(
    converter: Converter,
) -> Callable[[object], Callable[[object, object], object]]:
    """Hooks for ``X | None`` that look up ``X``'s hook once, not on every value."""

    def factory(t: object) -> Callable[[object, object], object]:
        (inner,) = (arg for arg in get_args(t) if arg is not type(None))
        if inner is str:
            return _optional_str
        structure = converter.get_structure_hook(inner)

        def hook(value: object, _: object) -> object:
            return None if value is None else structure(value, inner)

        return hook

    return factory


def _objects_only(
    structure: Callable[[Mapping[str, object], object], _T],
) -> Callable[[object, object], _T]:
    """A structure hook that refuses anything but a JSON object before structuring it."""

    def hook(value: object, target: object) -> _T:
        if not isinstance(value, dict):
            raise _FieldTypeError(f"expected an object, got {_json_type(value)}")
        return structure(value, target)  # pyright: ignore[reportUnknownArgumentType]

    return hook


def _arrays_only(
    structure: Callable[[object, object], _T], limit: int, what: str
) -> Callable[[object, object], _T]:
    """A structure hook that refuses anything but a JSON array of at most ``limit`` items
    before structuring it."""

    def hook(value: object, target: object) -> _T:
        if not isinstance(value, list):
            raise _FieldTypeError(f"expected an array, got {_json_type(value)}")
        items: list[object] = value  # pyright: ignore[reportUnknownVariableType]
        if len(items) > limit:
            raise _FieldTypeError(f"expected at most {limit} {what}, got {len(items)} items")
        return structure(items, target)

    return hook


def _describe(error: BaseException, target: type | None) -> str:
    if isinstance(error, (_FieldTypeError, CtxcoreError)):
        return clipped(str(error), _MAX_DESCRIPTION_CHARS)
    from cattrs.v import format_exception

    return clipped(format_exception(error, target), _MAX_DESCRIPTION_CHARS)


@functools.cache
def _settings_record() -> type[SerializationSettings]:
    """``SerializationSettings``, imported once: its module imports this one (for its JSON
    methods, without an import statement on every call)."""
    from ctxcore.core.serialization.settings import SerializationSettings

    return SerializationSettings


def parse_settings_dict(
    d: Mapping[str, object], *, source: str = "settings dict"
) -> Result[SerializationSettings, TransportError]:
    """Settings from ``to_dict``-shaped values, or a ``TransportError`` naming each wrong
    field (``$.image_config.default_image.tag``). Missing keys but ``image_config`` take
    their defaults; unknown keys are ignored (newer writers may add fields)."""
    written = written_settings(d)  # the usual document, read directly (layout.py)
    if written is not None:
        return results.Success(written)
    settings = _structured(d, source)
    return (
        results.Failure(settings)
        if isinstance(settings, TransportError)
        else results.Success(settings)
    )


def _structured(d: Mapping[str, object], source: str) -> SerializationSettings | TransportError:
    """``parse_settings_dict`` by the settings converter, its error returned rather than
    wrapped: the general reader, which reads any document and names each wrong field."""
    given = cast(object, d)  # outside input: checked, whatever the annotation says
    if not isinstance(given, Mapping):
        return TransportError(source, "json", f"expected an object, got {_json_type(given)}")
    try:
        settings: SerializationSettings = settings_converter().structure(
            dict(d), _settings_record()
        )
    except Exception as error:  # every structuring failure becomes a typed error
        from cattrs import transform_error

        reasons = transform_error(error, "$", _describe)
        return TransportError(source, "fields", listed(reasons))
    return settings


def parse_settings_json(
    text: str | bytes,
    *,
    source: str = "settings JSON",
    max_size: int = DEFAULT_MAX_TRANSPORT_SIZE,
) -> Result[SerializationSettings, TransportError]:
    """Settings from ``to_json`` text (at most ``max_size`` bytes or characters), or a
    ``TransportError`` saying whether the text, the JSON or which field is wrong."""
    settings = settings_or_error(text, source=source, max_size=max_size)
    return (
        results.Failure(settings)
        if isinstance(settings, TransportError)
        else results.Success(settings)
    )


def settings_or_error(
    text: str | bytes,
    *,
    source: str = "settings JSON",
    max_size: int = DEFAULT_MAX_TRANSPORT_SIZE,
) -> SerializationSettings | TransportError:
    """``parse_settings_json``, its error returned rather than wrapped in a ``Result``: what
    ``from_json`` and ``from_transport`` raise or return, a wrapper less on every call (W6)."""
    given = cast(object, text)  # outside input: checked, whatever the annotation says
    if isinstance(given, (bytes, bytearray)):
        if len(given) > max_size:
            return TransportError(source, "size", f"more than {max_size} bytes")
        try:
            text = bytes(given).decode("utf-8")
        except UnicodeDecodeError as error:
            return TransportError(source, "utf-8", str(error))
    elif isinstance(given, str):
        text = given
    else:
        return TransportError(source, "input", f"expected str or bytes, got {type(given).__name__}")
    if len(text) > max_size:
        return TransportError(source, "size", f"more than {max_size} characters")
    read = _layout_reader()
    settings = None if read is None else read(text)
    if settings is not None:
        return settings
    try:
        value: object = parsed(text)
    except (ValueError, RecursionError) as error:
        return TransportError(source, "json", str(error) or type(error).__name__)
    if not isinstance(value, dict):
        return TransportError(source, "json", f"expected an object, got {_json_type(value)}")
    document: dict[str, object] = value  # pyright: ignore[reportUnknownVariableType]
    written = written_settings(document)  # the usual document, read directly (layout.py)
    if written is not None:
        return written
    return _structured(document, source)


_READS_BEFORE_LAYOUT: Final = 2048
"""How many settings texts a process reads with ``json`` before it reads the rest with msgspec
(``serialization.wire``): msgspec's import (about 18 ms here, none when the envelope's reader
has paid it) costs what some 2,000 reads save (9 µs each), so a task's process, which decodes
its settings once, never pays it (``RentOrBuy``)."""


def _load_layout() -> Callable[[str], SerializationSettings | None]:
    from ctxcore.core.serialization.wire import decoded

    return decoded


_layout_reader: Final = RentOrBuy(_load_layout, _READS_BEFORE_LAYOUT)
"""``wire.decoded`` from the process's ``_READS_BEFORE_LAYOUT``-th read on; ``None`` before."""


# Bound at the end: ``layout`` imports this module and ``settings``, which imports this module's
# functions; here they are all defined, whichever of the three a program imports first.
from ctxcore.core.serialization.layout import written_settings  # noqa: E402
