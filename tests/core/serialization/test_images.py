"""Images, image configurations and default images (reference §2.6). What reads the process
(``ImageConfig.auto``, the default image from the process) is in ``tests/shell/test_images.py``."""

from __future__ import annotations

import pickle
from typing import cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.ambient import using_ambient
from ctxcore.core.errors import CtxcoreError, ImageError
from ctxcore.core.ports import Ambient
from ctxcore.core.serialization.images import (
    DEFAULT_IMAGE_NAME,
    DefaultImages,
    Image,
    ImageConfig,
    ImageFacts,
    PythonVersion,
    lookup_image,
    parse_image_identifier,
)
from ctxcore.testing import FakeAmbient
from ctxcore.testing.strategies.serialization import image_configs, image_identifiers, images

# -- Image -------------------------------------------------------------------------------------


def test_image_with_tag_and_digest_is_a_value_error_naming_both() -> None:
    with pytest.raises(ValueError, match="Cannot specify both tag and digest") as raised:
        Image(name="x", fqn="repo/x", tag="v1", digest="sha256:abc")
    assert str(raised.value) == (
        "Cannot specify both tag and digest. Got tag=v1 and digest=sha256:abc"
    )
    assert isinstance(raised.value, ImageError)
    assert raised.value.subject == "repo/x:v1@sha256:abc"
    assert issubclass(ImageError, CtxcoreError)


@pytest.mark.parametrize(
    ("tag", "digest", "full", "version"),
    [
        ("v1", None, "repo/x:v1", "v1"),
        (None, "sha256:abc", "repo/x@sha256:abc", "sha256:abc"),
        (None, None, "repo/x", None),
    ],
)
def test_full_and_version(
    tag: str | None, digest: str | None, full: str, version: str | None
) -> None:
    image = Image(name="x", fqn="repo/x", tag=tag, digest=digest)
    assert image.full == full
    assert image.version == version


def test_full_never_renders_none() -> None:
    assert ":None" not in Image(name="x", fqn="repo/x").full


@given(images())
def test_full_parses_back_to_the_same_parts(image: Image) -> None:
    # Only for identifiers that do not contain the separators themselves.
    if any(c in image.fqn + (image.tag or "") + (image.digest or "") for c in "@:/"):
        return
    assert parse_image_identifier(image.full) == (
        image.fqn,
        image.tag or None,
        image.digest or None,
    )


def test_image_is_frozen_and_hashable() -> None:
    image = Image(name="x", fqn="repo/x", tag="v1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        image.tag = "v2"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    assert {image: 1}[Image(name="x", fqn="repo/x", tag="v1")] == 1


# -- Parsing identifiers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "parts"),
    [
        ("docker.io/xyz", ("docker.io/xyz", None, None)),
        ("localhost:5000/xyz", ("localhost:5000/xyz", None, None)),
        ("localhost:5000/xyz:latest", ("localhost:5000/xyz", "latest", None)),
        ("x@y@z", ("x@y", None, "z")),
        ("docker.io/xyz:latest", ("docker.io/xyz", "latest", None)),
        ("docker.io/xyz@sha256:1234", ("docker.io/xyz", None, "sha256:1234")),
        ("localhost:5000/xyz@sha256:1234", ("localhost:5000/xyz", None, "sha256:1234")),
        ("xyz", ("xyz", None, None)),
    ],
)
def test_parse_image_identifier_examples(
    identifier: str, parts: tuple[str, str | None, str | None]
) -> None:
    assert parse_image_identifier(identifier) == parts


@given(image_identifiers())
def test_parse_image_identifier_finds_the_parts(
    case: tuple[str, str, str | None, str | None],
) -> None:
    identifier, fqn, tag, digest = case
    assert parse_image_identifier(identifier) == (fqn, tag, digest)


@given(st.text())
def test_parse_image_identifier_is_total_and_loses_nothing(identifier: str) -> None:
    fqn, tag, digest = parse_image_identifier(identifier)
    assert tag is None or digest is None
    rebuilt = (
        fqn + (f":{tag}" if tag is not None else "") + (f"@{digest}" if digest is not None else "")
    )
    assert rebuilt == identifier


