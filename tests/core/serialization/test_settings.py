"""Serialization settings: fields, helpers, builder and JSON (reference §2.7)."""

from __future__ import annotations

import base64
import copy
import gzip
import json
import pickle
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure

from ctxcore.core.compilation.resources import Resources
from ctxcore.core.errors import MAX_REASON_CHARS, MAX_REASONS, TransportError
from ctxcore.core.serialization.decoding import (
    MAX_IMAGES,
    parse_settings_dict,
    parse_settings_json,
)
from ctxcore.core.serialization.entrypoint import (
    DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC,
    DEFAULT_RUNTIME_PYTHON_INTERPRETER,
    EntrypointSettings,
    default_entrypoint_settings,
    venv_root_from_interpreter,
)
from ctxcore.core.serialization.env import FrozenEnv
from ctxcore.core.serialization.images import Image, ImageConfig
from ctxcore.core.serialization.settings import (
    DEFAULT_IN_CONTAINER_SRC_PATH,
    DOMAIN_PLACEHOLDER,
    PROJECT_PLACEHOLDER,
    VERSION_PLACEHOLDER,
    FastSerializationSettings,
    ResourceSpec,
    SerializationSettings,
)
from ctxcore.core.serialization.transport import SERIALIZED_CONTEXT_ENV_VAR
from ctxcore.testing.bombs import wrong_items_json
from ctxcore.testing.strategies.serialization import (
    envs,
    fast_serialization_settings,
    image_configs,
    reference_sample_settings,
    resource_specs,
    serialization_settings,
)

FIXTURES = Path(__file__).parents[2] / "fixtures"
SAMPLE_JSON = (FIXTURES / "serialization_settings.to_json.json").read_text(encoding="utf-8")
SAMPLE_CONTEXT = (FIXTURES / "serialized_context.b64.txt").read_text(encoding="ascii")

_DEFAULT = Image(name="default", fqn="ghcr.io/flyteorg/flytekit", tag="py3.11-1.16.31")


sample_settings = reference_sample_settings


# -- Fields and defaults -----------------------------------------------------------------------


def test_fields_in_the_reference_order() -> None:
    assert [a.name for a in attrs.fields(SerializationSettings)] == [
        "image_config",
        "project",
        "domain",
        "version",
        "env",
        "default_resources",
        "git_repo",
        "python_interpreter",
        "flytekit_virtualenv_root",
        "fast_serialization_settings",
        "source_root",
    ]


def test_defaults() -> None:
    settings = SerializationSettings(ImageConfig())
    assert settings == SerializationSettings(
        image_config=ImageConfig(),
        project=None,
        domain=None,
        version=None,
        env=None,
        default_resources=None,
        git_repo=None,
        python_interpreter="/opt/venv/bin/python3",
        flytekit_virtualenv_root="/opt/venv",
        fast_serialization_settings=None,
        source_root=None,
    )


def test_each_argument_is_kept_in_its_own_field() -> None:
    spec = ResourceSpec(Resources(cpu="1"), Resources(mem="2"))
    fss = FastSerializationSettings(enabled=True)
    settings = SerializationSettings(
        ImageConfig(), "p", "d", "v", {"A": "1"}, spec, "g", "/i/bin/py", "/r", fss, "/s"
    )
    expected = (ImageConfig(), "p", "d", "v", {"A": "1"}, spec, "g", "/i/bin/py", "/r", fss, "/s")
    assert attrs.astuple(settings, recurse=False) == expected


def test_small_records_defaults() -> None:
    assert EntrypointSettings().path is None
    fss = FastSerializationSettings()
    assert (fss.enabled, fss.destination_dir, fss.distribution_location) == (False, None, None)
    spec = ResourceSpec(requests=Resources(cpu="1"), limits=Resources(mem="1Gi"))
    assert (spec.requests.cpu, spec.limits.mem) == ("1", "1Gi")


