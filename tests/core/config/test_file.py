"""ConfigFile: YAML and legacy INI parsing, line-aware errors, images, hostile input."""

from __future__ import annotations

import configparser
import pickle
import string
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.pipeline import is_successful

from ctxcore import using_ambient
from ctxcore.core.config.file import (
    _UNCOUNTED_CHARS,  # pyright: ignore[reportPrivateUsage]
    MAX_CONFIG_FILE_CHARS,
    MAX_YAML_NODES,
    MISSING,
    ConfigFile,
    get_specified_images,
    is_yaml_location,
    parse_config_file,
)
from ctxcore.core.config.ini import MAX_INI_LINES, MAX_INTERPOLATION_DEPTH
from ctxcore.core.errors import ConfigError, IniFileError, IniInternalSectionError, IniParsingError
from ctxcore.testing import FakeAmbient
from ctxcore.testing.bombs import ini_defaults_bomb, ini_interpolation_bomb, yaml_alias_bomb

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


def test_a_default_option_has_its_line_in_a_section_named_with_spaces() -> None:
    f = ConfigFile("c.config", "[DEFAULT]\nproject = p\n[my local]\ndomain = d\n")
    assert f.line_of("[my local] project") == 2


def test_an_ini_file_has_no_yaml_value() -> None:
    assert ConfigFile("c.config", INI).yaml_value(("platform", "url")) is MISSING


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
    assert ConfigFile("c.yaml", "--- null\n").yaml_config is None  # a null document: empty
    assert ConfigFile("c.config", "").legacy_config == {}


_INTERPOLATION = """\
[DEFAULT]
scheme = https
host = %(name)s.example.com
[platform]
name = flyte
url = %(scheme)s://%(HOST)s:%(port)s
port = 81
literal = 100%%
"""


def test_ini_interpolation_like_configparser() -> None:
    f = ConfigFile("c.config", "[platform]\nhost = h\nurl = %(host)s:81\npct = 50%%\n")
    assert f.ini_value("platform", "url") == "h:81"
    assert f.ini_value("platform", "pct") == "50%"
    parser = configparser.ConfigParser()
    parser.read_string(_INTERPOLATION)
    f = ConfigFile("c.config", _INTERPOLATION)
    assert f.ini_section("platform") == dict(parser.items("platform"))
    assert f.legacy_config == {"platform": dict(parser.items("platform"))}
    assert f.ini_value("platform", "url") == "https://flyte.example.com:81"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("%(nope)s", "refers to option 'nope', which is not set"),
        ("100%", "must be followed by '%' or '('"),
        ("%(unclosed", "that is not a '%(name)s' reference"),
    ],
)
def test_a_bad_interpolation_is_an_error_where_it_is_read(value: str, fragment: str) -> None:
    f = ConfigFile("/c/flytekit.config", f"[a]\nok = 1\nx = {value}\n[images]\ny = 2\n")
    assert f.ini_value("a", "ok") == "1"
    assert get_specified_images(f) == {"y": "2"}
    with pytest.raises(ConfigError) as info:
        f.ini_value("a", "x")
    assert (info.value.file, info.value.line, info.value.key) == ("/c/flytekit.config", 3, "[a] x")
    assert fragment in str(info.value)
    with pytest.raises(ConfigError, match="option x"):
        _ = f.legacy_config


@pytest.mark.parametrize(
    "text",
    [
        "[" + "s" * 5000 + "]\n" + "o" * 5000 + " = %(nope)s\n",
        "[" + "s" * 5000 + "]\n[" + "s" * 5000 + "]\n",
        "[a]\n" + "o" * 5000 + " = 1\n" + "o" * 5000 + " = 2\n",
    ],
)
def test_long_section_and_option_names_are_cut_in_errors(text: str) -> None:
    with pytest.raises(ConfigError) as info:
        _ = ConfigFile("c.config", text).legacy_config
    assert len(str(info.value)) < 400


def test_ini_interpolation_depth_is_configparser_s() -> None:
    chain = [f"v{i} = %(v{i + 1})s" for i in range(MAX_INTERPOLATION_DEPTH)]
    text = "[a]\n" + "\n".join(chain) + f"\nv{MAX_INTERPOLATION_DEPTH} = end\nw = %(v0)s\n"
    f = ConfigFile("c.config", text)
    assert f.ini_value("a", "v0") == "end"
    with pytest.raises(ConfigError, match=f"nest more than {MAX_INTERPOLATION_DEPTH} deep"):
        f.ini_value("a", "w")


