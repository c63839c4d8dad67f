"""The serialization settings' JSON in the layout ``to_json`` writes, written and read directly.

Why. A settings round trip through JSON (``to_json`` then ``from_json``, and inside the
``_F_SS_C`` value) is on every registration and task start (W6). The general ways are slow for
it: ``json.dumps`` of the cattrs-unstructured dictionary, and cattrs' generated structuring with
its per-field error bookkeeping. This module is the fast way for the usual case, as the
context envelope does it (``ctxcore.core.handoff.envelope``):

- ``settings_json`` joins the fixed layout's parts, each string escaped by JSON's own C escaper
  (``ctxcore.core.json_text``); it is exactly ``json.dumps(settings.to_dict())``.
- ``written_settings`` reads a document in that layout (every value of its exact JSON type,
  keys absent or present) with exact type tests and makes the records directly.

Each gives up (``None``) on anything else — a record made with a value of another type, a
document with a wrong or unusual value — and the caller then takes the general way, so values
and errors keep coming from one place (``SerializationSettings.to_dict`` and
``ctxcore.core.serialization.decoding``). Property tests hold each fast way to its general way,
value and error, on generated settings and mutated documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from ctxcore.core._records import made
from ctxcore.core.compilation.resources import Resources, ResourceSpecValue
from ctxcore.core.json_text import json_number, quote
from ctxcore.core.serialization.entrypoint import (
    DEFAULT_RUNTIME_PYTHON_INTERPRETER,
    venv_root_from_interpreter,
)
from ctxcore.core.serialization.env import FrozenEnv
from ctxcore.core.serialization.images import Image, ImageConfig

if TYPE_CHECKING:
    from ctxcore.core.serialization.settings import (
        FastSerializationSettings,
        ResourceSpec,
        SerializationSettings,
    )

__all__ = [
    "settings_json",
    "settings_made",
    "written_settings",
]


class _Unusual(Exception):
    """A value outside the layout's usual form: the caller takes the general way."""


# -- writing -------------------------------------------------------------------------------------


def _text(value: object) -> str:
    """A string or null field as ``json.dumps`` writes it."""
    if type(value) is str:
        return quote(value)
    if value is None:
        return "null"
    raise _Unusual


def _flag(value: object) -> str:
    if type(value) is bool:
        return "true" if value else "false"
    raise _Unusual


def _scalar_json(value: object) -> str:
    if type(value) is str:
        return quote(value)
    kind = type(value)
    if kind is int or kind is float:
        return json_number(value)  # NaN and the infinities as json.dumps writes them
    raise _Unusual


def _quantity_json(value: object) -> str:
    """A resource quantity, a ``(request, limit)`` pair or null as ``json.dumps`` writes it."""
    if value is None:
        return "null"
    if type(value) is not tuple:
        return _scalar_json(value)
    pair: tuple[object, ...] = value  # pyright: ignore[reportUnknownVariableType]
    if len(pair) != 2:
        raise _Unusual
    return f"[{_scalar_json(pair[0])}, {_scalar_json(pair[1])}]"


def _image_json(image: object) -> str:
    if type(image) is not Image:
        raise _Unusual
    return (
        f'{{"name": {_text(image.name)}, "fqn": {_text(image.fqn)}, '
        f'"tag": {_text(image.tag)}, "digest": {_text(image.digest)}}}'
    )


def _image_config_json(config: object) -> str:
    if type(config) is not ImageConfig:
        raise _Unusual
    default = config.default_image
    images = config.images
    return "".join(
        (
            '{"default_image": ',
            "null" if default is None else _image_json(default),
            ', "images": ',
            "null"
            if images is None
            else f"[{', '.join([_image_json(image) for image in images])}]",
            "}",
        )
    )


def _env_json(env: object) -> str:
    if env is None:
        return "null"
    if type(env) is not FrozenEnv:
        raise _Unusual
    return f"{{{', '.join([f'{quote(k)}: {quote(v)}' for k, v in env.items()])}}}"


