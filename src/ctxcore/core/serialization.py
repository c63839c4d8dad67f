"""Serialization settings: what registration and the task entry point need to know.

``SerializationSettings`` has the reference's fields, order and defaults, and its JSON layout
(``to_json``: keys in field order, ``", "``/``": "`` separators, ``null`` for ``None``, nested
records as objects), so the ``_F_SS_C`` serialized context is exchangeable with the reference in
both directions. Unlike the reference, every record here is frozen: ``new_builder`` gives an
immutable builder and ``with_serialized_context`` a new settings value.

The cattrs converter is built on first use; importing this module does not import cattrs.
"""

from __future__ import annotations

import functools
import json
import posixpath
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Final, NoReturn, TypeVar, Union, cast, get_args, get_origin

import attrs
from returns.result import Failure, Result, Success

from ctxcore.core.errors import CtxcoreError
from ctxcore.core.images import DEFAULT_IMAGE_NAME, Image, ImageConfig
from ctxcore.core.node import Resources, ResourceSpecValue, resource_spec_value
from ctxcore.core.results import attrs_init, unwrap_or_raise
from ctxcore.core.transport import (
    DEFAULT_MAX_TRANSPORT_SIZE,
    SERIALIZED_CONTEXT_ENV_VAR,
    TransportError,
    decode_transport,
    encode_transport_text,
)

if TYPE_CHECKING:
    from cattrs import Converter

_T = TypeVar("_T")
_UNION_TYPES: Final = (Union, types.UnionType)

DEFAULT_RUNTIME_PYTHON_INTERPRETER: Final = "/opt/venv/bin/python3"
"""The interpreter of a task container unless the settings say otherwise."""

DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC: Final = "bin/entrypoint.py"
"""The entry point's path relative to the virtual environment's root."""

DEFAULT_IN_CONTAINER_SRC_PATH: Final = "/root"
"""Where fast-registered code is placed in the container."""

PROJECT_PLACEHOLDER: Final = "{{ registration.project }}"
DOMAIN_PLACEHOLDER: Final = "{{ registration.domain }}"
VERSION_PLACEHOLDER: Final = "{{ registration.version }}"

__all__ = [
    "DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC",
    "DEFAULT_IMAGE_NAME",
    "DEFAULT_IN_CONTAINER_SRC_PATH",
    "DEFAULT_RUNTIME_PYTHON_INTERPRETER",
    "DOMAIN_PLACEHOLDER",
    "PROJECT_PLACEHOLDER",
    "SERIALIZED_CONTEXT_ENV_VAR",
    "VERSION_PLACEHOLDER",
    "EntrypointSettings",
    "FastSerializationSettings",
    "FrozenEnv",
    "ResourceSpec",
    "SerializationSettings",
    "default_entrypoint_settings",
    "parse_settings_dict",
    "parse_settings_json",
    "venv_root_from_interpreter",
]


class FrozenEnv(Mapping[str, str]):
    """An immutable, insertion-ordered ``str → str`` mapping: the settings' environment.

    Order is kept because it is part of the wire format (the JSON lists the variables in the
    order they were given). Equal to any mapping with the same items (a ``dict`` too), and
    hashable. ``set`` and ``discard`` return new mappings.
    """

    __slots__ = ("_hash", "_items")

    _items: dict[str, str]
    _hash: int | None

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        data = dict(items)
        for key, value in data.items():
            if not isinstance(key, str) or not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise TypeError(f"env: every name and value must be a str; got {key!r}: {value!r}")
        object.__setattr__(self, "_items", data)
        object.__setattr__(self, "_hash", None)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"FrozenEnv is immutable (cannot set {name!r})")

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenEnv):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())  # pyright: ignore[reportUnknownArgumentType]
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._items.items())))
        return self._hash  # type: ignore[return-value]  # pyright: ignore[reportReturnType]

    def __repr__(self) -> str:
        return f"FrozenEnv({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenEnv], tuple[dict[str, str]]]:
        return (FrozenEnv, (dict(self._items),))

    def to_dict(self) -> dict[str, str]:
        """A new ``dict`` with the same items, in order."""
        return dict(self._items)

    def set(self, key: str, value: str) -> FrozenEnv:
        """A new mapping with ``key`` set to ``value`` (appended when new)."""
        return FrozenEnv({**self._items, key: value})

    def discard(self, key: str) -> FrozenEnv:
        """A new mapping without ``key`` (this one when it has no ``key``)."""
        if key not in self._items:
            return self
        return FrozenEnv({k: v for k, v in self._items.items() if k != key})


