"""ConfigFile: YAML and legacy INI parsing, line-aware errors, images, hostile input."""

from __future__ import annotations

import string
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.pipeline import is_successful

from ctxcore.core.config.file import (
    MAX_CONFIG_FILE_CHARS,
    ConfigFile,
    get_specified_images,
    is_yaml_location,
    parse_config_file,
)
from ctxcore.core.errors import ConfigError

YAML = """\
admin:
  # For GRPC endpoints you might want to use dns:///flyte.myexample.com
  endpoint: dns:///flyte.example.com
  authType: Pkce
  insecure: true
images:
  abc: docker.io/abc:latest
  xyz: docker.io/xyz@sha256:26c68657ccce2cb0a31b330cb0be2b5e108d467f641c62e13ab40cbec258c68d
"""
DIGEST = "26c68657ccce2cb0a31b330cb0be2b5e108d467f641c62e13ab40cbec258c68d"

INI = """\
[platform]
url = flyte.example.com
insecure = True

[images]
abc = docker.io/abc:latest
XYZ = docker.io/xyz:1
"""


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("c.yaml", True),
        ("c.yml", True),
        ("abcyaml", True),
        ("config", False),
        ("flytekit.config", False),
        ("c.yaml.bak", False),
    ],
)
def test_format_is_chosen_by_suffix(location: str, expected: bool) -> None:
    assert is_yaml_location(location) is expected


def test_yaml_content_and_lines() -> None:
    f = ConfigFile("/c/config.yaml", YAML)
    assert f.is_yaml
    assert f.legacy_config is None
    assert f.yaml_value(("admin", "authType")) == "Pkce"
    assert f.yaml_value(("admin", "missing")) is not None  # the MISSING sentinel
    assert f.line_of("admin.endpoint") == 3
    assert f.line_of("images.abc") == 7
    assert f.where("admin.insecure") == "/c/config.yaml:5"


def test_ini_content_and_lines() -> None:
    f = ConfigFile("/c/flytekit.config", INI)
    assert not f.is_yaml
    assert f.yaml_config is None
    assert f.ini_value("platform", "url") == "flyte.example.com"
    assert f.ini_value("platform", "nope") is None
    assert f.ini_value("nope", "url") is None
    assert f.line_of("[platform] insecure") == 3
    assert f.line_of("[images] xyz") == 7


def test_ini_default_section_is_merged_with_its_line() -> None:
    f = ConfigFile("c.config", "[DEFAULT]\nproject = p\n[local]\ndomain = d\n")
    assert f.ini_value("local", "project") == "p"
    assert f.line_of("[local] project") == 2


def test_copies_do_not_share_state() -> None:
    f = ConfigFile("c.yaml", YAML)
    content = f.yaml_config
    assert content is not None
    content["admin"] = "mutated"
    assert f.yaml_value(("admin", "authType")) == "Pkce"
    g = ConfigFile("c.config", INI)
    legacy = g.legacy_config
    assert legacy is not None
    legacy["platform"]["url"] = "mutated"
    assert g.ini_value("platform", "url") == "flyte.example.com"


def test_equality_is_location_and_text() -> None:
    assert ConfigFile("c.yaml", YAML) == ConfigFile("c.yaml", YAML)
    assert hash(ConfigFile("c.yaml", YAML)) == hash(ConfigFile("c.yaml", YAML))
    assert ConfigFile("c.yaml", YAML) != ConfigFile("d.yaml", YAML)
    assert YAML not in repr(ConfigFile("c.yaml", YAML))


def test_empty_files() -> None:
    assert not ConfigFile("c.yaml", "").has_yaml_content
    assert ConfigFile("c.yaml", "# only a comment\n").yaml_config is None
    assert ConfigFile("c.config", "").legacy_config == {}


def test_ini_interpolation_like_configparser() -> None:
    f = ConfigFile("c.config", "[platform]\nhost = h\nurl = %(host)s:81\npct = 50%%\n")
    assert f.ini_value("platform", "url") == "h:81"
    assert f.ini_value("platform", "pct") == "50%"


# --- errors name the file and the line -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("admin:\n  endpoint: [\n", 3, "malformed YAML"),
        ("admin:\n  endpoint: a: b\n", 2, "malformed YAML"),
        ("a: 1\nb: *nope\n", 2, "malformed YAML"),
        ("a: !!python/object:os.system x\n", 1, "malformed YAML"),
        ("a: 1\n\x00\n", 2, "malformed YAML"),
        ("- a\n- b\n", 1, "expected a mapping at the top level, found a list"),
        ("just text\n", 1, "found a string"),
        ("---\na: 1\n---\nb: 2\n", 3, "malformed YAML"),
    ],
)
def test_malformed_yaml_names_file_and_line(text: str, line: int, fragment: str) -> None:
    result = parse_config_file("/c/config.yaml", text)
    assert not is_successful(result)
    error = result.failure()
    assert (error.file, error.line) == ("/c/config.yaml", line)
    assert fragment in str(error)
    assert "/c/config.yaml" in str(error)
    assert f"line {line}" in str(error)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("url = x\n", 1, "before any [section]"),
        ("[a]\nx = 1\n[a]\n", 3, "section [a] appears twice"),
        ("[a]\nx = 1\nx = 2\n", 3, "option 'x' appears twice"),
        ("[a]\nx = 1\nthis is not an option\n", 3, "neither"),
        ("[a]\nx = %(nope)s\n", 2, "interpolation"),
        ("[a]\nx = 100%\n", 2, "interpolation"),
        ("[platform]\nurl = x\n\n[internal]\nk = v\n", 4, "internal only"),
    ],
)
def test_malformed_ini_names_file_and_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        ConfigFile("/c/flytekit.config", text)
    assert (info.value.file, info.value.line) == ("/c/flytekit.config", line)
    assert fragment in str(info.value)