def test_constants() -> None:
    assert DEFAULT_RUNTIME_PYTHON_INTERPRETER == "/opt/venv/bin/python3"
    assert DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC == "bin/entrypoint.py"
    assert DEFAULT_IN_CONTAINER_SRC_PATH == "/root"
    assert PROJECT_PLACEHOLDER == "{{ registration.project }}"
    assert DOMAIN_PLACEHOLDER == "{{ registration.domain }}"
    assert VERSION_PLACEHOLDER == "{{ registration.version }}"
    assert SERIALIZED_CONTEXT_ENV_VAR == "_F_SS_C"


def test_virtualenv_root_is_derived_from_the_interpreter() -> None:
    settings = SerializationSettings(ImageConfig(), python_interpreter="/usr/local/bin/python")
    assert settings.flytekit_virtualenv_root == "/usr/local"
    given_root = SerializationSettings(
        ImageConfig(), python_interpreter="/usr/bin/python", flytekit_virtualenv_root="/v"
    )
    assert given_root.flytekit_virtualenv_root == "/v"


@pytest.mark.parametrize(
    ("interpreter", "root"),
    [("/opt/venv/bin/python3", "/opt/venv"), ("python", ""), ("/bin/python", "/"), ("", "")],
)
def test_venv_root_from_interpreter(interpreter: str, root: str) -> None:
    assert venv_root_from_interpreter(interpreter) == root
    assert SerializationSettings.venv_root_from_interpreter(interpreter) == root


@pytest.mark.parametrize(
    ("interpreter", "path"),
    [("/opt/venv/bin/python3", "/opt/venv/bin/entrypoint.py"), ("python", "bin/entrypoint.py")],
)
def test_default_entrypoint_settings(interpreter: str, path: str) -> None:
    assert default_entrypoint_settings(interpreter) == EntrypointSettings(path=path)
    assert SerializationSettings.default_entrypoint_settings(interpreter).path == path


def test_entrypoint_settings_ignores_the_virtualenv_root() -> None:
    settings = SerializationSettings(
        ImageConfig(), python_interpreter="/a/b/python", flytekit_virtualenv_root="/elsewhere"
    )
    assert settings.entrypoint_settings == EntrypointSettings(path="/a/bin/entrypoint.py")


def test_for_image() -> None:
    settings = SerializationSettings.for_image(
        "ghcr.io/flyteorg/flytekit:py3.11-1.16.31", "v1", project="p", domain="d"
    )
    assert settings.image_config == ImageConfig(default_image=_DEFAULT, images=None)
    assert (settings.project, settings.domain, settings.version) == ("p", "d", "v1")
    assert settings.python_interpreter == "/opt/venv/bin/python3"
    assert settings.flytekit_virtualenv_root == "/opt/venv"
    other = SerializationSettings.for_image(
        "r/x@sha256:1", "v2", python_interpreter_path="/e/bin/py"
    )
    assert (other.project, other.domain) == ("", "")
    assert (other.python_interpreter, other.flytekit_virtualenv_root) == ("/e/bin/py", "/e")
    with pytest.raises(AssertionError, match="missing tag or digest"):
        SerializationSettings.for_image("r/x", "v1")


@pytest.mark.parametrize(
    ("fss", "expected"),
    [
        (None, False),
        (FastSerializationSettings(), False),
        (FastSerializationSettings(enabled=True), True),
    ],
)
def test_should_fast_serialize(fss: FastSerializationSettings | None, expected: bool) -> None:
    assert (
        SerializationSettings(
            ImageConfig(), fast_serialization_settings=fss
        ).should_fast_serialize()
        is expected
    )


# -- The environment is stored immutably --------------------------------------------------------


def test_env_accepts_a_dict_and_copies_it() -> None:
    env = {"A": "1"}
    settings = SerializationSettings(ImageConfig(), env=env)
    env["B"] = "2"
    assert settings.env == {"A": "1"}
    assert isinstance(settings.env, FrozenEnv)