def _frozen_env(env: Mapping[str, str] | None) -> FrozenEnv | None:
    if env is None or isinstance(env, FrozenEnv):
        return env
    return FrozenEnv(env)


@attrs.frozen
class EntrypointSettings:
    """Where the task entry point is in the container."""

    path: str | None = None


@attrs.frozen
class FastSerializationSettings:
    """Fast registration: whether it is on, where code goes, where its archive is."""

    enabled: bool = False
    destination_dir: str | None = None
    distribution_location: str | None = None


@attrs.frozen
class ResourceSpec:
    """Default resource requests and limits of the tasks being serialized."""

    requests: Resources
    limits: Resources


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


@attrs.frozen(init=False)
class SerializationSettings:
    """Settings for serializing (registering) entities and for running them in a container.

    Fields, order and defaults are the reference's; the order is also the JSON key order.
    ``flytekit_virtualenv_root`` is derived from ``python_interpreter`` when not given.
    ``env`` accepts any ``str → str`` mapping and is stored as an immutable ``FrozenEnv``.
    """

    # The defaults tell the decoder which keys may be missing; ``__init__`` has the real ones
    # (``flytekit_virtualenv_root`` is derived there).
    image_config: ImageConfig
    project: str | None = None
    domain: str | None = None
    version: str | None = None
    env: FrozenEnv | None = None
    default_resources: ResourceSpec | None = None
    git_repo: str | None = None
    python_interpreter: str = DEFAULT_RUNTIME_PYTHON_INTERPRETER
    flytekit_virtualenv_root: str = ""
    fast_serialization_settings: FastSerializationSettings | None = None
    source_root: str | None = None

    def __init__(
        self,
        image_config: ImageConfig,
        project: str | None = None,
        domain: str | None = None,
        version: str | None = None,
        env: Mapping[str, str] | None = None,
        default_resources: ResourceSpec | None = None,
        git_repo: str | None = None,
        python_interpreter: str = DEFAULT_RUNTIME_PYTHON_INTERPRETER,
        flytekit_virtualenv_root: str | None = None,
        fast_serialization_settings: FastSerializationSettings | None = None,
        source_root: str | None = None,
    ) -> None:
        attrs_init(
            self,
            image_config,
            project,
            domain,
            version,
            _frozen_env(env),
            default_resources,
            git_repo,
            python_interpreter,
            (
                venv_root_from_interpreter(python_interpreter)
                if flytekit_virtualenv_root is None
                else flytekit_virtualenv_root
            ),
            fast_serialization_settings,
            source_root,
        )

    @staticmethod
    def venv_root_from_interpreter(interpreter_path: str) -> str:
        """``dirname(dirname(interpreter_path))``: ``/opt/venv/bin/python3`` -> ``/opt/venv``."""
        return venv_root_from_interpreter(interpreter_path)

    @staticmethod
    def default_entrypoint_settings(interpreter_path: str) -> EntrypointSettings:
        """The entry point ``<venv root>/bin/entrypoint.py`` of ``interpreter_path``."""
        return default_entrypoint_settings(interpreter_path)

    @property
    def entrypoint_settings(self) -> EntrypointSettings:
        """The entry point for ``python_interpreter`` (``flytekit_virtualenv_root`` is not
        consulted, as in the reference)."""
        return default_entrypoint_settings(self.python_interpreter)

    @staticmethod
    def for_image(
        image: str,
        version: str,
        project: str = "",
        domain: str = "",
        python_interpreter_path: str = DEFAULT_RUNTIME_PYTHON_INTERPRETER,
    ) -> SerializationSettings:
        """Settings whose default image is ``image`` (which needs a tag or digest)."""
        return SerializationSettings(
            image_config=ImageConfig(
                default_image=Image.look_up_image_info(DEFAULT_IMAGE_NAME, image)
            ),
            project=project,
            domain=domain,
            version=version,
            python_interpreter=python_interpreter_path,
            flytekit_virtualenv_root=venv_root_from_interpreter(python_interpreter_path),
        )

    def should_fast_serialize(self) -> bool:
        """True when fast-serialization settings are present and enabled."""
        return (
            self.fast_serialization_settings is not None
            and self.fast_serialization_settings.enabled
        )

    def new_builder(self) -> SerializationSettings.Builder:
        """An immutable builder holding these settings' values."""
        return SerializationSettings.Builder(
            project=self.project,
            domain=self.domain,
            version=self.version,
            image_config=self.image_config,
            env=self.env,
            default_resources=self.default_resources,
            git_repo=self.git_repo,
            flytekit_virtualenv_root=self.flytekit_virtualenv_root,
            python_interpreter=self.python_interpreter,
            fast_serialization_settings=self.fast_serialization_settings,
            source_root=self.source_root,
        )

    # -- JSON -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """The settings as JSON-ready ``dict``/``list``/scalar values, keys in field order."""
        result: dict[str, object] = _converter().unstructure(self)
        return result

    def to_json(self) -> str:
        """The reference's JSON: keys in field order, ``", "`` and ``": "`` separators."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> SerializationSettings:
        """Settings from ``to_dict`` output; missing keys but ``image_config`` take defaults.

        Raises ``TransportError`` (a ``ValueError``) naming the field that is wrong.
        """
        return unwrap_or_raise(parse_settings_dict(d))

    @classmethod
    def from_json(
        cls, s: str | bytes, *, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE
    ) -> SerializationSettings:
        """Settings from ``to_json`` output (at most ``max_size`` bytes of it).

        Raises ``TransportError`` (a ``ValueError``) for text that is not a JSON object, or
        naming the field that is wrong.
        """
        return unwrap_or_raise(parse_settings_json(s, max_size=max_size))

    # -- The serialized context (_F_SS_C) -------------------------------------------------

    @property
    def serialized_context(self) -> str:
        """These settings as an ``_F_SS_C`` value: base64 of gzip of ``to_json()``.

        The JSON leaves out ``_F_SS_C`` itself. A value already cached in ``env`` is returned
        only when it still describes these settings (the reference returned it even after the
        settings had changed); otherwise the value is computed afresh.
        """
        cached = self._cached_context()
        if cached is not None:
            return cached
        return encode_transport_text(self._without_context().to_json())

    def with_serialized_context(self) -> SerializationSettings:
        """Settings whose ``env`` also carries ``_F_SS_C`` = ``serialized_context``.

        These settings when their cached value is still current; nothing is changed in place.
        """
        if self._cached_context() is not None:
            return self
        base = self._without_context()
        context = encode_transport_text(base.to_json())
        env = (base.env or FrozenEnv()).set(SERIALIZED_CONTEXT_ENV_VAR, context)
        return attrs.evolve(base, env=env)

    @classmethod
    def from_transport(
        cls, s: str, *, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE
    ) -> SerializationSettings:
        """Decode an ``_F_SS_C`` value (from this library or the reference).

        Raises ``TransportError`` (a ``ValueError``) for bad base64, bad or truncated gzip,
        more than ``max_size`` inflated bytes (default 1 MiB), text that is not UTF-8 or not
        a JSON object, and fields of the wrong type (the message names the field).
        """
        return unwrap_or_raise(decode_transport(s, max_size))

    def _without_context(self) -> SerializationSettings:
        if self.env is None or SERIALIZED_CONTEXT_ENV_VAR not in self.env:
            return self
        return attrs.evolve(self, env=self.env.discard(SERIALIZED_CONTEXT_ENV_VAR))

    def _cached_context(self) -> str | None:
        """The ``_F_SS_C`` value in ``env`` if it decodes to these settings (an empty and an
        absent ``env`` count as the same: the reference encodes either before adding it)."""
        if not self.env or SERIALIZED_CONTEXT_ENV_VAR not in self.env:
            return None
        cached = self.env[SERIALIZED_CONTEXT_ENV_VAR]
        decoded = decode_transport(cached)
        if not isinstance(decoded, Success):
            return None
        if _env_normalized(decoded.unwrap()) != _env_normalized(self._without_context()):
            return None
        return cached

    @attrs.frozen
    class Builder:
        """An immutable recipe for ``SerializationSettings``: every ``with_*`` returns a new
        builder and ``build()`` a new settings value. Fields in the reference's order."""

        project: str | None
        domain: str | None
        version: str | None
        image_config: ImageConfig
        env: FrozenEnv | None = attrs.field(default=None, converter=_frozen_env)
        default_resources: ResourceSpec | None = None
        git_repo: str | None = None
        flytekit_virtualenv_root: str | None = None
        python_interpreter: str | None = None
        fast_serialization_settings: FastSerializationSettings | None = None
        source_root: str | None = None

        def with_project(self, project: str | None) -> SerializationSettings.Builder:
            """A new builder with ``project`` replaced."""
            return attrs.evolve(self, project=project)

        def with_domain(self, domain: str | None) -> SerializationSettings.Builder:
            """A new builder with ``domain`` replaced."""
            return attrs.evolve(self, domain=domain)

        def with_version(self, version: str | None) -> SerializationSettings.Builder:
            """A new builder with ``version`` replaced."""
            return attrs.evolve(self, version=version)

        def with_image_config(self, image_config: ImageConfig) -> SerializationSettings.Builder:
            """A new builder with ``image_config`` replaced."""
            return attrs.evolve(self, image_config=image_config)

        def with_env(self, env: Mapping[str, str] | None) -> SerializationSettings.Builder:
            """A new builder with ``env`` replaced."""
            return attrs.evolve(self, env=_frozen_env(env))

        def with_default_resources(
            self, default_resources: ResourceSpec | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``default_resources`` replaced."""
            return attrs.evolve(self, default_resources=default_resources)

        def with_git_repo(self, git_repo: str | None) -> SerializationSettings.Builder:
            """A new builder with ``git_repo`` replaced."""
            return attrs.evolve(self, git_repo=git_repo)

        def with_flytekit_virtualenv_root(
            self, flytekit_virtualenv_root: str | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``flytekit_virtualenv_root`` replaced."""
            return attrs.evolve(self, flytekit_virtualenv_root=flytekit_virtualenv_root)

        def with_python_interpreter(
            self, python_interpreter: str | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``python_interpreter`` replaced."""
            return attrs.evolve(self, python_interpreter=python_interpreter)

        def with_fast_serialization_settings(
            self, fss: FastSerializationSettings | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``fast_serialization_settings`` replaced."""
            return attrs.evolve(self, fast_serialization_settings=fss)

        def with_source_root(self, source_root: str | None) -> SerializationSettings.Builder:
            """A new builder with ``source_root`` replaced."""
            return attrs.evolve(self, source_root=source_root)

        def build(self) -> SerializationSettings:
            """The settings this builder describes.

            A ``None`` interpreter means the default one (the reference passed ``None``
            through, which broke the derived virtual-environment root).
            """
            return SerializationSettings(
                image_config=self.image_config,
                project=self.project,
                domain=self.domain,
                version=self.version,
                env=self.env,
                default_resources=self.default_resources,
                git_repo=self.git_repo,
                python_interpreter=(
                    DEFAULT_RUNTIME_PYTHON_INTERPRETER
                    if self.python_interpreter is None
                    else self.python_interpreter
                ),
                flytekit_virtualenv_root=self.flytekit_virtualenv_root,
                fast_serialization_settings=self.fast_serialization_settings,
                source_root=self.source_root,
            )


def _env_normalized(settings: SerializationSettings) -> SerializationSettings:
    return settings if settings.env is None or settings.env else attrs.evolve(settings, env=None)


# -- Decoding -------------------------------------------------------------------------------


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
    if isinstance(parsed, Failure):
        raise _FieldTypeError(parsed.failure())
    return parsed.unwrap()


def _structure_env(value: object, _: object) -> FrozenEnv:
    if not isinstance(value, dict):
        raise _FieldTypeError(f"expected an object, got {_json_type(value)}")
    entries: dict[object, object] = value  # pyright: ignore[reportUnknownVariableType]
    for key, item in entries.items():
        if not isinstance(item, str):
            raise _FieldTypeError(f"expected a string for {key!r}, got {_json_type(item)}")
    return FrozenEnv(value)  # pyright: ignore[reportUnknownArgumentType]


def _optional_str(value: object, _: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _FieldTypeError(f"expected a string or null, got {_json_type(value)}")


def _interpreter(value: object, _: object) -> str:
    # The reference's builder could produce `null` here; it means the default interpreter.
    return DEFAULT_RUNTIME_PYTHON_INTERPRETER if value is None else _strict_str(value, None)


@functools.cache
def _converter() -> Converter:
    """The settings converter: ``make_converter()`` with strict JSON types (no ``"1"`` for a
    bool, no number for a string) and the settings' own rules. Built on first use."""
    from cattrs.gen import make_dict_structure_fn, override

    from ctxcore.core.codec import make_converter

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
    converter.register_structure_hook_func(lambda t: t == image_tuple, _arrays_only(images))
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
    structure: Callable[[object, object], _T],
) -> Callable[[object, object], _T]:
    """A structure hook that refuses anything but a JSON array before structuring it."""

    def hook(value: object, target: object) -> _T:
        if not isinstance(value, list):
            raise _FieldTypeError(f"expected an array, got {_json_type(value)}")
        return structure(value, target)  # pyright: ignore[reportUnknownArgumentType]

    return hook


def _describe(error: BaseException, target: type | None) -> str:
    if isinstance(error, (_FieldTypeError, CtxcoreError)):
        return str(error)
    from cattrs.v import format_exception

    return format_exception(error, target)


def parse_settings_dict(
    d: Mapping[str, object], *, source: str = "settings dict"
) -> Result[SerializationSettings, TransportError]:
    """Settings from ``to_dict``-shaped values, or a ``TransportError`` naming each wrong
    field (``$.image_config.default_image.tag``). Missing keys but ``image_config`` take
    their defaults; unknown keys are ignored (newer writers may add fields)."""
    given = cast(object, d)  # outside input: checked, whatever the annotation says
    if not isinstance(given, Mapping):
        return Failure(
            TransportError(source, "json", f"expected an object, got {_json_type(given)}")
        )
    try:
        settings: SerializationSettings = _converter().structure(dict(d), SerializationSettings)
    except Exception as error:  # every structuring failure becomes a typed error
        from cattrs import transform_error

        reasons = transform_error(error, "$", _describe)
        return Failure(TransportError(source, "fields", "; ".join(reasons)))
    return Success(settings)


def parse_settings_json(
    text: str | bytes,
    *,
    source: str = "settings JSON",
    max_size: int = DEFAULT_MAX_TRANSPORT_SIZE,
) -> Result[SerializationSettings, TransportError]:
    """Settings from ``to_json`` text (at most ``max_size`` bytes or characters), or a
    ``TransportError`` saying whether the text, the JSON or which field is wrong."""
    given = cast(object, text)  # outside input: checked, whatever the annotation says
    if isinstance(given, (bytes, bytearray)):
        if len(given) > max_size:
            return Failure(TransportError(source, "size", f"more than {max_size} bytes"))
        try:
            text = bytes(given).decode("utf-8")
        except UnicodeDecodeError as error:
            return Failure(TransportError(source, "utf-8", str(error)))
    elif isinstance(given, str):
        text = given
    else:
        return Failure(
            TransportError(source, "input", f"expected str or bytes, got {type(given).__name__}")
        )
    if len(text) > max_size:
        return Failure(TransportError(source, "size", f"more than {max_size} characters"))
    try:
        value: object = json.loads(text)
    except (ValueError, RecursionError) as error:
        return Failure(TransportError(source, "json", str(error) or type(error).__name__))
    if not isinstance(value, dict):
        return Failure(
            TransportError(source, "json", f"expected an object, got {_json_type(value)}")
        )
    return parse_settings_dict(value, source=source)  # pyright: ignore[reportUnknownArgumentType]
