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
    MAX_UNKNOWN_NAMES,
    UnknownName,
    find_unknown,
)

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