def test_ini_errors_do_not_echo_the_line() -> None:
    with pytest.raises(ConfigError) as info:
        ConfigFile("c.config", "[aws]\nsecret_access_key hunter2\n")
    assert "hunter2" not in str(info.value)


def test_wrong_types_on_the_way_to_a_key() -> None:
    f = ConfigFile("/c.yaml", "admin:\n  - endpoint\n")
    with pytest.raises(ConfigError, match="expected a mapping, found a list") as info:
        f.yaml_value(("admin", "endpoint"))
    assert (info.value.line, info.value.key) == (1, "admin")


def test_null_on_the_way_counts_as_missing() -> None:
    f = ConfigFile("/c.yaml", "admin:\n  # endpoint: commented out\nx: 1\n")
    assert f.yaml_value(("admin", "endpoint")) is f.yaml_value(("nope",))


def test_oversized_text_is_refused_unparsed() -> None:
    result = parse_config_file("big.yaml", "a: " + "x" * MAX_CONFIG_FILE_CHARS)
    assert "larger than" in str(result.failure())


def test_deep_nesting_is_a_config_error() -> None:
    result = parse_config_file("deep.yaml", "[" * 100_000 + "]" * 100_000)
    assert result.failure().file == "deep.yaml"


def test_alias_bomb_is_parsed_without_blowing_up() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    f = ConfigFile("bomb.yaml", "\n".join(lines) + "\n")
    assert f.line_of("a11") == 12


def test_recursive_yaml_is_accepted_and_copied() -> None:
    f = ConfigFile("r.yaml", "a: &a\n  b: *a\n")
    assert f.yaml_config is not None


# --- hostile input: always a ConfigError naming the file, never a raw exception --------------


def _must_not_raise_raw(location: str, text: str) -> None:
    result = parse_config_file(location, text)
    if not is_successful(result):
        error = result.failure()
        assert isinstance(error, ConfigError)
        assert error.file == location
        assert location in str(error)


@given(st.text(max_size=400))
def test_garbage_yaml(text: str) -> None:
    _must_not_raise_raw("/g/config.yaml", text)


@given(st.text(max_size=400))
def test_garbage_ini(text: str) -> None:
    _must_not_raise_raw("/g/flytekit.config", text)


_YAMLISH = st.text(alphabet=string.printable + "&*!|>%@`{}[]-?:#'\"\t\u00e9\ufeff", max_size=300)


@given(_YAMLISH)
def test_yamlish_garbage(text: str) -> None:
    _must_not_raise_raw("/g/config.yaml", text)


@given(_YAMLISH)
def test_iniish_garbage(text: str) -> None:
    _must_not_raise_raw("/g/flytekit.config", "[a]\n" + text)


@given(st.integers(min_value=0, max_value=len(YAML)))
def test_truncated_yaml(cut: int) -> None:
    _must_not_raise_raw("/t/config.yaml", YAML[:cut])


@given(st.integers(min_value=0, max_value=len(INI)))
def test_truncated_ini(cut: int) -> None:
    _must_not_raise_raw("/t/flytekit.config", INI[:cut])


@given(st.text(alphabet="[]{}:,-&*!'\" \nab", max_size=200))
def test_wrong_shapes_never_escape_as_raw_errors(text: str) -> None:
    result = parse_config_file("/w/config.yaml", text)
    if is_successful(result):
        f = result.unwrap()
        lookups: list[Callable[[], object]] = [
            lambda: f.yaml_value(("admin", "endpoint")),
            lambda: f.yaml_value(("storage", "connection", "endpoint")),
            lambda: get_specified_images(f),
        ]
        for lookup in lookups:
            _fails_only_with_config_errors(lookup, "/w/config.yaml")


def _fails_only_with_config_errors(lookup: Callable[[], object], location: str) -> None:
    try:
        lookup()
    except ConfigError as error:
        failure: ConfigError | None = error
    else:
        failure = None
    assert failure is None or failure.file == location


# --- images (§2.4 "Images") ------------------------------------------------------------------


def test_images_none_file_is_empty() -> None:
    assert get_specified_images(None) == {}


def test_images_from_ini_lower_cases_option_names() -> None:
    assert get_specified_images(ConfigFile("c.config", INI)) == {
        "abc": "docker.io/abc:latest",
        "xyz": "docker.io/xyz:1",
    }


def test_images_ini_without_section() -> None:
    assert get_specified_images(ConfigFile("c.config", "[platform]\nurl = x\n")) == {}
    assert get_specified_images(ConfigFile("c.config", "")) == {}


def test_images_from_yaml() -> None:
    assert get_specified_images(ConfigFile("c.yaml", YAML)) == {
        "abc": "docker.io/abc:latest",
        "xyz": "docker.io/xyz@sha256:" + DIGEST,
    }


def test_images_yaml_without_key_or_empty() -> None:
    assert get_specified_images(ConfigFile("c.yaml", "admin:\n  endpoint: x\n")) == {}
    assert get_specified_images(ConfigFile("c.yaml", "")) is None
    assert get_specified_images(ConfigFile("c.yaml", "{}\n")) is None


def test_images_yaml_of_the_wrong_shape() -> None:
    with pytest.raises(ConfigError, match="expected a mapping of image names") as info:
        get_specified_images(ConfigFile("/c.yaml", "a: 1\nimages:\n  - x\n"))
    assert info.value.line == 2
    with pytest.raises(ConfigError, match="expected an image name") as again:
        get_specified_images(ConfigFile("/c.yaml", "images:\n  abc:\n    nested: x\n"))
    assert again.value.key == "images.abc"