def test_look_up_image_info() -> None:
    image = Image.look_up_image_info("spark", "ghcr.io/org/spark:v3")
    assert image == Image(name="spark", fqn="ghcr.io/org/spark", tag="v3", digest=None)
    by_digest = Image.look_up_image_info("x", "localhost:5000/x@sha256:ff")
    assert by_digest == Image(name="x", fqn="localhost:5000/x", tag=None, digest="sha256:ff")


def test_look_up_image_info_without_tag_is_an_assertion_and_value_error() -> None:
    with pytest.raises(AssertionError) as raised:
        Image.look_up_image_info("x", "localhost:5000/xyz")
    assert (
        str(raised.value) == "Incorrectly formatted image localhost:5000/xyz, missing tag or digest"
    )
    assert type(raised.value) is ImageError
    assert issubclass(ImageError, ValueError)


def test_look_up_image_info_may_allow_a_missing_tag() -> None:
    image = Image.look_up_image_info("x", "localhost:5000/xyz", allow_no_tag_or_digest=True)
    assert image == Image(name="x", fqn="localhost:5000/xyz")
    assert image.full == "localhost:5000/xyz"


def test_lookup_image_returns_results() -> None:
    assert lookup_image("a", "r/a:1").unwrap() == Image("a", "r/a", "1")
    failure = lookup_image("a", "r/a").failure()
    assert (failure.subject, failure.reason) == (
        "r/a",
        "Incorrectly formatted image r/a, missing tag or digest",
    )


def test_image_error_pickles() -> None:
    error = pickle.loads(pickle.dumps(ImageError("r/a", "reason")))
    assert (type(error), error.subject, error.reason, str(error)) == (
        ImageError,
        "r/a",
        "reason",
        "reason",
    )


# -- ImageConfig -------------------------------------------------------------------------------

_DEFAULT = Image(name="default", fqn="ghcr.io/flyteorg/flytekit", tag="py3.11-1.16.31")
_SPARK = Image(name="spark", fqn="ghcr.io/org/spark", tag="v3")
_OTHER_DEFAULT = Image(name="default", fqn="elsewhere/flytekit", tag="x")


def test_find_image_looks_at_the_default_first() -> None:
    config = ImageConfig(default_image=_DEFAULT, images=[_OTHER_DEFAULT, _SPARK])
    assert config.find_image("default") is _DEFAULT
    assert config.find_image("spark") is _SPARK
    assert config.find_image("nope") is None
    assert ImageConfig().find_image("default") is None
    assert ImageConfig(images=[_OTHER_DEFAULT]).find_image("default") == _OTHER_DEFAULT


def test_images_are_stored_as_a_tuple() -> None:
    source = [_SPARK]
    config = ImageConfig(images=source)
    source.append(_DEFAULT)
    assert config.images == (_SPARK,)
    with pytest.raises(ImageError, match=r"images\[0\] should be an Image"):
        ImageConfig(images=["spark"])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    with pytest.raises(ImageError) as raised:
        ImageConfig(images=[_SPARK, 3])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    assert (raised.value.subject, str(raised.value)) == (
        "3",
        "ImageConfig.images[1] should be an Image, not int",
    )


def test_create_from() -> None:
    assert ImageConfig.create_from(_DEFAULT, [_SPARK]) == ImageConfig(_DEFAULT, (_DEFAULT, _SPARK))
    assert ImageConfig.create_from(_DEFAULT) == ImageConfig(_DEFAULT, (_DEFAULT,))
    assert ImageConfig.create_from(None, [_SPARK]) == ImageConfig(None, (_SPARK,))
    assert ImageConfig.create_from(None) == ImageConfig(None, ())