@pytest.mark.parametrize(("levels", "base"), [(5, 100), (6, 0)])
def test_ini_interpolation_is_bounded_in_what_a_read_produces(levels: int, base: int) -> None:
    f = ConfigFile("/c/flytekit.config", ini_interpolation_bomb(levels, 10, base))
    with pytest.raises(ConfigError, match="more than") as info:
        f.ini_value("platform", "url")
    assert (info.value.line, info.value.key) == (levels + 4, "[platform] url")
    assert len(str(info.value)) < 300


def test_ini_sections_do_not_copy_the_defaults() -> None:
    f = ConfigFile("c.config", ini_defaults_bomb(sections=2000, defaults=2000))
    assert f.ini_value("s1999", "d1999") == ""
    assert f.ini_section("s7") == {f"d{index}": "" for index in range(2000)}
    with pytest.raises(ConfigError, match="more than"):
        _ = f.legacy_config  # four million entries: more than one read may produce


def test_an_ini_file_of_too_many_lines_is_refused() -> None:
    error = parse_config_file("/c/flytekit.config", "[a]\n" * (MAX_INI_LINES + 1)).failure()
    assert (error.file, error.line) == ("/c/flytekit.config", MAX_INI_LINES + 1)
    assert f"more than {MAX_INI_LINES} lines" in str(error)
    fits = "[a]\n" + "".join(f"o{index} = {index}\n" for index in range(MAX_INI_LINES - 1))
    assert ConfigFile("c.config", fits).ini_value("a", "o9998") == "9998"


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
        ("[platform]\nurl = x\n\n[internal]\nk = v\n", 4, "internal only"),
    ],
)
def test_malformed_ini_names_file_and_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        ConfigFile("/c/flytekit.config", text)
    assert (info.value.file, info.value.line) == ("/c/flytekit.config", line)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("\x00: 1\n", 1),
        ("\n\x00\n", 2),
        ("a: 1\nb: 2\n\x01\n", 3),
        ("é" * 10 + "\x01\n\n\x01\n", 1),  # libyaml's position counts bytes: 21, line 3
    ],
)
def test_a_refused_character_is_reported_on_its_own_line(text: str, line: int) -> None:
    error = parse_config_file("/c/config.yaml", text).failure()
    assert (error.file, error.line) == ("/c/config.yaml", line)
    assert "control characters are not allowed character" in error.reason


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


def test_an_alias_bomb_is_refused_naming_the_file_and_the_line() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    error = parse_config_file("bomb.yaml", "\n".join(lines) + "\n").failure()
    assert (error.file, error.line) == ("bomb.yaml", 4)  # a3 repeats 10,000 strings
    assert f"more than {MAX_YAML_NODES} nodes" in str(error)
    within = "base: &b {endpoint: e, insecure: true}\nadmin: *b\nother: *b\n"
    f = ConfigFile("c.yaml", within)  # aliases within the bound are expanded as usual
    assert f.yaml_value(("admin", "endpoint")) == "e"
    assert f.yaml_value(("other", "insecure")) is True