def test_frozen_env() -> None:
    env = FrozenEnv({"B": "2", "A": "1"})
    assert list(env) == ["B", "A"]
    assert env == {"A": "1", "B": "2"}
    assert env == FrozenEnv([("A", "1"), ("B", "2")])
    assert env != {"A": "1"}
    assert env != ["A"]
    assert hash(env) == hash(FrozenEnv({"A": "1", "B": "2"}))
    assert repr(env) == "FrozenEnv({'B': '2', 'A': '1'})"
    assert env.set("C", "3") == {"A": "1", "B": "2", "C": "3"}
    assert env.set("A", "0")["A"] == "0"
    assert env.discard("A") == {"B": "2"}
    assert env.discard("Z") is env
    assert env == {"A": "1", "B": "2"}
    assert "A" in env
    assert len(env) == 2
    assert env.to_dict() == {"B": "2", "A": "1"}
    assert pickle.loads(pickle.dumps(env)) == env
    assert copy.deepcopy(env) == env
    with pytest.raises(AttributeError, match="immutable"):
        env._items = {}  # pyright: ignore[reportPrivateUsage]
    with pytest.raises(TypeError):
        env["A"] = "x"  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    with pytest.raises(TypeError, match="must be a str"):
        FrozenEnv({"A": 1})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_frozen_envs_hash_apart() -> None:
    # A constant hash would keep the contract but make a set or dict of envs a linear scan.
    assert len({hash(FrozenEnv({"A": str(number)})) for number in range(100)}) == 100


def test_settings_are_frozen_and_hashable() -> None:
    settings = sample_settings()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        settings.project = "x"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    assert {settings: 1}[sample_settings()] == 1


# -- The builder ---------------------------------------------------------------------------------


def test_new_builder_builds_the_same_settings() -> None:
    settings = sample_settings()
    builder = settings.new_builder()
    assert builder.build() == settings
    assert builder.build() is not settings


def test_builder_fields_in_the_reference_order() -> None:
    assert [a.name for a in attrs.fields(SerializationSettings.Builder)] == [
        "project",
        "domain",
        "version",
        "image_config",
        "env",
        "default_resources",
        "git_repo",
        "flytekit_virtualenv_root",
        "python_interpreter",
        "fast_serialization_settings",
        "source_root",
    ]


def test_builder_with_methods_return_new_builders() -> None:
    builder = sample_settings().new_builder()
    fss = FastSerializationSettings(enabled=False)
    spec = ResourceSpec(Resources(cpu=1), Resources(cpu=2))
    changed = (
        builder.with_fast_serialization_settings(fss)
        .with_project("p")
        .with_domain("d")
        .with_version("v")
        .with_image_config(ImageConfig())
        .with_env({"X": "1"})
        .with_default_resources(spec)
        .with_git_repo("git@x")
        .with_flytekit_virtualenv_root("/root-of-venv")
        .with_python_interpreter("/i/bin/python")
        .with_source_root("/src")
    )
    assert builder == sample_settings().new_builder()
    assert changed.build() == SerializationSettings(
        image_config=ImageConfig(),
        project="p",
        domain="d",
        version="v",
        env={"X": "1"},
        default_resources=spec,
        git_repo="git@x",
        python_interpreter="/i/bin/python",
        flytekit_virtualenv_root="/root-of-venv",
        fast_serialization_settings=fss,
        source_root="/src",
    )


def test_builder_without_interpreter_uses_the_default() -> None:
    builder = SerializationSettings.Builder(
        project="p", domain="d", version="v", image_config=ImageConfig()
    )
    built = builder.build()
    assert built.python_interpreter == "/opt/venv/bin/python3"
    assert built.flytekit_virtualenv_root == "/opt/venv"


@given(serialization_settings(), serialization_settings())
def test_builder_transitions_leave_their_inputs_unchanged(
    settings: SerializationSettings, other: SerializationSettings
) -> None:
    before = copy.deepcopy(settings)
    builder = settings.new_builder()
    builder_before = copy.deepcopy(builder)
    rebuilt = (
        builder.with_project(other.project)
        .with_env(other.env)
        .with_image_config(other.image_config)
        .with_fast_serialization_settings(other.fast_serialization_settings)
        .build()
    )
    assert settings == before
    assert builder == builder_before
    assert builder.build() == settings
    assert rebuilt.project == other.project
    assert rebuilt.env == other.env