def test_create_from_rejects_a_default_that_is_not_an_image() -> None:
    with pytest.raises(
        ValueError, match="Default image should be of type Image or None not"
    ) as raised:
        ImageConfig.create_from("ghcr.io/x:1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert str(raised.value) == "Default image should be of type Image or None not <class 'str'>"
    assert isinstance(raised.value, ImageError)
    assert raised.value.subject == "'ghcr.io/x:1'"


def test_validate_image() -> None:
    config = ImageConfig.validate_image(
        None, "image", ("spark=ghcr.io/org/spark:v3", "ghcr.io/flyteorg/flytekit:py3.11-1.16.31")
    )
    assert config == ImageConfig(_DEFAULT, (_DEFAULT, _SPARK))
    assert config.images is not None
    assert config.images[0] == config.default_image


def test_validate_image_splits_on_the_first_equals_sign() -> None:
    config = ImageConfig.validate_image(None, "image", ("a=r/x:tag=1",), fallback_default="d:1")
    assert config.find_image("a") == Image("a", "r/x", "tag=1")


def test_validate_image_named_default_counts_as_the_default() -> None:
    config = ImageConfig.validate_image(
        None, "image", ("default=ghcr.io/flyteorg/flytekit:py3.11-1.16.31",)
    )
    assert config.default_image == _DEFAULT


def test_validate_image_rejects_two_defaults() -> None:
    with pytest.raises(ValueError, match="Only one default image can be specified") as raised:
        ImageConfig.validate_image(None, "--image", ("a/b:1", "default=c/d:2"))
    assert str(raised.value) == (
        "Only one default image can be specified. Received multiple "
        f"{Image('default', 'a/b', '1')} & {Image('default', 'c/d', '2')} for --image"
    )
    assert isinstance(raised.value, ImageError)
    assert raised.value.subject == "default=c/d:2"


def test_validate_image_requires_tags() -> None:
    with pytest.raises(AssertionError, match="missing tag or digest"):
        ImageConfig.validate_image(None, "image", ("spark=ghcr.io/org/spark",))


def test_validate_image_without_a_default_uses_the_fallback() -> None:
    config = ImageConfig.validate_image(
        None, "image", ("spark=ghcr.io/org/spark:v3",), fallback_default="r/default:7"
    )
    assert config == ImageConfig(
        Image("default", "r/default", "7"), (Image("default", "r/default", "7"), _SPARK)
    )


def test_validate_image_without_a_default_reads_the_environment() -> None:
    with using_ambient(FakeAmbient(env={"FLYTE_INTERNAL_IMAGE": "registry/internal:abc"})):
        config = ImageConfig.validate_image(None, "image", ())
    assert config.default_image == Image("default", "registry/internal", "abc")


def test_from_images() -> None:
    config = ImageConfig.from_images(
        "ghcr.io/flyteorg/flytekit:py3.11-1.16.31",
        {"spark": "ghcr.io/org/spark:v3", "bare": "r/bare"},
    )
    assert config == ImageConfig(_DEFAULT, (_DEFAULT, _SPARK, Image("bare", "r/bare")))
    assert ImageConfig.from_images("") == ImageConfig(None, ())
    assert ImageConfig.from_images(None, {"spark": "ghcr.io/org/spark:v3"}) == ImageConfig(
        None, (_SPARK,)
    )
    with pytest.raises(AssertionError, match="missing tag or digest"):
        ImageConfig.from_images("r/no-tag")


def test_auto_reads_the_images_of_the_config_file() -> None:
    files = {
        "/found.yaml": "images:\n  spark: r/spark:1\n",
        "/given.ini": "[images]\nbare = r/bare\n",
    }
    spark, bare = Image("spark", "r/spark", "1"), Image("bare", "r/bare")
    with using_ambient(FakeAmbient(files=files, config_file="/found.yaml")):
        default = Image("default", "r/default", "2")
        assert ImageConfig.auto(img_name="r/default:2") == ImageConfig(default, (default, spark))
        assert ImageConfig.auto("/given.ini") == ImageConfig(None, (bare,))


class _Discovery:
    """An ambient that records how a config file is asked for, and finds none."""

    def __init__(self) -> None:
        self.asked: list[tuple[object, object]] = []

    def load_config_file(self, config_file: object, env: object) -> None:
        self.asked.append((config_file, env))

    def image_facts(self, env: dict[str, str] | None) -> ImageFacts:
        return ImageFacts((3, 11), None if env is None else env.get("FLYTE_INTERNAL_IMAGE"))


def test_auto_discovers_the_config_file_in_the_environment_given() -> None:
    spy, env = _Discovery(), {"FLYTE_INTERNAL_IMAGE": "r/internal:7"}
    internal = Image("default", "r/internal", "7")
    with using_ambient(cast("Ambient", spy)):
        assert ImageConfig.auto("/c.ini", "r/d:1", env=env).default_image == Image(
            "default", "r/d", "1"
        )
        assert ImageConfig.auto_default_image("/c.ini", env=env) == ImageConfig(
            internal, (internal,)
        )
    assert spy.asked == [("/c.ini", env), ("/c.ini", env)]


def test_auto_default_image_is_the_default_image_of_the_environment_given() -> None:
    files = {"/found.yaml": "images:\n  spark: r/spark:1\n"}
    spark = Image("spark", "r/spark", "1")
    internal = Image("default", "r/internal", "7")
    with using_ambient(FakeAmbient(files=files, config_file="/found.yaml")):
        config = ImageConfig.auto_default_image(env={"FLYTE_INTERNAL_IMAGE": "r/internal:7"})
        assert config == ImageConfig(internal, (internal, spark))
        assert ImageConfig.auto_default_image("/found.yaml").default_image == Image(
            "default", "cr.flyte.org/flyteorg/flytekit", "py3.11-latest"
        )


@given(image_configs())
def test_image_configs_are_values(config: ImageConfig) -> None:
    assert attrs.evolve(config) == config
    assert hash(attrs.evolve(config)) == hash(config)
    assert pickle.loads(pickle.dumps(config)) == config


@given(image_configs(), st.text(max_size=5))
def test_find_image_agrees_with_a_linear_search(config: ImageConfig, name: str) -> None:
    candidates = ([config.default_image] if config.default_image else []) + list(
        config.images or ()
    )
    expected = next((image for image in candidates if image.name == name), None)
    assert config.find_image(name) == expected


# -- DefaultImages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("python_version", "expected"),
    [
        ((3, 8), "cr.flyte.org/flyteorg/flytekit:py3.8-1.16.31"),
        ((3, 11), "cr.flyte.org/flyteorg/flytekit:py3.11-1.16.31"),
        ((3, 12), "cr.flyte.org/flyteorg/flytekit:py3.12-1.16.31"),
        ((3, 13), "cr.flyte.org/flyteorg/flytekit:py3.13-1.16.31"),
        ((3, 14), "cr.flyte.org/flyteorg/flytekit:py3.14-1.16.31"),
        ("3.13", "cr.flyte.org/flyteorg/flytekit:py3.13-1.16.31"),
    ],
)
def test_find_image_for_supports_every_python_from_3_8(
    python_version: tuple[int, int] | str, expected: str
) -> None:
    assert DefaultImages.find_image_for(python_version, "1.16.31") == expected