def test_short_documents_without_aliases_stay_within_the_bound() -> None:
    # the densest text found (``?`` makes a mapping, a null key and a null value), just short
    # enough not to be counted, and just long enough to be
    for text in ("?\n" * (_UNCOUNTED_CHARS // 2), "?\n" * (_UNCOUNTED_CHARS // 2 + 1)):
        assert is_successful(parse_config_file("q.yaml", text))
    assert not is_successful(parse_config_file("q.yaml", "?\n" * MAX_YAML_NODES))


def test_billion_laughs_is_refused_before_it_is_built() -> None:
    error = parse_config_file("laughs.yaml", yaml_alias_bomb()).failure()
    assert error.line == 5
    assert len(str(error)) < 200


def _items(count: int) -> str:
    """A document of five nodes (two mappings, two keys, a list) and ``count`` list items."""
    return "admin:\n  endpoint: [" + ", ".join(["1"] * count) + "]\n"


def test_a_document_of_too_many_nodes_is_refused() -> None:
    error = parse_config_file("/c/config.yaml", _items(MAX_YAML_NODES - 4)).failure()
    assert (error.file, error.line) == ("/c/config.yaml", 2)
    assert is_successful(parse_config_file("/c/config.yaml", _items(MAX_YAML_NODES - 5)))


def _scalar_aliases(nodes: int) -> str:
    """``nodes`` nodes (at least 5): an anchored scalar, then aliases of it (one node each)."""
    return "a: &s x\nb:\n" + "- *s\n" * (nodes - 5)


def _list_aliases(nodes: int) -> str:
    """``nodes`` nodes (at least 10): a list of five anchored (six nodes), then aliases of it
    (six nodes each) and plain items."""
    aliases, items = divmod(nodes - 10, 6)
    return "a: &l [1, 1, 1, 1, 1]\nb:\n" + "- *l\n" * aliases + "- 1\n" * items


def _nested_aliases(nodes: int) -> str:
    """``nodes`` nodes (at least 15): an anchored list of three nodes inside an anchored list of
    five, an alias of the outer one, then aliases of the inner one and plain items."""
    aliases, items = divmod(nodes - 15, 3)
    return "a: &o [&i [1, 1], 1]\nb: *o\nc:\n" + "- *i\n" * aliases + "- 1\n" * items


def _open_aliases(nodes: int) -> str:
    """``nodes`` nodes (at least 3): a list whose items alias the list itself, still open (one
    node each)."""
    return "a: &a\n" + "- *a\n" * (nodes - 3)


@pytest.mark.parametrize(
    "document", [_scalar_aliases, _list_aliases, _nested_aliases, _open_aliases]
)
@pytest.mark.parametrize("nodes", [MAX_YAML_NODES - 1, MAX_YAML_NODES, MAX_YAML_NODES + 1])
def test_an_alias_counts_the_nodes_it_repeats_up_to_the_bound(
    document: Callable[[int], str], nodes: int
) -> None:
    text = document(nodes)
    result = parse_config_file("/c/config.yaml", text)
    if nodes <= MAX_YAML_NODES:
        assert is_successful(result)
        return
    error = result.failure()
    assert error.reason.startswith(f"the document has more than {MAX_YAML_NODES} nodes")
    assert (error.file, error.line) == ("/c/config.yaml", text.count("\n"))  # the last node


def test_an_anchor_given_again_is_refused_as_such_not_counted_as_its_first_node() -> None:
    text = "a: &x [" + "1, " * 5000 + "]\nb: &x s\nc: [*x, *x]\n"  # *x: one node, not 5001
    error = parse_config_file("/d.yaml", text).failure()
    assert (error.reason, error.line) == (
        "malformed YAML: found duplicate anchor; first occurrence on line 1, second occurrence",
        2,
    )


@pytest.mark.parametrize("tag", ["!", "!!python/name:", "!!"])
def test_a_long_tag_is_cut_in_the_error(tag: str) -> None:
    error = parse_config_file("/c/config.yaml", f"a: {tag}{'x' * 100_000} v\n").failure()
    assert (error.file, error.line) == ("/c/config.yaml", 1)
    assert len(str(error)) < 1000


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: " + "1" * 5000 + "\n", 2),
        ("a: 2001-13-45\n", 1),
        ("a: 1\nb: !!timestamp 2001-02-30\n", 2),
        ("a: !!int abc\n", 1),
        ("a: !!float abc\n", 1),
        ("a: !!bool maybe\n", 1),
        ("a: !!timestamp xyz\n", 1),
        ("a: 1\nb: !!int ''\n", 2),
        ("a: !!float ''\n", 1),
        ("a: !!int\n", 1),
        ("a:\n  b: [!!float '']\n", 2),
    ],
)
def test_yaml_values_python_cannot_make_are_config_errors(text: str, line: int) -> None:
    error = parse_config_file("/c/config.yaml", text).failure()
    assert isinstance(error, ConfigError)
    assert (error.file, error.line) == ("/c/config.yaml", line)
    assert "cannot be read" in str(error)
    assert "abc" not in str(error)


