"""Unknown config-file keys and ``FLYTE_*`` variables: listed with where and a suggestion."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ctxcore.config_entries
from ctxcore import ConfigEntry, ConfigFile, LegacyConfigEntry, YamlConfigEntry, entries_of
from ctxcore.core.config import catalogue
from ctxcore.core.config.resolve import resolve_config
from ctxcore.core.config.unknown import (
    BUILTIN,
    MAX_SUGGESTED_CHARS,
    MAX_UNKNOWN_NAMES,
    KnownNames,
    RenamedName,
    UnknownName,
    _builtin,  # pyright: ignore[reportPrivateUsage] (BUILTIN is built at import)
    find_unknown,
)
from ctxcore.core.errors import MAX_REASON_CHARS, clipped

_YAML = """\
admin:
  endpoitn: dns:///x.example.com
  endpoint: dns:///y.example.com
  pkceConfig:
    timeout: 1m
storage:
  type: minio
  connection:
    access-key: minio
    secrt-key: miniostorage
logger:
  show-source: true
images:
  mine: ghcr.io/me/img:1
whatever:
  deep:
    deeper: 1
"""


def test_yaml_keys_that_no_entry_reads_are_listed_with_line_and_suggestion() -> None:
    file = ConfigFile("/p/config.yaml", _YAML)
    assert find_unknown({}, file) == (
        UnknownName("yaml", "admin.endpoitn", "/p/config.yaml:2", "admin.endpoint"),
        UnknownName(
            "yaml",
            "storage.connection.secrt-key",
            "/p/config.yaml:10",
            "storage.connection.secret-key",
        ),
        UnknownName("yaml", "whatever", "/p/config.yaml:15", None),
    )


def test_ini_options_that_no_entry_reads_are_listed_with_line_and_suggestion() -> None:
    text = "[platform]\nulr = x\nurl = y\n[platfrom]\nurl = z\n[images]\nmine = a:1\n"
    text += "[DEFAULT]\ninsecure = true\nbogus = 1\n"
    file = ConfigFile("flytekit.config", text)
    assert find_unknown({}, file) == (
        UnknownName("ini", "[platform] ulr", "flytekit.config:2", "[platform] url"),
        UnknownName("ini", "[platfrom] url", "flytekit.config:5", "[platform] url"),
        UnknownName("ini", "[DEFAULT] bogus", "flytekit.config:10", None),
    )


def test_flyte_variables_that_no_entry_reads_are_listed_with_a_suggestion() -> None:
    env = {
        "FLYTE_PLATFORM_ULR": "x",
        "FLYTE_PLATFORM_URL": "y",
        "FLYTE_INTERNAL_EXECUTION_ID": "e",  # the platform's
        "FLYTE_SDK_RICH_TRACEBACKS": "0",  # the reference reads it
        "FLYTE_STATSD_HOST": "h",
        "HOME": "/",
    }
    assert find_unknown(env, None) == (
        UnknownName("env", "FLYTE_PLATFORM_ULR", None, "FLYTE_PLATFORM_URL"),
    )
    assert "did you mean FLYTE_PLATFORM_URL?" in find_unknown(env, None)[0].describe()


def test_every_name_of_the_catalogue_and_of_the_reference_entries_is_known() -> None:
    entries = entries_of(ctxcore.config_entries).values()
    for entry in entries:
        assert entry.env_var in BUILTIN.env
        assert (entry.legacy.section, entry.legacy.option) in BUILTIN.ini
        if entry.yaml_entry is not None:
            assert entry.yaml_entry.switch in BUILTIN.yaml
    for setting in catalogue.SETTINGS:
        assert set(setting.env_names) <= BUILTIN.env
        assert setting.yaml_key is None or setting.yaml_key in BUILTIN.yaml


def test_renamed_and_flytectl_keys_count_as_known() -> None:
    text = (
        "admin:\n  endpoint: a\n  authType: Pkce\n  clientSecretLocation: /x\n  maxRetries: 3\n"
        "storage:\n  type: s3\n  container: b\n  connection:\n    endpoint: e\n"
        "    access-key: k\n    secret-key: s\n    auth-type: accesskey\n    region: r\n"
        "    disable-ssl: true\n  stow:\n    kind: s3\n    config:\n      x: 1\n"
        "console:\n  endpoint: c\ntask:\n  project: p\n  domain: d\n  org: o\n"
    )
    assert find_unknown({}, ConfigFile("/c.yaml", text)) == ()


class _Plugin:
    HOST = ConfigEntry(LegacyConfigEntry("myplugin", "host"), YamlConfigEntry("myplugin.host"))


def test_a_plugin_s_entries_make_their_names_known_when_passed_in() -> None:
    file = ConfigFile("/c.yaml", "myplugin:\n  host: h\n  hots: g\n")
    env = {"FLYTE_MYPLUGIN_HOST": "x"}
    resolved = resolve_config(env, file).unwrap()
    assert [name.name for name in resolved.unknown] == [
        "myplugin",
        "FLYTE_MYPLUGIN_HOST",
    ]
    with_plugin = resolved.with_entries(entries_of(_Plugin), file, env)
    assert with_plugin.unknown == ()  # myplugin.hots was inside an unknown tree: not listed
    known = BUILTIN.with_entries(entries_of(_Plugin).values())
    assert find_unknown(env, file, known) == (
        UnknownName("yaml", "myplugin.hots", "/c.yaml:3", "myplugin.host"),
    )


def test_a_hostile_file_and_environment_cost_little_and_list_a_bounded_number() -> None:
    text = "".join(f"admin.endpoint{'x' * 80}{i}: {i}\n" for i in range(4000))
    file = ConfigFile("/c.yaml", text)
    env = {f"FLYTE_PLATFORM_UR{i}": "" for i in range(5000)}
    start = time.perf_counter()
    found = find_unknown(env, file)
    assert time.perf_counter() - start < 2.0
    assert len(found) == MAX_UNKNOWN_NAMES  # suggestions looked for for these only
    long_names = find_unknown({"FLYTE_" + "X" * 200: ""}, None)
    assert long_names[0].suggestion is None  # too long to compare


@given(name=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_", max_size=30))
def test_a_variable_is_listed_exactly_when_it_is_flyte_and_not_known(name: str) -> None:
    variable = "FLYTE_" + name
    listed = [u.name for u in find_unknown({variable: "v"}, None)]
    expected = variable not in BUILTIN.env and not variable.startswith("FLYTE_INTERNAL_")
    assert listed == ([variable] if expected else [])


@pytest.mark.parametrize("value", ["s3cr3t-value", ""])
def test_no_value_is_held(value: str) -> None:
    found = find_unknown({"FLYTE_TOKEN": value}, None)
    assert value not in repr(found) or not value


# --- exact words, candidates and bounds ----------------------------------------------------


def test_an_unknown_name_says_what_where_and_the_suggestion() -> None:
    assert UnknownName("yaml", "admin.x", "/c.yaml:3", "admin.y").describe() == (
        "config file key admin.x at /c.yaml:3: no configuration entry reads it"
        " (did you mean admin.y?)"
    )
    assert UnknownName("ini", "[a] b").describe() == (
        "config file key [a] b: no configuration entry reads it"
    )
    assert UnknownName("env", "FLYTE_X", None, "FLYTE_Y").describe() == (
        "environment variable FLYTE_X: no configuration entry reads it (did you mean FLYTE_Y?)"
    )


def test_a_long_location_is_clipped() -> None:
    location = "/" + "d" * 2000 + ".yaml:1"
    text = UnknownName("yaml", "k", location).describe()
    assert f"at {clipped(location, MAX_REASON_CHARS)}:" in text
    assert len(text) < 2 * MAX_REASON_CHARS


def test_a_renamed_name_says_whether_it_is_read() -> None:
    read = RenamedName("ini", "[c] scope", "[c] scopes", "flytekit 1 (#1)", "/f.config:2")
    assert read.describe() == (
        "config file key [c] scope at /f.config:2 is deprecated: renamed to [c] scopes in"
        " flytekit 1 (#1); still read"
    )
    hidden = RenamedName("env", "FLYTE_C_SCOPE", "FLYTE_C_SCOPES", "flytekit 1 (#1)", None, "X")
    assert hidden.describe() == (
        "environment variable FLYTE_C_SCOPE is deprecated: renamed to FLYTE_C_SCOPES in"
        " flytekit 1 (#1); not read: X is set and wins"
    )


def test_the_parents_of_known_keys_are_their_proper_prefixes() -> None:
    parents = KnownNames(frozenset(), frozenset(), frozenset({"a.b.c"})).yaml_parents
    assert {"a", "a.b", "admin", "storage"} <= parents  # with the known trees' parents
    assert not {"", "a.b.c"} & parents


def test_the_candidates_of_a_suggestion_are_sorted_and_never_old_names() -> None:
    known = KnownNames(
        frozenset({"FLYTE_S_O", "FLYTE_S_OLD", "FLYTE_A_B"}),
        frozenset({("s", "o"), ("s", "old"), ("a", "b")}),
        frozenset({"z.y", "a.b"}),
        frozenset({"FLYTE_S_OLD", "[s] old"}),
    )
    assert known.env_candidates == ("FLYTE_A_B", "FLYTE_S_O")
    assert known.ini_candidates == ("[a] b", "[s] o")
    assert known.yaml_candidates == ("a.b", "z.y")
    assert known.ini_options == {"o", "old", "b"}


def test_a_plugin_s_options_are_known_lower_cased_and_old_names_stay_old() -> None:
    entry = ConfigEntry(LegacyConfigEntry("myplugin", "Host"))
    known = BUILTIN.with_entries([entry])
    assert ("myplugin", "host") in known.ini
    assert "FLYTE_MYPLUGIN_HOST" in known.env
    assert known.old == BUILTIN.old
    assert known.old  # the catalogue has renamed names


def test_the_builtin_names_are_the_catalogue_s_and_the_reference_s_others() -> None:
    known = _builtin()
    assert {"FLYTE_CREDENTIALS_SCOPES", "FLYTE_SECRETS_HOST", "FLYTE_SDK_RICH_TRACEBACKS"} <= (
        known.env
    )
    assert {("credentials", "oauth_scopes"), ("secrets", "host"), ("platform", "url")} <= known.ini
    assert all(option == option.lower() for _, option in known.ini)
    assert {"admin.endpoint", "storage.type"} <= known.yaml
    assert known.old == {
        "FLYTE_CREDENTIALS_OAUTH_SCOPES",
        "[credentials] oauth_scopes",
        "FLYTE_CREDENTIALS_SCOPE",
        "[credentials] scope",
    }


def test_a_suggestion_is_looked_for_up_to_the_bound_and_only_among_close_names() -> None:
    longest = "FLYTE_" + "A" * (MAX_SUGGESTED_CHARS - 6)
    known = KnownNames(frozenset({longest, "FLYTE_ABCDEFGH"}), frozenset(), frozenset())
    near = longest[:-1] + "B"
    assert find_unknown({near: ""}, None, known)[0].suggestion == longest
    far = "FLYTE_ABCDWXYZ"  # difflib's ratio 0.71: under the cutoff of 0.8
    assert find_unknown({far: ""}, None, known)[0].suggestion is None


def test_an_empty_yaml_key_closes_nothing_below_it() -> None:
    file = ConfigFile("/c.yaml", '"": 1\nwhatever: 2\n')
    assert [name.name for name in find_unknown({}, file)] == ["", "whatever"]


def test_a_section_name_holding_a_bracket_is_a_section_not_an_option() -> None:
    # "[x] y]" is the header of section "x] y" (configparser's greedy header), and its key
    # reads like option "y]" of section "x": only the option is listed, split at its section
    file = ConfigFile("/c.config", "[x] y]\nz = 2\nw = 3\n")
    known = KnownNames(frozenset(), frozenset({("x] y", "z")}), frozenset())
    assert [name.name for name in find_unknown({}, file, known)] == ["[x] y] w"]
    assert find_unknown({}, file, known)[0].location == "/c.config:3"


def test_ini_options_are_listed_in_the_file_s_order_defaults_where_they_are() -> None:
    text = "[b]\nb1 = 1\n[DEFAULT]\nd1 = 1\n[a]\na1 = 1\na2 = 2\n[b2]\n"
    found = find_unknown(
        {}, ConfigFile("/c.config", text), KnownNames(frozenset(), frozenset(), frozenset())
    )
    assert [(name.name, name.location) for name in found] == [
        ("[b] b1", "/c.config:2"),
        ("[DEFAULT] d1", "/c.config:4"),
        ("[a] a1", "/c.config:6"),
        ("[a] a2", "/c.config:7"),
    ]


def test_an_ini_file_lists_a_bounded_number() -> None:
    text = "[s]\n" + "".join(f"o{i} = 1\n" for i in range(MAX_UNKNOWN_NAMES + 5))
    found = find_unknown({}, ConfigFile("/c.config", text))
    assert [name.name for name in found] == [f"[s] o{i}" for i in range(MAX_UNKNOWN_NAMES)]