def test_find_image_for_removes_every_v_from_the_version() -> None:
    assert (
        DefaultImages.find_image_for((3, 11), "v1.2.3")
        == "cr.flyte.org/flyteorg/flytekit:py3.11-1.2.3"
    )
    assert (
        DefaultImages.find_image_for((3, 11), "vv1.dev-v2")
        == "cr.flyte.org/flyteorg/flytekit:py3.11-1.de-2"
    )


def test_find_image_for_uses_the_sdk_version_suffix() -> None:
    assert DefaultImages.find_image_for((3, 11), sdk_version="1.16.31").endswith("py3.11-1.16.31")
    assert DefaultImages.find_image_for((3, 11), sdk_version="1.17.0.dev3").endswith(
        "py3.11-latest"
    )
    assert DefaultImages.find_image_for((3, 11)).endswith("py3.11-latest")


def test_find_image_for_internal_image_wins() -> None:
    assert DefaultImages.find_image_for((3, 11), "1.0", internal_image="r/mine:1") == "r/mine:1"
    assert DefaultImages.find_image_for((3, 11), "1.0", internal_image="").endswith("py3.11-1.0")


@pytest.mark.parametrize("python_version", [(3, 7), (2, 7), "3", "three.eleven", "3.x"])
def test_find_image_for_rejects_old_or_malformed_versions(
    python_version: tuple[int, int] | str,
) -> None:
    with pytest.raises(ValueError, match="Python"):
        DefaultImages.find_image_for(python_version)