@given(serialization_settings())
def test_with_serialized_context_leaves_its_input_unchanged(
    settings: SerializationSettings,
) -> None:
    before = copy.deepcopy(settings)
    result = settings.with_serialized_context()
    assert settings == before
    assert result.env is not None
    assert SERIALIZED_CONTEXT_ENV_VAR in result.env
    assert result.with_serialized_context() is result


# -- JSON ----------------------------------------------------------------------------------------


def test_to_json_is_byte_identical_to_the_reference() -> None:
    assert sample_settings().to_json() == SAMPLE_JSON


def test_from_json_reads_the_reference() -> None:
    assert SerializationSettings.from_json(SAMPLE_JSON) == sample_settings()
    assert SerializationSettings.from_json(SAMPLE_JSON.encode()) == sample_settings()


def test_to_dict_is_nested_plain_values_in_field_order() -> None:
    settings = attrs.evolve(
        sample_settings(),
        default_resources=ResourceSpec(Resources(cpu=("1", 2), mem="1Gi"), Resources(gpu=1.5)),
    )
    d = settings.to_dict()
    assert d == {
        "image_config": {
            "default_image": {
                "name": "default",
                "fqn": "ghcr.io/flyteorg/flytekit",
                "tag": "py3.11-1.16.31",
                "digest": None,
            },
            "images": [
                {
                    "name": "default",
                    "fqn": "ghcr.io/flyteorg/flytekit",
                    "tag": "py3.11-1.16.31",
                    "digest": None,
                }
            ],
        },
        "project": "flytesnacks",
        "domain": "development",
        "version": "v1-anchor",
        "env": {f"ENV_KEY_{i}": f"value-{i}" for i in range(5)},
        "default_resources": {
            "requests": {"cpu": ["1", 2], "mem": "1Gi", "gpu": None, "ephemeral_storage": None},
            "limits": {"cpu": None, "mem": None, "gpu": 1.5, "ephemeral_storage": None},
        },
        "git_repo": None,
        "python_interpreter": "/opt/venv/bin/python3",
        "flytekit_virtualenv_root": "/opt/venv",
        "fast_serialization_settings": {
            "enabled": True,
            "destination_dir": "/root",
            "distribution_location": "s3://my-bucket/fast/abc123.tar.gz",
        },
        "source_root": None,
    }
    assert list(d) == [a.name for a in attrs.fields(SerializationSettings)]
    assert type(d["env"]) is dict
    assert SerializationSettings.from_dict(d) == settings


@pytest.mark.parametrize(
    "value",
    [-(2**63), 2**63 - 1, 1e308, -0.0, 5e-324, "", "é\u2028\x00", ("1", 2.5), (0, -1)],
)
def test_resource_values_round_trip(
    value: str | int | float | tuple[str | int | float, str | int | float],
) -> None:
    settings = SerializationSettings(
        ImageConfig(), default_resources=ResourceSpec(Resources(cpu=value), Resources(mem=value))
    )
    decoded = SerializationSettings.from_json(settings.to_json())
    assert decoded == settings
    assert decoded.default_resources is not None
    assert type(decoded.default_resources.requests.cpu) is type(value)


def test_to_json_layout() -> None:
    text = SerializationSettings(ImageConfig(), env={"é": "ü"}).to_json()
    assert text == (
        '{"image_config": {"default_image": null, "images": null}, "project": null, '
        '"domain": null, "version": null, "env": {"\\u00e9": "\\u00fc"}, '
        '"default_resources": null, "git_repo": null, '
        '"python_interpreter": "/opt/venv/bin/python3", "flytekit_virtualenv_root": "/opt/venv", '
        '"fast_serialization_settings": null, "source_root": null}'
    )