def test_merges_nested_deeper_than_python_recurses_are_a_config_error() -> None:
    # libyaml nests up to 1000 levels; PyYAML flattens merge keys one frame a level, which
    # passes Python's default recursion limit (set here: hypothesis may have left it raised)
    text = "".join(" " * level + "<<:\n" for level in range(998)) + " " * 998 + "a: 1\n"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        error = parse_config_file("/m.yaml", text).failure()
    finally:
        sys.setrecursionlimit(limit)
    assert (error.reason, error.file, error.line) == (
        "malformed YAML: nested too deeply",
        "/m.yaml",
        None,
    )


@pytest.mark.parametrize(
    ("text", "surrogate", "line"),
    [
        ("a: \ud800\n", "\ud800", 1),
        ("a: 1\nb: &x x\udfff\nc: *x\n", "\udfff", 2),
        ("\na: \ud800\n", "\ud800", 2),
    ],
)
def test_a_lone_surrogate_is_a_config_error_on_its_line(
    text: str, surrogate: str, line: int
) -> None:
    error = parse_config_file("/s.yaml", text).failure()  # libyaml reads UTF-8: no surrogates
    assert (error.reason, error.file, error.line) == (
        f"malformed YAML: {surrogate!r} is a lone surrogate, not text",
        "/s.yaml",
        line,
    )


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


# --- INI errors are also the configparser errors the reference raised ------------------------


def _configparser_error(text: str, option: str | None) -> type[configparser.Error]:
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text)
        if option is not None:
            parser.get("a", option)
    except configparser.Error as error:
        return type(error)
    raise AssertionError("configparser read it")  # pragma: no cover


def _read(text: str, option: str | None) -> None:
    f = ConfigFile("/c/flytekit.config", text)
    if option is not None:
        f.ini_value("a", option)


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("url = x\n", None),
        ("[a]\nx = 1\n[a]\n", None),
        ("[a]\nx = 1\nx = 2\n", None),
        ("[a]\nx = 1\nthis is not an option\n", None),
        ("[a]\nx = %(nope)s\n", "x"),
        ("[a]\nx = 100%\n", "x"),
        ("[a]\nx = %(unclosed\n", "x"),
        ("[a]\nx = %(y)s\ny = %(x)s\n", "x"),
    ],
)
def test_an_ini_error_is_the_configparser_error_of_the_reference(
    text: str, option: str | None
) -> None:
    expected = _configparser_error(text, option)
    with pytest.raises(ConfigError) as info:
        _read(text, option)
    assert issubclass(type(info.value), expected)
    assert isinstance(info.value, IniFileError)
    assert info.value.source == "/c/flytekit.config"
    assert info.value.lineno == info.value.line


def test_an_ini_error_is_caught_as_configparser_error_and_keeps_its_message() -> None:
    with pytest.raises(configparser.Error) as info:
        ConfigFile("/c/flytekit.config", "[aws]\nsecret_access_key hunter2\n")
    error = info.value
    assert isinstance(error, IniParsingError)
    assert str(error) == error.message
    assert "hunter2" not in repr(error)
    assert repr(pickle.loads(pickle.dumps(error))) == repr(error)


def test_an_internal_section_is_an_assertion_error_as_the_reference_raised() -> None:
    with pytest.raises(AssertionError) as info:
        ConfigFile("/c/flytekit.config", "[internal]\nk = v\n")
    assert isinstance(info.value, IniInternalSectionError)
    assert info.value.section == "internal"


# --- each place an error names, exactly --------------------------------------------------------


def test_a_file_named_without_text_is_read_through_the_ambient() -> None:
    with using_ambient(FakeAmbient(files={"/c/config.yaml": "admin:\n  endpoint: e\n"})):
        read = ConfigFile("/c/config.yaml")
    assert (read.location, read.text) == ("/c/config.yaml", "admin:\n  endpoint: e\n")
    assert read.yaml_value(("admin", "endpoint")) == "e"


def test_a_default_option_holding_the_separator_has_its_line() -> None:
    f = ConfigFile("/c.config", "[DEFAULT]\na] b = 1\n[s]\nx = 1\n")
    assert f.line_of("[s] a] b") == 2
    assert f.where("[s] a] b") == "/c.config:2"
    assert f.where("[s] nope") == "/c.config"
    error = f.error("[s] nope", "why")
    assert (error.reason, error.file, error.line, error.key) == (
        "why",
        "/c.config",
        None,
        "[s] nope",
    )