def test_find_image_for_without_a_version_uses_the_ambients_interpreter() -> None:
    with using_ambient(FakeAmbient(python_version=(3, 9))):
        assert DefaultImages.find_image_for(flytekit_version="1.0") == (
            "cr.flyte.org/flyteorg/flytekit:py3.9-1.0"
        )
        # Every other fact given: the interpreter is still asked for.
        assert DefaultImages.find_image_for(flytekit_version="1.0", internal_image="") == (
            "cr.flyte.org/flyteorg/flytekit:py3.9-1.0"
        )
        assert DefaultImages.find_image_for(internal_image="", sdk_version="2.0") == (
            "cr.flyte.org/flyteorg/flytekit:py3.9-2.0"
        )


def test_a_version_string_may_start_with_py() -> None:
    assert DefaultImages.find_image_for("py3.11", "1.0", internal_image="") == (
        "cr.flyte.org/flyteorg/flytekit:py3.11-1.0"
    )


@pytest.mark.parametrize(
    ("python_version", "subject", "reason"),
    [
        ((3, 7), "(3, 7)", "No default image for Python 3.7: the oldest supported is 3.8"),
        ("2.9", "2.9", "No default image for Python 2.9: the oldest supported is 3.8"),
        ("3.x", "3.x", "Python version '3.x' is not '<major>.<minor>'"),
        ("3.11.2", "3.11.2", "Python version '3.11.2' is not '<major>.<minor>'"),
    ],
)
def test_a_version_without_a_default_image_is_named_in_the_error(
    python_version: tuple[int, int] | str, subject: str, reason: str
) -> None:
    with pytest.raises(ImageError) as raised:
        DefaultImages.find_image_for(python_version, "1.0", internal_image="")
    assert (raised.value.subject, str(raised.value)) == (subject, reason)


# -- PythonVersion and what find_image_for reads from the process ---------------------------------

_ALL_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13")


def test_python_version_members_and_values() -> None:
    assert [version.value for version in PythonVersion] == list(_ALL_VERSIONS)
    assert [version.name for version in PythonVersion] == [
        "PYTHON_" + value.replace(".", "_") for value in _ALL_VERSIONS
    ]
    assert (PythonVersion.PYTHON_3_10.major, PythonVersion.PYTHON_3_10.minor) == (3, 10)


@pytest.mark.parametrize("version", list(PythonVersion))
def test_python_version_is_found_by_value_and_by_the_references_tuple(
    version: PythonVersion,
) -> None:
    assert PythonVersion(version.value) is version
    assert PythonVersion((version.major, version.minor)) is version


@pytest.mark.parametrize(
    "value",
    [
        (3, 7),
        (3, 14),
        (2, 7),
        (3,),
        (3, 11, 0),
        (True, 1),
        ("3", "11"),
        ("3", 11),
        (3, "11"),
        "3.14",
        3.11,
        "py3.11",
    ],
)
def test_python_version_refuses_what_it_does_not_list(value: object) -> None:
    with pytest.raises(ValueError, match="is not a valid PythonVersion"):
        PythonVersion(value)


@pytest.mark.parametrize("version", list(PythonVersion))
def test_find_image_for_takes_a_python_version(version: PythonVersion) -> None:
    assert DefaultImages.find_image_for(version, "v0.32.0") == (
        f"cr.flyte.org/flyteorg/flytekit:py{version.value}-0.32.0"
    )
    assert DefaultImages.find_image_for(version) == (
        f"cr.flyte.org/flyteorg/flytekit:py{version.value}-latest"
    )


