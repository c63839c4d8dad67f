"""The settings' fast JSON ways give exactly what their general ways give, value and error.

``to_json`` writes the fixed layout directly (``layout.settings_json``); it must be
``json.dumps(to_dict())`` for any settings, a record holding values of other types included.
``parse_settings_dict`` reads a document in the layout ``to_json`` writes with exact type tests
(``layout.written_settings``) and anything else with the settings converter
(``decoding._structured``); on any document both must make the same settings or refuse with the
same error.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import TypeVar, cast
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Result

from ctxcore.core.compilation.resources import Resources
from ctxcore.core.errors import TransportError
from ctxcore.core.serialization import decoding, layout, wire
from ctxcore.core.serialization.decoding import MAX_IMAGES, parse_settings_dict
from ctxcore.core.serialization.images import Image, ImageConfig
from ctxcore.core.serialization.settings import (
    FastSerializationSettings,
    ResourceSpec,
    SerializationSettings,
)
from ctxcore.testing.strategies.serialization import (
    images,
    reference_sample_settings,
    resource_specs,
    serialization_settings,
)
from tests.fuzz.mutate import JSON_VALUES, edit_document

_R = TypeVar("_R")


class _Text(str):
    """A ``str`` subclass: a value of another type than the fields say."""


_SPECIAL_VALUES: list[object] = [
    None,
    True,
    0,
    1,
    1.5,
    float("nan"),
    float("inf"),
    "",
    "x",
    "\ud800",
    "sha256:abc",
    [],
    [1, "2"],
    [1, 2, 3],
    ["a", None],
    [[1], 2],
    [1, [2]],
    [True, 1],
    {},
    {"k": "v"},
    {"k": 1},
    {"name": "n", "fqn": "f"},
    {"name": "n", "fqn": "f", "tag": "t", "digest": "d"},
    [{"name": "n", "fqn": "f"}],
    [{"name": 1, "fqn": "f"}],
    {"requests": {}, "limits": {}},
    {"requests": {"cpu": [1, 2]}, "limits": {"mem": "1Gi"}},
]
_SPECIAL = st.sampled_from(_SPECIAL_VALUES)

_PATHS = [
    ("image_config",),
    ("image_config", "default_image"),
    ("image_config", "default_image", "name"),
    ("image_config", "default_image", "fqn"),
    ("image_config", "default_image", "tag"),
    ("image_config", "default_image", "digest"),
    ("image_config", "images"),
    ("project",),
    ("domain",),
    ("version",),
    ("env",),
    ("env", "A"),
    ("default_resources",),
    ("default_resources", "requests"),
    ("default_resources", "requests", "cpu"),
    ("default_resources", "requests", "mem"),
    ("default_resources", "limits", "gpu"),
    ("default_resources", "limits", "ephemeral_storage"),
    ("git_repo",),
    ("python_interpreter",),
    ("flytekit_virtualenv_root",),
    ("fast_serialization_settings",),
    ("fast_serialization_settings", "enabled"),
    ("fast_serialization_settings", "destination_dir"),
    ("fast_serialization_settings", "distribution_location"),
    ("source_root",),
]


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    """A document ``to_dict`` wrote, then (mostly) changed: a value set to another one or
    removed, an unknown key added."""
    document = draw(serialization_settings()).to_dict()
    return edit_document(draw, document, _PATHS, _SPECIAL | JSON_VALUES)


def _outcome(make: Callable[[], object]) -> object:
    """What ``make`` returns (as its ``repr``: NaN is not equal to itself), or the type and
    message of the error it raises."""
    try:
        return repr(make())
    except Exception as error:  # whatever either way raises, the other must raise alike
        return (type(error), str(error))


def _settings(result: Result[SerializationSettings, TransportError]) -> SerializationSettings:
    if isinstance(result, Failure):
        raise result.failure()
    return result.unwrap()


def _general(document: object, source: str = "settings dict") -> SerializationSettings:
    """The settings the general reader makes of ``document`` (the settings converter)."""
    mapping = cast("dict[str, object]", document)
    settings = decoding._structured(mapping, source)  # pyright: ignore[reportPrivateUsage]
    if isinstance(settings, TransportError):
        raise settings
    return settings


# -- writing -------------------------------------------------------------------------------------


@given(serialization_settings())
def test_to_json_is_json_dumps_of_to_dict(settings: SerializationSettings) -> None:
    assert layout.settings_json(settings) is not None  # the usual settings are written directly
    assert settings.to_json() == json.dumps(settings.to_dict())


_ODD = st.one_of(
    _SPECIAL,
    JSON_VALUES,
    st.text(max_size=5).map(_Text),
    st.tuples(st.integers(), st.floats()),
    st.tuples(st.integers()),
    st.tuples(st.text(max_size=3), st.tuples(st.integers(), st.integers())),
)
"""Values of other types than a field says: a record does not check what it is given."""


def _with(record: _R, name: str, value: object) -> _R:
    """A copy of ``record`` with ``value`` set as it is (past the converters of ``__init__``)."""
    changed = copy.copy(record)
    object.__setattr__(changed, name, value)
    return changed


@st.composite
def odd_settings(draw: st.DrawFn) -> SerializationSettings:
    """Settings with one value, at any depth, of another type than its field says."""
    settings = draw(serialization_settings(default_resources=st.none() | resource_specs()))
    value = draw(_ODD)
    where = draw(st.sampled_from(["settings", "image", "config", "resources", "fast"]))
    if where == "settings":
        name = draw(st.sampled_from([f.name for f in attrs.fields(SerializationSettings)]))
        return _with(settings, name, value)
    if where == "image":
        image = Image("default", "fqn")
        odd = _with(image, draw(st.sampled_from(["name", "fqn", "tag"])), value)
        config = ImageConfig(odd if draw(st.booleans()) else image, [image])
        return attrs.evolve(settings, image_config=config)
    if where == "config":
        config = _with(ImageConfig(), draw(st.sampled_from(["default_image", "images"])), value)
        return attrs.evolve(settings, image_config=config)
    if where == "resources":
        resources = _with(Resources(), draw(st.sampled_from(["cpu", "mem", "gpu"])), value)
        spec = ResourceSpec(resources, Resources())
        return attrs.evolve(settings, default_resources=spec)
    name = draw(st.sampled_from(["enabled", "destination_dir", "distribution_location"]))
    fast = _with(FastSerializationSettings(), name, value)
    return attrs.evolve(settings, fast_serialization_settings=fast)


@given(odd_settings())
def test_to_json_is_json_dumps_of_to_dict_whatever_the_values(
    settings: SerializationSettings,
) -> None:
    assert _outcome(settings.to_json) == _outcome(lambda: json.dumps(settings.to_dict()))


@pytest.mark.parametrize("layout", [None, wire.decoded], ids=["first reads", "later reads"])
def test_the_usual_settings_are_written_and_read_without_the_converter(
    layout: object,
) -> None:
    """The fast ways are taken: the settings converter is not even built (nor cattrs imported
    for it) to write the usual settings, or to read what they write, by a process's first
    reads (``written_settings``) or its later ones (the msgspec layout)."""
    settings = reference_sample_settings()
    decoding.settings_converter.cache_clear()
    text = settings.to_json()
    with mock.patch.object(decoding, "_layout_reader", return_value=layout):
        assert SerializationSettings.from_json(text) == settings
        assert SerializationSettings.from_transport(settings.serialized_context) == settings
    assert _settings(parse_settings_dict(json.loads(text))) == settings
    assert decoding.settings_converter.cache_info().currsize == 0


def test_a_subclass_is_written_by_json_dumps() -> None:
    @attrs.frozen(init=False)
    class Wider(SerializationSettings):
        extra: int = 1

    wider = Wider(ImageConfig())
    assert layout.settings_json(wider) is None
    assert wider.to_json() == json.dumps(wider.to_dict())


# -- reading -------------------------------------------------------------------------------------


@given(serialization_settings())
def test_what_to_json_writes_is_read_by_the_fast_path(settings: SerializationSettings) -> None:
    document = json.loads(settings.to_json())
    written = layout.written_settings(document)
    assert written is not None
    assert repr(written) == repr(_general(document))
    assert written == settings or written.to_json() == settings.to_json()  # NaN resources


@given(images(), st.lists(images(), max_size=3), st.booleans())
def test_a_listed_default_image_reads_as_the_general_path_reads_it(
    default: Image, others: list[Image], listed: bool
) -> None:
    config = ImageConfig.create_from(default, others)  # the default listed first
    if not listed:  # an equal default image and listed one, made apart
        config = ImageConfig(default, [attrs.evolve(default), *others])
    document = json.loads(SerializationSettings(config).to_json())
    written = layout.written_settings(document)
    assert written is not None
    assert written.image_config == config
    assert repr(written) == repr(_general(document))


def test_a_listed_default_image_is_read_once() -> None:
    written = layout.written_settings(json.loads(reference_sample_settings().to_json()))
    assert written is not None
    assert written.image_config.images is not None
    assert written.image_config.images[0] is written.image_config.default_image


def test_a_null_image_beside_a_null_default_image_is_left_to_the_general_path() -> None:
    document: dict[str, object] = {"image_config": {"default_image": None, "images": [None]}}
    assert layout.written_settings(document) is None
    assert _outcome(lambda: _settings(parse_settings_dict(document))) == _outcome(
        lambda: _general(document)
    )


@given(documents())
def test_the_fast_path_reads_what_the_general_path_reads(document: dict[str, object]) -> None:
    original = copy.deepcopy(document)
    general = _outcome(lambda: _general(document))
    written = layout.written_settings(document)
    if written is not None:
        assert repr(written) == general
    assert _outcome(lambda: _settings(parse_settings_dict(document))) == general
    assert repr(document) == repr(original)  # neither reader changes what it reads


@given(documents())
def test_from_json_reads_what_the_general_path_reads(document: dict[str, object]) -> None:
    text = json.dumps(document)
    general = _outcome(lambda: _general(json.loads(text), "settings JSON"))
    assert _outcome(lambda: SerializationSettings.from_json(text)) == general


def test_a_dict_the_fast_path_leaves_is_read_by_the_general_path() -> None:
    """A value of a subclass (``parse_settings_dict`` takes any mapping, not only JSON's) is
    left by the fast path; the general path reads it."""
    document = reference_sample_settings().to_dict()
    document["project"] = _Text("other")
    assert layout.written_settings(document) is None
    expected = attrs.evolve(reference_sample_settings(), project="other")
    assert _settings(parse_settings_dict(document)) == expected


def test_an_image_list_past_its_bound_is_left_to_the_general_path() -> None:
    document = reference_sample_settings().to_dict()
    image = {"name": "n", "fqn": "f"}
    config = cast("dict[str, object]", document["image_config"])
    config["images"] = [image] * MAX_IMAGES
    assert layout.written_settings(document) is not None
    config["images"] = [image] * (MAX_IMAGES + 1)
    assert layout.written_settings(document) is None
    assert _outcome(lambda: _settings(parse_settings_dict(document))) == _outcome(
        lambda: _general(document)
    )


def test_a_document_without_any_one_optional_key_is_read_by_the_fast_path() -> None:
    """Keys absent are in the layout too: the fast path gives them their defaults (a missing
    ``enabled`` is false), as the general path does."""
    spec = ResourceSpec(Resources(cpu="1", mem=("1Gi", "2Gi")), Resources(gpu=1))
    base = attrs.evolve(reference_sample_settings(), default_resources=spec).to_dict()
    required = {
        ("image_config",),
        ("image_config", "default_image", "name"),
        ("image_config", "default_image", "fqn"),
        ("default_resources", "requests"),
    }
    for path in [path for path in _PATHS if path not in required]:
        document = copy.deepcopy(base)
        target = document
        for part in path[:-1]:
            target = cast("dict[str, object]", target[part])
        target.pop(path[-1], None)
        written = layout.written_settings(document)
        assert written is not None, path
        assert repr(written) == repr(_general(document)), path


def test_every_special_value_at_every_path_reads_as_the_general_path_reads_it() -> None:
    """Each path of a full document set to each special value, or removed, one at a time: the
    cases a few generated documents may miss (a pair of a list and a number, three numbers)."""
    spec = ResourceSpec(Resources(cpu="1", mem=("1Gi", "2Gi")), Resources(gpu=1))
    base = attrs.evolve(reference_sample_settings(), default_resources=spec).to_dict()
    removed = object()
    for path in _PATHS:
        for value in [removed, *_SPECIAL_VALUES]:
            document = copy.deepcopy(base)
            target = document
            for part in path[:-1]:
                target = cast("dict[str, object]", target[part])
            if value is removed:
                target.pop(path[-1], None)
            else:
                target[path[-1]] = copy.deepcopy(value)
            general = _outcome(lambda: _general(document))  # noqa: B023 - called here
            written = layout.written_settings(document)
            assert written is None or repr(written) == general, (path, value)
            assert _outcome(lambda: _settings(parse_settings_dict(document))) == general  # noqa: B023