def test_a_section_that_cannot_be_read_names_it() -> None:
    f = ConfigFile("/c.config", "[x]\n[s]\na = %(nope)s\n")
    with pytest.raises(ConfigError) as info:
        f.ini_section("s")
    error = info.value
    assert (error.reason, error.file, error.line, error.key) == (
        "option a: '%' refers to option 'nope', which is not set",
        "/c.config",
        2,
        "[s]",
    )


def test_a_scalar_on_the_way_names_the_key_that_holds_it() -> None:
    f = ConfigFile("/c.yaml", "a:\n  b: 1\n")
    with pytest.raises(ConfigError) as info:
        f.yaml_value(("a", "b", "c"))
    assert (info.value.reason, info.value.line, info.value.key) == (
        "expected a mapping, found a value of type int",
        2,
        "a.b",
    )


def test_a_file_of_exactly_the_largest_size_is_parsed() -> None:
    text = "a: " + "x" * (MAX_CONFIG_FILE_CHARS - 4) + "\n"
    assert ConfigFile("big.yaml", text).yaml_value(("a",)) == "x" * (MAX_CONFIG_FILE_CHARS - 4)
    error = parse_config_file("big.yaml", text + "\n").failure()
    assert (error.reason, error.file, error.line) == (
        f"the file is larger than {MAX_CONFIG_FILE_CHARS} characters",
        "big.yaml",
        None,
    )


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        (
            "admin:\n  endpoint: [\n",
            "malformed YAML: while parsing a flow node on line 3, did not find expected node "
            "content",
            3,
        ),
        (
            "a:\n  - b\n c: 1\n",
            "malformed YAML: while parsing a block mapping on line 1, did not find expected key",
            3,
        ),
        ("a: b: c\n", "malformed YAML: mapping values are not allowed in this context", 1),
        (
            "a: 1\nb: !!int x\n",
            "malformed YAML: a value that cannot be read as tag:yaml.org,2002:int",
            2,
        ),
        ("- a\n", "expected a mapping at the top level, found a list", 1),
        ("\n\n7\n", "expected a mapping at the top level, found a value of type int", 3),
    ],
)
def test_each_yaml_refusal_exactly(text: str, reason: str, line: int) -> None:
    error = parse_config_file("/c/config.yaml", text).failure()
    assert (type(error), error.reason, error.file, error.line) == (
        ConfigError,
        reason,
        "/c/config.yaml",
        line,
    )


def test_too_many_nodes_are_refused_in_so_many_words() -> None:
    error = parse_config_file("/q.yaml", "?\n" * MAX_YAML_NODES).failure()
    assert error.reason == (
        f"the document has more than {MAX_YAML_NODES} nodes (an alias counts as the nodes it "
        "repeats)"
    )


def test_key_lines_are_recorded_eight_deep_and_through_an_alias_once() -> None:
    deep = "".join("  " * i + f"k{i}:\n" for i in range(9)) + "  " * 9 + "v: 1\n"
    keys = ConfigFile("/d.yaml", deep).keys()
    assert len(keys) == 8
    assert keys[-1] == "k0.k1.k2.k3.k4.k5.k6.k7"
    assert ConfigFile("/a.yaml", "a: &x {b: 1}\nc: *x\n").keys() == ("a", "a.b", "c")


def test_an_ini_error_says_its_section_and_option() -> None:
    with pytest.raises(ConfigError) as info:
        ConfigFile("/c.config", "[a]\nx = 1\nx = 2\n")
    error = info.value
    assert isinstance(error, IniFileError)
    assert (error.reason, error.section, error.option, error.key, error.line) == (
        "malformed INI: option 'x' appears twice in [a]",
        "a",
        "x",
        None,
        3,
    )
    with pytest.raises(IniInternalSectionError) as internal:
        ConfigFile("/c.config", "[internal]\nk = v\n")
    assert (internal.value.key, internal.value.section, internal.value.line) == (
        "[internal]",
        "internal",
        1,
    )


def test_images_of_the_wrong_shape_name_the_key() -> None:
    for text, reason, line, key in (
        ("images: [a]\n", "expected a mapping of image names, found a list", 1, "images"),
        ("images:\n  a: 1\n", "expected an image name, found a value of type int", 2, "images.a"),
    ):
        with pytest.raises(ConfigError) as info:
            get_specified_images(ConfigFile("/i.yaml", text))
        assert (info.value.reason, info.value.line, info.value.key) == (reason, line, key)