def test_from_json_missing_keys_take_defaults() -> None:
    settings = SerializationSettings.from_json('{"image_config": {"default_image": null}}')
    assert settings == SerializationSettings(ImageConfig())
    derived = SerializationSettings.from_json(
        '{"image_config": {}, "python_interpreter": "/x/bin/python", '
        '"flytekit_virtualenv_root": null}'
    )
    assert derived.flytekit_virtualenv_root == "/x"


def test_from_json_ignores_unknown_keys() -> None:
    text = '{"image_config": {"default_image": {"name": "a", "fqn": "b", "new": 1}}, "later": 2}'
    assert SerializationSettings.from_json(text).image_config == ImageConfig(Image("a", "b"))


def test_from_json_null_interpreter_means_the_default() -> None:
    settings = SerializationSettings.from_json('{"image_config": {}, "python_interpreter": null}')
    assert settings.python_interpreter == "/opt/venv/bin/python3"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("{}", "required field missing @ $.image_config"),
        ('{"image_config": []}', "expected an object, got an array @ $.image_config"),
        (
            '{"image_config": {}, "project": 1}',
            "expected a string or null, got an integer @ $.project",
        ),
        (
            '{"image_config": {}, "env": {"A": 1}}',
            "expected a string for 'A', got an integer @ $.env",
        ),
        ('{"image_config": {}, "env": ["A"]}', "expected an object, got an array @ $.env"),
        (
            '{"image_config": {"images": [{"name": "a"}]}}',
            "required field missing @ $.image_config.images[0].fqn",
        ),
        (
            '{"image_config": {"images": {"name": "a"}}}',
            "expected an array, got an object @ $.image_config.images",
        ),
        (
            '{"image_config": {"default_image": '
            '{"name": "a", "fqn": "b", "tag": "t", "digest": "d"}}}',
            "Cannot specify both tag and digest. Got tag=t and digest=d"
            " @ $.image_config.default_image",
        ),
        (
            '{"image_config": {}, "fast_serialization_settings": {"enabled": "yes"}}',
            "expected a boolean, got a string @ $.fast_serialization_settings.enabled",
        ),
        (
            '{"image_config": {}, "default_resources": {"requests": {"cpu": true}, "limits": {}}}',
            "got a boolean @ $.default_resources.requests.cpu",
        ),
        (
            '{"image_config": {}, "default_resources": {"requests": {"mem": [1]}, "limits": {}}}',
            "expected a [request, limit] pair, got 1 items @ $.default_resources.requests.mem",
        ),
        (
            '{"image_config": {}, "default_resources": {"requests": {}}}',
            "required field missing @ $.default_resources.limits",
        ),
        (
            '{"image_config": {}, "python_interpreter": 3}',
            "expected a string, got an integer @ $.python_interpreter",
        ),
    ],
)
def test_from_json_names_the_wrong_field(text: str, where: str) -> None:
    with pytest.raises(TransportError) as raised:
        SerializationSettings.from_json(text)
    assert raised.value.stage == "fields"
    assert where in str(raised.value)
    assert str(raised.value).startswith("settings JSON: wrong fields: ")
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("text", "stage", "message"),
    [
        ("", "json", "bad JSON: Expecting value: line 1 column 1 (char 0)"),
        ("[1, 2]", "json", "bad JSON: expected an object, got an array"),
        ('"x"', "json", "bad JSON: expected an object, got a string"),
        ("{", "json", "bad JSON: Expecting property name enclosed in double quotes"),
        ("[" * 100_000, "json", "bad JSON: maximum recursion depth exceeded"),
        ("1" * 10_000, "json", "bad JSON: Exceeds the limit (4300 digits)"),
        (b"\xff{}", "utf-8", "not UTF-8 text: 'utf-8' codec can't decode byte 0xff in position 0"),
        (b"[1]", "json", "bad JSON: expected an object, got an array"),
        ("{" + " " * (1 << 20) + "}", "size", "too large: more than 1048576 characters"),
        (b" " * ((1 << 20) + 1), "size", "too large: more than 1048576 bytes"),
        (3, "input", "not a serialized context: expected str or bytes, got int"),
    ],
)
def test_from_json_rejects_what_is_not_a_settings_object(
    text: object, stage: str, message: str
) -> None:
    error = parse_settings_json(text).failure()  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert (error.source, error.stage) == ("settings JSON", stage)
    assert str(error).startswith(f"settings JSON: {message}")
    with pytest.raises(TransportError):
        SerializationSettings.from_json(text)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_the_size_bound_admits_exactly_max_size_bytes_or_characters() -> None:
    for text in (SAMPLE_JSON, SAMPLE_JSON.encode()):
        assert parse_settings_json(text, max_size=len(text)).unwrap() == sample_settings()
        error = parse_settings_json(text, max_size=len(text) - 1).failure()
        assert error.stage == "size"