def test_find_image_for_honours_flyte_internal_image_with_or_without_arguments() -> None:
    internal = {"FLYTE_INTERNAL_IMAGE": "r/internal:7"}
    with using_ambient(FakeAmbient(env=internal)):
        assert DefaultImages.find_image_for() == "r/internal:7"
        assert DefaultImages.find_image_for(PythonVersion.PYTHON_3_9) == "r/internal:7"
        assert DefaultImages.find_image_for(PythonVersion.PYTHON_3_9, "v1") == "r/internal:7"
        # Given, the fact is not asked for: an empty one means no internal image.
        assert DefaultImages.find_image_for((3, 9), "v1", internal_image="").endswith("py3.9-1")
        assert DefaultImages.find_image_for(internal_image="r/mine:1") == "r/mine:1"
    # An injected environment is read instead of the ambient's own.
    assert DefaultImages.find_image_for(env=internal) == "r/internal:7"
    assert DefaultImages.find_image_for(env={"FLYTE_INTERNAL_IMAGE": ""}).endswith("-latest")
    assert DefaultImages.default_image(env=internal) == "r/internal:7"


def test_find_image_for_reads_the_installed_flytekit_version_only_when_needed() -> None:
    with using_ambient(FakeAmbient(python_version=(3, 12), sdk_version="1.16.31")):
        assert DefaultImages.find_image_for() == "cr.flyte.org/flyteorg/flytekit:py3.12-1.16.31"
        assert DefaultImages.find_image_for((3, 10)).endswith("py3.10-1.16.31")
        assert DefaultImages.find_image_for((3, 10), "2.0").endswith("py3.10-2.0")
        assert DefaultImages.find_image_for((3, 10), sdk_version="").endswith("py3.10-latest")


class _Asked:
    """An ambient that counts what the core asks it (and knows nothing else)."""

    def __init__(self) -> None:
        self.asked = 0

    def image_facts(self, env: object) -> ImageFacts:
        self.asked += 1
        return ImageFacts((3, 11), "r/from-ambient:1", "9.9")


def test_find_image_for_with_every_fact_given_does_not_ask_the_ambient() -> None:
    spy = _Asked()
    with using_ambient(cast("Ambient", spy)):
        assert DefaultImages.find_image_for((3, 10), "1.0", internal_image="").endswith(
            "py3.10-1.0"
        )
        assert DefaultImages.find_image_for((3, 10), internal_image="", sdk_version="").endswith(
            "py3.10-latest"
        )
        assert spy.asked == 0
        assert DefaultImages.find_image_for((3, 10), "1.0") == "r/from-ambient:1"
        assert spy.asked == 1


class _PluginImages(DefaultImages):
    """What the reference's plugins write: a table of their own images."""

    _DEFAULT_IMAGE_PREFIXES = {  # noqa: RUF012 (the reference's plugins write a dict)
        PythonVersion.PYTHON_3_9: "cr.flyte.org/flyteorg/flytekit:py3.9-sqlalchemy-",
        PythonVersion.PYTHON_3_10: "cr.flyte.org/flyteorg/flytekit:py3.10-sqlalchemy-",
    }


def test_a_subclass_names_its_own_images_by_its_table() -> None:
    assert _PluginImages.find_image_for(PythonVersion.PYTHON_3_9, "v1.2") == (
        "cr.flyte.org/flyteorg/flytekit:py3.9-sqlalchemy-1.2"
    )
    with using_ambient(FakeAmbient(python_version=(3, 10))):
        assert _PluginImages.find_image_for().endswith("py3.10-sqlalchemy-latest")
        assert _PluginImages.default_image().endswith("py3.10-sqlalchemy-latest")
    with pytest.raises(ImageError, match=r"_PluginImages has no default image for Python 3\.11"):
        _PluginImages.find_image_for((3, 11), "1")
    with pytest.raises(ImageError) as raised:
        _PluginImages.find_image_for((3, 12), "1")
    assert raised.value.subject == "3.12"
    # The base class's table lists every PythonVersion; newer Pythons are named the same way.
    assert DefaultImages.find_image_for((3, 14), "1").endswith("py3.14-1")


@pytest.mark.parametrize(
    ("version", "suffix"),
    [(None, "latest"), ("", "latest"), ("1.2.0.dev4", "latest"), ("1.16.31", "1.16.31")],
)
def test_get_version_suffix(version: str | None, suffix: str) -> None:
    assert DefaultImages.get_version_suffix(version) == suffix


def test_default_image_name_constant() -> None:
    assert DEFAULT_IMAGE_NAME == "default"