def _resources_json(resources: object) -> str:
    if type(resources) is not Resources:
        raise _Unusual
    return (
        f'{{"cpu": {_quantity_json(resources.cpu)}, "mem": {_quantity_json(resources.mem)}, '
        f'"gpu": {_quantity_json(resources.gpu)}, '
        f'"ephemeral_storage": {_quantity_json(resources.ephemeral_storage)}}}'
    )


def _resource_spec_json(spec: ResourceSpec | None) -> str:
    if spec is None:
        return "null"
    if type(spec) is not _settings.ResourceSpec:
        raise _Unusual
    return (
        f'{{"requests": {_resources_json(spec.requests)}, '
        f'"limits": {_resources_json(spec.limits)}}}'
    )


def _fast_json(fast: FastSerializationSettings | None) -> str:
    if fast is None:
        return "null"
    if type(fast) is not _settings.FastSerializationSettings:
        raise _Unusual
    return (
        f'{{"enabled": {_flag(fast.enabled)}, '
        f'"destination_dir": {_text(fast.destination_dir)}, '
        f'"distribution_location": {_text(fast.distribution_location)}}}'
    )


def settings_json(settings: SerializationSettings) -> str | None:
    """``json.dumps(settings.to_dict())``, written directly; ``None`` for settings holding a
    value of another type than their fields say (or a subclass), which ``json.dumps`` of
    ``to_dict`` then writes."""
    if type(settings) is not _settings.SerializationSettings:
        return None
    try:
        return "".join(
            (
                '{"image_config": ',
                _image_config_json(settings.image_config),
                ', "project": ',
                _text(settings.project),
                ', "domain": ',
                _text(settings.domain),
                ', "version": ',
                _text(settings.version),
                ', "env": ',
                _env_json(settings.env),
                ', "default_resources": ',
                _resource_spec_json(settings.default_resources),
                ', "git_repo": ',
                _text(settings.git_repo),
                ', "python_interpreter": ',
                _text(settings.python_interpreter),
                ', "flytekit_virtualenv_root": ',
                _text(settings.flytekit_virtualenv_root),
                ', "fast_serialization_settings": ',
                _fast_json(settings.fast_serialization_settings),
                ', "source_root": ',
                _text(settings.source_root),
                "}",
            )
        )
    except _Unusual:
        return None


# -- reading -------------------------------------------------------------------------------------


def _object(value: object) -> dict[str, object]:
    if type(value) is dict:
        return value  # pyright: ignore[reportUnknownVariableType]
    raise _Unusual


def _texts(values: tuple[object, ...]) -> TypeGuard[tuple[str | None, ...]]:
    """Each value null or a string: values the general reader takes as they are. One call for
    many: this is the most frequent test."""
    for value in values:  # noqa: SIM110 - a loop, not all() of a generator: faster
        if value is not None and type(value) is not str:
            return False
    return True


def _image(value: object) -> Image:
    get = _object(value).get
    name, fqn = get("name"), get("fqn")
    texts = (get("tag"), get("digest"))
    if type(name) is not str or type(fqn) is not str or not _texts(texts):
        raise _Unusual
    tag, digest = texts
    if tag and digest:  # refused by Image: the general reader names the field
        raise _Unusual
    return Image(name, fqn, tag, digest)


def _image_config(value: object) -> ImageConfig:
    get = _object(value).get
    default = get("default_image")
    images = get("images")
    default_image = None if default is None else _image(default)
    if images is None:
        listed = None
    elif type(images) is list and len(images) <= _decoding.MAX_IMAGES:  # pyright: ignore[reportUnknownArgumentType]
        items: list[object] = images  # pyright: ignore[reportUnknownVariableType]
        # The default image is usually listed too (``create_from``): an equal object is the
        # same image (only strings and nulls are taken, and equal ones are the same value).
        listed = [
            default_image if default_image is not None and item == default else _image(item)
            for item in items
        ]
    else:
        raise _Unusual
    return ImageConfig(default_image, listed)


def _env(value: object) -> FrozenEnv | None:
    if value is None:
        return None
    try:  # FrozenEnv checks every name and value as the general reader does: strings
        return FrozenEnv(_object(value))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    except TypeError:
        raise _Unusual from None