def test_errors_name_the_source_they_are_given() -> None:
    for text in ("[]", b"\xff", "{", 3, " " * 10, b" " * 10, "{}"):
        error = parse_settings_json(text, source="x.json", max_size=8).failure()  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert error.source == "x.json"
        assert str(error).startswith("x.json: ")
    assert parse_settings_dict([], source="d").failure().source == "d"  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# --- the error path is bounded too (issue 11) ------------------------------------------------


def test_an_image_list_past_its_bound_is_refused_by_its_length() -> None:
    result = parse_settings_json(wrong_items_json(MAX_IMAGES + 1))
    assert result.failure().reason == (
        f"expected at most {MAX_IMAGES} images, got {MAX_IMAGES + 1} items @ $.image_config.images"
    )


def test_many_wrong_fields_give_the_first_reasons_and_a_count() -> None:
    wrong = {"name": 1, "fqn": 2, "tag": 3, "digest": 4}
    document = {"image_config": {"images": [wrong] * MAX_IMAGES}}
    error = parse_settings_json(json.dumps(document)).failure()
    reasons = error.reason.split("; ")
    assert len(reasons) == MAX_REASONS
    assert reasons[0] == "expected a string, got an integer @ $.image_config.images[0].name"
    assert reasons[-1].endswith(f"@ $.image_config.images[1].name (and {4 * MAX_IMAGES - 5} more)")
    assert len(str(error)) < 1024


def test_wrong_fields_never_show_a_long_value_whole() -> None:
    long = "x" * 100_000
    image = {"name": "a", "fqn": long, "tag": long, "digest": long}
    document = {"image_config": {"images": [image]}, "env": {long: 1}}
    error = parse_settings_dict(document).failure()
    assert len(str(error)) < 2 * MAX_REASON_CHARS
    assert len(repr(error)) < 2 * MAX_REASON_CHARS + 100
    assert "@ $.image_config.images[0]; " in str(error)
    assert str(error).endswith("..., got an integer @ $.env")


def test_from_dict_names_the_field_of_a_name_that_is_not_a_string() -> None:
    # Only a dict, not JSON, can hold one: FrozenEnv refuses it, and the reason says the type.
    error = parse_settings_dict({"image_config": {}, "env": {1: "a"}}).failure()
    assert error.reason == (
        "invalid value for type, expected ctxcore.core.serialization.env.FrozenEnv | None @ $.env"
    )


@pytest.mark.parametrize(
    ("value", "what"), [([1], "an array"), ((1,), "tuple"), ("{}", "a string"), (None, "null")]
)
def test_from_dict_rejects_a_non_mapping(value: object, what: str) -> None:
    error = parse_settings_dict(value).failure()  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert str(error) == f"settings dict: bad JSON: expected an object, got {what}"


def test_from_json_size_limit_is_configurable() -> None:
    assert (
        SerializationSettings.from_json(SAMPLE_JSON, max_size=len(SAMPLE_JSON)) == sample_settings()
    )
    with pytest.raises(TransportError, match="more than 100 characters"):
        SerializationSettings.from_json(SAMPLE_JSON, max_size=100)


