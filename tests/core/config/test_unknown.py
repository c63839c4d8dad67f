"""Unknown config-file keys and ``FLYTE_*`` variables: listed with where and a suggestion."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ctxcore.config_entries
from ctxcore import ConfigEntry, ConfigFile, LegacyConfigEntry, YamlConfigEntry, entries_of
from ctxcore.core.config import catalogue, unknown
from ctxcore.core.config.resolve import resolve_config
from ctxcore.core.config.unknown import (
    BUILTIN,
    KNOWN_ENV_NAMES,
    KNOWN_YAML_KEYS,
    KNOWN_YAML_TREES,
    MAX_SUGGESTED_CHARS,
    MAX_UNKNOWN_NAMES,
    KnownNames,
    RenamedName,
    UnknownName,
    find_unknown,
)
from ctxcore.core.errors import MAX_REASON_CHARS

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


# --- what each name says ---------------------------------------------------------------------


def test_an_unknown_name_says_what_and_where_in_one_line() -> None:
    assert UnknownName("env", "FLYTE_X").describe() == (
        "environment variable FLYTE_X: no configuration entry reads it"
    )
    assert UnknownName("env", "FLYTE_X", "/ignored", "FLYTE_Y").describe() == (
        "environment variable FLYTE_X: no configuration entry reads it (did you mean FLYTE_Y?)"
    )
    assert UnknownName("yaml", "a.b").describe() == (
        "config file key a.b: no configuration entry reads it"
    )
    assert UnknownName("ini", "[s] o", "/c:3", "[s] p").describe() == (
        "config file key [s] o at /c:3: no configuration entry reads it (did you mean [s] p?)"
    )


def test_a_long_name_and_location_are_clipped_apart() -> None:
    name, location = "k" * (MAX_REASON_CHARS + 1), "/" * (MAX_REASON_CHARS + 1)
    clipped_name = "k" * (MAX_REASON_CHARS - 3) + "..."
    clipped_location = "/" * (MAX_REASON_CHARS - 3) + "..."
    assert UnknownName("yaml", name, location).describe() == (
        f"config file key {clipped_name} at {clipped_location}: no configuration entry reads it"
    )
    assert UnknownName("env", name).describe() == (
        f"environment variable {clipped_name}: no configuration entry reads it"
    )
    exact = "k" * MAX_REASON_CHARS
    assert UnknownName("yaml", exact, exact).describe() == (
        f"config file key {exact} at {exact}: no configuration entry reads it"
    )


def test_a_renamed_name_says_what_where_and_whether_it_is_read() -> None:
    read = RenamedName("env", "FLYTE_OLD", "FLYTE_NEW", "release 1")
    assert read.describe() == (
        "environment variable FLYTE_OLD is deprecated: renamed to FLYTE_NEW in release 1; "
        "still read"
    )
    hidden = RenamedName("ini", "[s] old", "[s] new", "release 2", "/c:2", "[s] new")
    assert hidden.describe() == (
        "config file key [s] old at /c:2 is deprecated: renamed to [s] new in release 2; "
        "not read: [s] new is set and wins"
    )


# --- what is known ---------------------------------------------------------------------------


def test_known_names_derive_their_candidates_and_parents() -> None:
    known = KnownNames(
        env=frozenset({"FLYTE_B", "FLYTE_A", "FLYTE_OLD"}),
        ini=frozenset({("s", "b"), ("t", "a"), ("s", "old")}),
        yaml=frozenset({"x.y.z", "a"}),
        old=frozenset({"FLYTE_OLD", "[s] old"}),
    )
    assert known.ini_options == {"a", "b", "old"}
    assert known.yaml_parents == {"x", "x.y"} | {
        ".".join(key.split(".")[:end])
        for key in KNOWN_YAML_TREES
        for end in range(1, key.count(".") + 1)
    }
    assert "storage" in known.yaml_parents
    assert "images" not in known.yaml_parents
    assert known.env_candidates == ("FLYTE_A", "FLYTE_B")
    assert known.ini_candidates == ("[s] b", "[t] a")
    assert known.yaml_candidates == ("a", "x.y.z")


def test_with_entries_adds_what_each_entry_reads_and_keeps_the_old_names() -> None:
    class Plugin:
        BOTH = ConfigEntry(LegacyConfigEntry("plug", "Host"), YamlConfigEntry("plug.host"))
        INI_ONLY = ConfigEntry(LegacyConfigEntry("plug", "port"))

    base = KnownNames(frozenset({"FLYTE_A"}), frozenset(), frozenset({"a"}), frozenset({"x"}))
    known = base.with_entries(entries_of(Plugin).values())
    assert known.env == {"FLYTE_A", "FLYTE_PLUG_HOST", "FLYTE_PLUG_PORT"}
    assert known.ini == {("plug", "host"), ("plug", "port")}
    assert known.yaml == {"a", "plug.host"}
    assert known.old == {"x"}
    assert known.yaml_candidates == ("a", "plug.host")
    assert base.with_entries(()) == base


def test_the_builtin_names_are_the_catalogue_s_and_the_reference_s() -> None:
    built = unknown._builtin()  # pyright: ignore[reportPrivateUsage]
    for known in (BUILTIN, built):  # built at import, and built again here
        assert known.env == (
            {name for setting in catalogue.SETTINGS for name in setting.env_names} | KNOWN_ENV_NAMES
        )
        assert ("secrets", "port") in known.ini
        assert ("credentials", "oauth_scopes") in known.ini
        assert all(option == option.lower() for _, option in known.ini)
        assert known.yaml == (
            {s.yaml_key for s in catalogue.SETTINGS if s.yaml_key is not None} | KNOWN_YAML_KEYS
        )
        assert known.old == {
            "FLYTE_CREDENTIALS_OAUTH_SCOPES",
            "[credentials] oauth_scopes",
            "FLYTE_CREDENTIALS_SCOPE",
            "[credentials] scope",
        }
        assert "FLYTE_CREDENTIALS_SCOPE" not in known.env_candidates
        assert "[credentials] scope" not in known.ini_candidates


def test_an_empty_yaml_key_closes_only_its_own_subtree() -> None:
    file = ConfigFile("/c.yaml", '"": {a: 1}\nwhatever: 2\n')
    assert [name.name for name in find_unknown({}, file)] == ["", "whatever"]


def test_an_ini_option_holding_the_separator_is_split_at_the_first() -> None:
    file = ConfigFile("/c.config", "[s]\na] b = 1\n")
    known = KnownNames(frozenset(), frozenset({("s", "a] b")}), frozenset())
    assert find_unknown({}, file, known) == ()
    assert [name.name for name in find_unknown({}, file)] == ["[s] a] b"]


def test_an_ini_file_of_many_unknown_options_lists_a_bounded_number() -> None:
    text = "[s]\n" + "".join(f"o{i} = 1\n" for i in range(MAX_UNKNOWN_NAMES + 50))
    found = find_unknown({"FLYTE_NOPE": ""}, ConfigFile("/c.config", text))
    assert len(found) == MAX_UNKNOWN_NAMES
    assert found[-1].name == f"[s] o{MAX_UNKNOWN_NAMES - 1}"


def test_a_suggestion_is_close_and_looked_for_up_to_the_bound() -> None:
    stem = "FLYTE_" + "A" * (MAX_SUGGESTED_CHARS - 7)
    known = KnownNames(frozenset({stem + "B", "FLYTE_ABCDEFGH"}), frozenset(), frozenset())
    at_bound, past = stem + "C", stem + "CD"
    assert len(at_bound) == MAX_SUGGESTED_CHARS
    found = find_unknown({at_bound: "", past: "", "FLYTE_ABCDXXXX": ""}, None, known)
    # FLYTE_ABCDXXXX is 0.71 alike to FLYTE_ABCDEFGH: below the 0.8 a suggestion needs
    assert [name.suggestion for name in found] == [stem + "B", None, None]