def _is_scalar(value: object) -> bool:
    kind = type(value)
    return kind is str or kind is int or kind is float


def _quantity(value: object) -> ResourceSpecValue | None:
    """A resource quantity, a ``[request, limit]`` pair (as a tuple) or ``None``."""
    if value is None or _is_scalar(value):
        return value  # type: ignore[return-value]  # pyright: ignore[reportReturnType]
    if type(value) is list:
        pair: list[object] = value  # pyright: ignore[reportUnknownVariableType]
        if len(pair) == 2 and _is_scalar(pair[0]) and _is_scalar(pair[1]):
            return (pair[0], pair[1])  # type: ignore[return-value]  # pyright: ignore[reportReturnType]
    raise _Unusual


def _resources(value: object) -> Resources:
    get = _object(value).get
    return Resources(
        _quantity(get("cpu")),
        _quantity(get("mem")),
        _quantity(get("gpu")),
        _quantity(get("ephemeral_storage")),
    )


def _resource_spec(value: object) -> ResourceSpec | None:
    if value is None:
        return None
    get = _object(value).get
    return _settings.ResourceSpec(_resources(get("requests")), _resources(get("limits")))


def _fast(value: object) -> FastSerializationSettings | None:
    if value is None:
        return None
    get = _object(value).get
    enabled = get("enabled", False)
    texts = (get("destination_dir"), get("distribution_location"))
    if type(enabled) is not bool or not _texts(texts):
        raise _Unusual
    destination_dir, distribution_location = texts
    return _settings.FastSerializationSettings(enabled, destination_dir, distribution_location)


def settings_made(
    image_config: ImageConfig,
    project: str | None,
    domain: str | None,
    version: str | None,
    env: FrozenEnv | None,
    resources: ResourceSpec | None,
    git_repo: str | None,
    interpreter: str | None,
    root: str | None,
    fast: FastSerializationSettings | None,
    source_root: str | None,
) -> SerializationSettings:
    """The settings of values a reader has checked, made as their ``__init__`` would make them
    (a null interpreter is the default one, a null virtual-environment root the interpreter's):
    what ``written_settings`` and the msgspec layout (``serialization.wire``) both make."""
    if interpreter is None:
        interpreter = DEFAULT_RUNTIME_PYTHON_INTERPRETER
    return made(
        _settings.SerializationSettings,
        image_config,
        project,
        domain,
        version,
        env,
        resources,
        git_repo,
        interpreter,
        venv_root_from_interpreter(interpreter) if root is None else root,
        fast,
        source_root,
    )


def written_settings(document: object) -> SerializationSettings | None:
    """The settings ``parse_settings_dict`` makes of ``document``, for a document in the layout
    ``to_json`` writes (exact JSON types; keys absent or present; unknown keys ignored);
    ``None`` for any other, which the general reader then reads or refuses, naming the field.

    Why it is the same: it takes only values the general reader takes unchanged (a ``null``
    interpreter or virtual-environment root as it reads them) and makes the records with the
    same constructors, but for the settings themselves, made with the values their
    ``__init__`` would store."""
    try:
        get = _object(document).get
        texts = (
            get("project"),
            get("domain"),
            get("version"),
            get("git_repo"),
            get("python_interpreter"),
            get("flytekit_virtualenv_root"),
            get("source_root"),
        )
        if not _texts(texts):
            return None
        project, domain, version, git_repo, interpreter, root, source_root = texts
        return settings_made(
            _image_config(get("image_config")),
            project,
            domain,
            version,
            _env(get("env")),
            _resource_spec(get("default_resources")),
            git_repo,
            interpreter,
            root,
            _fast(get("fast_serialization_settings")),
            source_root,
        )
    except _Unusual:
        return None


# Bound at the end, as modules: each imports this one (``settings`` through ``decoding``), so it
# may not be done yet when these lines run; their names are looked up when a function runs.
from ctxcore.core.serialization import decoding as _decoding  # noqa: E402
from ctxcore.core.serialization import settings as _settings  # noqa: E402