@given(serialization_settings())
def test_json_round_trip(settings: SerializationSettings) -> None:
    text = settings.to_json()
    assert SerializationSettings.from_json(text) == settings
    assert SerializationSettings.from_dict(settings.to_dict()) == settings
    assert json.loads(text) == settings.to_dict()


@given(serialization_settings())
def test_json_keys_follow_the_field_order(settings: SerializationSettings) -> None:
    d = json.loads(settings.to_json())
    assert list(d) == [a.name for a in attrs.fields(SerializationSettings)]
    assert list(d["image_config"]) == ["default_image", "images"]
    if settings.env is not None:
        assert list(d["env"]) == list(settings.env)


@given(serialization_settings())
def test_json_prefixes_are_refused_cleanly(settings: SerializationSettings) -> None:
    text = settings.to_json()
    for end in range(len(text)):
        assert parse_settings_json(text[:end]).failure().stage == "json"


@given(st.text() | st.binary())
def test_from_json_is_total_on_garbage(junk: str | bytes) -> None:
    result = parse_settings_json(junk)
    if isinstance(result, Failure):
        assert result.failure().stage in {"json", "utf-8", "fields"}


def _json_values() -> st.SearchStrategy[object]:
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=20,
    )


_KEYS = [a.name for a in attrs.fields(SerializationSettings)]


@given(
    st.dictionaries(st.sampled_from(_KEYS), _json_values(), max_size=6),
    image_configs(),
)
def test_from_dict_is_total_on_json_shaped_garbage(
    fields: dict[str, object], config: ImageConfig
) -> None:
    candidate: dict[str, object] = {"image_config": attrs.asdict(config), **fields}
    result = parse_settings_dict(candidate)
    if isinstance(result, Failure):
        assert result.failure().stage == "fields"
        assert "@ $" in result.failure().reason
    else:
        assert SerializationSettings.from_dict(result.unwrap().to_dict()) == result.unwrap()


# -- Strategies compose ----------------------------------------------------------------------------


@given(
    serialization_settings(
        project=st.just("flytesnacks"),
        env=envs(max_size=2),
        default_resources=resource_specs(),
        fast_serialization_settings=fast_serialization_settings(enabled=st.just(True)),
        flytekit_virtualenv_root=st.none(),
        python_interpreter=st.just("/x/bin/python"),
    )
)
def test_pinned_strategies(settings: SerializationSettings) -> None:
    assert settings.project == "flytesnacks"
    assert settings.env is not None
    assert len(settings.env) <= 2
    assert settings.default_resources is not None
    assert settings.should_fast_serialize()
    assert settings.flytekit_virtualenv_root == "/x"


# -- The serialized context as the reference writes it -------------------------------------------


def test_serialized_context_is_byte_identical_to_the_reference() -> None:
    context = sample_settings().serialized_context
    assert context == SAMPLE_CONTEXT
    assert context.startswith("H4sIAAAAAAAC/")


_SHARED_SAMPLES = Path(__file__).parents[4] / "shared" / "samples"


@pytest.mark.skipif(not _SHARED_SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_fixtures_are_the_shared_samples() -> None:
    for name in ("serialization_settings.to_json.json", "serialized_context.b64.txt"):
        assert (FIXTURES / name).read_bytes() == (_SHARED_SAMPLES / name).read_bytes()


def test_from_transport_reads_the_reference() -> None:
    assert SerializationSettings.from_transport(SAMPLE_CONTEXT) == sample_settings()


def test_with_serialized_context_adds_the_variable() -> None:
    settings = sample_settings()
    with_context = settings.with_serialized_context()
    assert settings.env is not None
    assert SERIALIZED_CONTEXT_ENV_VAR not in settings.env
    assert with_context.env is not None
    assert with_context.env[SERIALIZED_CONTEXT_ENV_VAR] == SAMPLE_CONTEXT
    assert list(with_context.env)[-1] == SERIALIZED_CONTEXT_ENV_VAR
    assert with_context.with_serialized_context() is with_context
    assert with_context.serialized_context == SAMPLE_CONTEXT
    # The encoded JSON has the environment as it was before the variable was added.
    decoded = SerializationSettings.from_transport(SAMPLE_CONTEXT)
    assert decoded.env == settings.env


def test_with_serialized_context_without_env_encodes_null() -> None:
    settings = SerializationSettings(ImageConfig(), project="p")
    with_context = settings.with_serialized_context()
    assert with_context.env is not None
    assert set(with_context.env) == {SERIALIZED_CONTEXT_ENV_VAR}
    inner = gzip.decompress(base64.b64decode(with_context.env[SERIALIZED_CONTEXT_ENV_VAR]))
    assert json.loads(inner)["env"] is None
    assert with_context.with_serialized_context() is with_context
    assert with_context.serialized_context == settings.serialized_context


def test_a_stale_cached_context_is_not_reused() -> None:
    with_context = sample_settings().with_serialized_context()
    changed = attrs.evolve(with_context, project="other-project")
    assert changed.serialized_context != SAMPLE_CONTEXT
    assert (
        SerializationSettings.from_transport(changed.serialized_context).project == "other-project"
    )
    refreshed = changed.with_serialized_context()
    assert refreshed is not changed
    assert refreshed.env is not None
    assert refreshed.env[SERIALIZED_CONTEXT_ENV_VAR] == changed.serialized_context
    assert SerializationSettings.from_transport(refreshed.env[SERIALIZED_CONTEXT_ENV_VAR]) == (
        attrs.evolve(sample_settings(), project="other-project")
    )


def test_a_cached_context_of_another_environment_is_not_reused() -> None:
    with_context = SerializationSettings(ImageConfig(), env={"A": "1"}).with_serialized_context()
    assert with_context.env is not None
    changed = attrs.evolve(with_context, env=with_context.env.set("A", "2"))
    assert changed.serialized_context != with_context.serialized_context
    assert SerializationSettings.from_transport(changed.serialized_context).env == {"A": "2"}
    refreshed = changed.with_serialized_context()
    assert refreshed is not changed
    assert refreshed.env is not None
    assert SerializationSettings.from_transport(refreshed.env[SERIALIZED_CONTEXT_ENV_VAR]).env == {
        "A": "2"
    }


def test_from_transport_size_limit_is_configurable() -> None:
    inflated = len(sample_settings().to_json())
    assert SerializationSettings.from_transport(SAMPLE_CONTEXT, max_size=inflated) == (
        sample_settings()
    )
    with pytest.raises(TransportError, match=f"inflates to more than {inflated - 1} bytes"):
        SerializationSettings.from_transport(SAMPLE_CONTEXT, max_size=inflated - 1)


def test_a_garbage_cached_context_is_replaced() -> None:
    settings = attrs.evolve(sample_settings(), env={SERIALIZED_CONTEXT_ENV_VAR: "garbage"})
    assert (
        settings.serialized_context
        == SerializationSettings.from_transport(settings.serialized_context).serialized_context
    )
    refreshed = settings.with_serialized_context()
    assert refreshed.env is not None
    assert SerializationSettings.from_transport(refreshed.env[SERIALIZED_CONTEXT_ENV_VAR]).env == {}


@given(serialization_settings())
def test_serialized_context_round_trip(settings: SerializationSettings) -> None:
    assert SerializationSettings.from_transport(settings.serialized_context) == settings
    carried = settings.with_serialized_context()
    assert carried.env is not None
    decoded = SerializationSettings.from_transport(carried.env[SERIALIZED_CONTEXT_ENV_VAR])
    assert decoded == settings


@given(serialization_settings())
def test_serialized_context_is_what_python_gzip_reads(settings: SerializationSettings) -> None:
    raw = base64.b64decode(settings.serialized_context)
    assert raw[:10] == bytes.fromhex("1f8b08000000000002ff")
    assert gzip.decompress(raw).decode("utf-8") == settings.to_json()
