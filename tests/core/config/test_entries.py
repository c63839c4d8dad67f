"""ConfigEntry and its sources, the transformers and the reference's catalogue of entries."""

from __future__ import annotations

import configparser
import datetime
import string
import types
from collections.abc import Callable
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    ConfigEntry,
    ConfigError,
    ConfigFile,
    ConfigOptionNotFoundError,
    LegacyConfigEntry,
    YamlConfigEntry,
    bool_transformer,
    comma_list_transformer,
    config_entries,
    get_config_file,
    int_transformer,
    resolve_config,
    set_if_exists,
    using_ambient,
)
from ctxcore.config_entries import (
    AWS,
    AZURE,
    GCP,
    Credentials,
    Images,
    Local,
    LocalSDK,
    Persistence,
    Platform,
    Secrets,
    StatsD,
)
from ctxcore.core.config.entries import entries_of, exists
from ctxcore.core.config.reader import Provenance
from ctxcore.testing import FakeAmbient

INI = """\
[platform]
url = fakeflyte.com
insecure = false

[sdk]
workflow_packages = this.module,that.module

[madeup]
string_value = abc
int_value = 3
bool_value = false
timedelta_value = 20
bad_int = three
bad_bool = maybe

[aws]
secret_access_key = hunter2
"""

YAML = """\
admin:
  endpoint: dns:///flyte.example.com
  insecure: true
  command: [aws, sso, get-token]
  clientId: 17
storage:
  connection:
    secret-key: hunter2
"""

_INI_FILE = ConfigFile("/c/flytekit.config", INI)
_YAML_FILE = ConfigFile("/c/config.yaml", YAML)


# --- reading: environment, then file, then None --------------------------------------------


def test_an_entry_reads_the_environment_first() -> None:
    entry = ConfigEntry(LegacyConfigEntry("platform", "url"))
    assert entry.read(_INI_FILE, env={}) == "fakeflyte.com"
    assert entry.read(_INI_FILE, env={"FLYTE_PLATFORM_URL": "xyz"}) == "xyz"
    assert entry.read(env={}) is None
    assert ConfigEntry(LegacyConfigEntry("platform", "url2")).read(_INI_FILE, env={}) is None


def test_without_env_the_ambient_environment_is_read() -> None:
    entry = ConfigEntry(LegacyConfigEntry("test", "op1", str))
    assert entry.read() is None
    with using_ambient(FakeAmbient(env={"FLYTE_TEST_OP1": "xyz"})):
        assert entry.read() == "xyz"


def test_entries_of_each_type_read_an_ini_file_as_configparser() -> None:
    assert ConfigEntry(LegacyConfigEntry[list[str]]("sdk", "workflow_packages", list)).read(
        _INI_FILE, env={}
    ) == ["this.module", "that.module"]
    assert ConfigEntry(LegacyConfigEntry("madeup", "string_value")).read(_INI_FILE) == "abc"
    assert ConfigEntry(LegacyConfigEntry("madeup", "int_value", int)).read(_INI_FILE) == 3
    assert ConfigEntry(LegacyConfigEntry("madeup", "bool_value", bool)).read(_INI_FILE) is False
    seconds = ConfigEntry(
        LegacyConfigEntry("madeup", "timedelta_value", datetime.timedelta),
        transform=lambda x: datetime.timedelta(seconds=int(x)),
    )
    assert seconds.read(_INI_FILE) == datetime.timedelta(seconds=20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("FALSE", False), ("", False), ("0", False), ("off", False), ("1", True), ("truee", True)],
)
def test_a_bool_entry_reads_the_environment_as_the_reference(raw: str, expected: bool) -> None:
    entry = ConfigEntry(LegacyConfigEntry("madeup", "test_var", bool))
    assert entry.read(env={"FLYTE_MADEUP_TEST_VAR": raw}) is expected


def test_an_ini_file_never_falls_through_to_yaml() -> None:
    entry = ConfigEntry(LegacyConfigEntry("platform", "nope"), YamlConfigEntry("admin.endpoint"))
    assert entry.read(_INI_FILE, env={}) is None
    assert entry.read(_YAML_FILE, env={}) == "dns:///flyte.example.com"


def test_the_catalogue_reads_yaml_with_its_transforms() -> None:
    assert Platform.URL.read(_YAML_FILE, env={}) == "flyte.example.com"
    assert Platform.INSECURE.read(_YAML_FILE, env={}) is True
    assert Platform.INSECURE.read(_INI_FILE, env={}) is False
    assert Credentials.COMMAND.read(_YAML_FILE, env={}) == ["aws", "sso", "get-token"]
    assert Credentials.COMMAND.read(env={"FLYTE_CREDENTIALS_COMMAND": "a,b,c"}) == ["a", "b", "c"]
    assert AWS.RETRIES.read(env={"FLYTE_AWS_RETRIES": "5"}) == 5
    assert AWS.BACKOFF_SECONDS.read(env={"FLYTE_AWS_BACKOFF_SECONDS": "7"}) == datetime.timedelta(
        seconds=7
    )
    assert Credentials.CLIENT_CREDENTIALS_SECRET_LOCATION.read(_YAML_FILE, env={}) is None


def test_an_empty_int_variable_counts_as_unset() -> None:
    assert AWS.RETRIES.read(_INI_FILE, env={"FLYTE_AWS_RETRIES": ""}) is None
    assert AWS.RETRIES.explain(env={"FLYTE_AWS_RETRIES": ""}).detail is not None


# --- wrong values are errors that say where ------------------------------------------------


def test_a_bad_int_names_the_variable() -> None:
    with pytest.raises(ConfigError) as info:
        AWS.RETRIES.read(env={"FLYTE_AWS_RETRIES": "x"})
    assert info.value.env_var == "FLYTE_AWS_RETRIES"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(("option", "kind"), [("bad_int", int), ("bad_bool", bool)])
def test_a_bad_file_value_names_the_file_line_and_key(option: str, kind: type[object]) -> None:
    with pytest.raises(ConfigError) as info:
        ConfigEntry(LegacyConfigEntry("madeup", option, kind)).read(_INI_FILE, env={})
    error = info.value
    assert (error.file, error.key) == ("/c/flytekit.config", f"[madeup] {option}")
    assert error.line == _INI_FILE.line_of(f"[madeup] {option}")


def test_a_yaml_value_of_the_wrong_type_is_an_error() -> None:
    entry = ConfigEntry(
        LegacyConfigEntry("platform", "insecure", bool), YamlConfigEntry("admin.command")
    )
    with pytest.raises(ConfigError, match="expected bool, found a list") as info:
        entry.read(_YAML_FILE, env={})
    assert info.value.key == "admin.command"


def test_a_yaml_number_is_text_for_a_str_entry_as_config_auto_reads_it() -> None:
    assert (
        ConfigEntry(LegacyConfigEntry("x", "y"), YamlConfigEntry("admin.clientId")).read(
            _YAML_FILE, env={}
        )
        == "17"
    )
    with pytest.raises(ConfigError, match="expected str, found a list"):
        ConfigEntry(LegacyConfigEntry("x", "y"), YamlConfigEntry("admin.command")).read(
            _YAML_FILE, env={}
        )


def test_a_transform_error_names_the_variable_and_not_the_value() -> None:
    entry = ConfigEntry(LegacyConfigEntry("x", "y"), transform=lambda raw: int(raw))
    with pytest.raises(ConfigError) as info:
        entry.read(env={"FLYTE_X_Y": "hunter2"})
    assert info.value.env_var == "FLYTE_X_Y"
    assert "hunter2" not in str(info.value)


# --- provenance for a plugin's own entries ---------------------------------------------------


def test_explain_gives_a_plugin_entry_its_provenance() -> None:
    entry = ConfigEntry(LegacyConfigEntry("platform", "url"), YamlConfigEntry("admin.endpoint"))
    origin = entry.explain(_INI_FILE, env={"FLYTE_PLATFORM_URL": "from-env"})
    assert (origin.source, origin.name, origin.value) == ("env", "FLYTE_PLATFORM_URL", "from-env")
    hidden = origin.shadowed[0]
    assert (hidden.source, hidden.name, hidden.location) == (
        "file",
        "[platform] url",
        "/c/flytekit.config:2",
    )
    assert hidden.value == "fakeflyte.com"
    assert origin.shadowed[-1].source == "default"
    assert entry.explain(env={}).source == "default"


def test_a_sensitive_entry_never_shows_its_value() -> None:
    origin = AWS.S3_SECRET_ACCESS_KEY.explain(_INI_FILE, env={})
    assert origin.value == "hunter2"
    assert "hunter2" not in repr(origin)
    assert "hunter2" not in origin.describe()


def test_an_invalid_shadowed_value_is_described_not_raised() -> None:
    entry = ConfigEntry(LegacyConfigEntry("madeup", "bad_int", int))
    origin = entry.explain(_INI_FILE, env={"FLYTE_MADEUP_BAD_INT": "4"})
    assert origin.value == 4
    assert (origin.shadowed[0].detail or "").startswith("invalid:")
    assert entry.read(_INI_FILE, env={"FLYTE_MADEUP_BAD_INT": "4"}) == 4


# --- ConfigFile.get ----------------------------------------------------------------------------


def test_get_of_a_missing_option_is_configparser_s_no_option_error() -> None:
    with pytest.raises(configparser.NoOptionError) as info:
        _INI_FILE.get(LegacyConfigEntry("platform", "nope"))
    assert isinstance(info.value, ConfigOptionNotFoundError)
    assert isinstance(info.value, configparser.NoSectionError)
    assert (info.value.section, info.value.option) == ("platform", "nope")


def test_get_of_a_yaml_key() -> None:
    assert _YAML_FILE.get(YamlConfigEntry("admin.clientId")) == 17
    assert _YAML_FILE.get(YamlConfigEntry("admin.nope")) is None
    with pytest.raises(NotImplementedError):
        _INI_FILE.get(YamlConfigEntry("admin.endpoint"))
    with pytest.raises(ConfigOptionNotFoundError):
        _YAML_FILE.get(LegacyConfigEntry("platform", "url"))


_VALUES = st.text(string.ascii_letters + string.digits + " ,.-_%()", max_size=12)


@given(value=_VALUES, kind=st.sampled_from([str, bool, int, list]))
def test_get_agrees_with_configparser(value: str, kind: type[object]) -> None:
    text = f"[s]\nother = o\nopt = {value}\n"
    entry = LegacyConfigEntry[object]("s", "opt", kind)
    parser = configparser.ConfigParser()
    parser.read_string(text)
    getters: dict[type[object], Callable[[str, str], object]] = {
        bool: parser.getboolean,
        int: parser.getint,
        list: parser.get,
        str: parser.get,
    }
    try:
        expected: object = getters[kind]("s", "opt")
    except (ValueError, configparser.Error) as error:
        with pytest.raises(type(error) if isinstance(error, configparser.Error) else ValueError):
            ConfigFile("c.config", text).get(entry)
        return
    if kind is list:
        expected = str(expected).split(",")
    assert ConfigFile("c.config", text).get(entry) == expected


@given(raw=st.text(max_size=20))
def test_the_environment_wins_over_the_file(raw: str) -> None:
    entry = ConfigEntry(LegacyConfigEntry("platform", "url"))
    assert entry.read(_INI_FILE, env={"FLYTE_PLATFORM_URL": raw}) == raw


# --- transformers and helpers ------------------------------------------------------------------


@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.lists(st.integers())))
def test_set_if_exists_sets_what_exists(value: object) -> None:
    d: dict[str, object] = {}
    assert set_if_exists(d, "k", value) is d
    assert ("k" in d) is exists(value)
    assert d.get("k", value) is value


def test_transformers_pass_other_values_through() -> None:
    assert bool_transformer(True) is True
    assert comma_list_transformer(["a"]) == ["a"]
    assert int_transformer(4) == 4
    assert comma_list_transformer("a, b") == ["a", " b"]
    with pytest.raises(ValueError, match="not an integer"):
        int_transformer("x")


def test_get_config_file_goes_through_the_ambient() -> None:
    assert get_config_file(None) is None
    assert get_config_file(_INI_FILE) is _INI_FILE
    with using_ambient(FakeAmbient(files={"/c/x.config": INI}, config_file="/c/x.config")):
        found = get_config_file(None)
        assert found is not None
        assert found.ini_value("platform", "url") == "fakeflyte.com"
        assert get_config_file("/c/x.config") == found


# --- the catalogue is the reference's ----------------------------------------------------------

_GROUPS = (Persistence, AWS, GCP, AZURE, Local, Credentials, Platform, LocalSDK, Secrets, StatsD)


def test_every_entry_is_named_as_the_reference_names_it() -> None:
    names: dict[str, ConfigEntry[object]] = {
        f"{group.__name__}.{name}": cast("ConfigEntry[object]", entry)
        for group in _GROUPS
        for name, entry in vars(group).items()
        if isinstance(entry, ConfigEntry)
    }
    assert len(names) == 44
    assert names["StatsD.HOST"].env_var == "FLYTE_SECRETS_HOST"
    assert names["Platform.INSECURE_SKIP_VERIFY"].yaml_entry == YamlConfigEntry(
        "admin.insecureSkipVerify", bool
    )
    for key, entry in names.items():
        group = key.split(".")[0]
        assert entry.legacy.section == vars(_group(group))["SECTION"]
        assert entry.env_var == f"FLYTE_{entry.legacy.section}_{entry.legacy.option}".upper()
    assert Images.get_specified_images(_INI_FILE) == {}


def _group(name: str) -> type[object]:
    return next(group for group in _GROUPS if group.__name__ == name)


# --- a plugin's entries in the resolved configuration -------------------------------------------


class _MyPlugin:
    SECTION = "myplugin"
    HOST = ConfigEntry(LegacyConfigEntry(SECTION, "host"), YamlConfigEntry("myplugin.host"))
    TOKEN = ConfigEntry(LegacyConfigEntry(SECTION, "token"), sensitive=True)
    NOT_AN_ENTRY = "x"


def test_entries_of_a_class_and_of_a_module() -> None:
    assert list(entries_of(_MyPlugin)) == ["_MyPlugin.HOST", "_MyPlugin.TOKEN"]
    catalogue = entries_of(config_entries)
    assert len(catalogue) == 44
    assert catalogue["Platform.INSECURE"] is Platform.INSECURE


def test_resolved_config_with_a_plugin_s_entries() -> None:
    file = ConfigFile("/c/flytekit.config", "[myplugin]\nhost = db\ntoken = hunter2\n")
    env = {"FLYTE_PLATFORM_INSECURE": "true"}
    resolved = resolve_config(env, file).unwrap().with_entries(entries_of(_MyPlugin), file, env)
    assert resolved.provenance["platform.insecure"].value is True
    host = resolved.provenance["_MyPlugin.HOST"]
    assert (host.source, host.name, host.value) == ("file", "[myplugin] host", "db")
    assert "_MyPlugin.HOST = 'db'  <- file [myplugin] host at /c/flytekit.config:2" in (
        resolved.describe()
    )
    assert "hunter2" not in resolved.describe()


# --- each step, exactly ----------------------------------------------------------------------


class _Text(str):
    """A ``str`` subclass: the transformers change only plain text, as the reference's did."""


def test_the_transformers_change_only_plain_text() -> None:
    assert [bool_transformer(w) for w in ("False", "OFF", "No", "0", "")] == [False] * 5
    assert [bool_transformer(w) for w in ("x", "yes", "2", " ")] == [True] * 4
    text: object = _Text("false")
    assert bool_transformer(text) is text
    assert comma_list_transformer(text) is text
    five: object = _Text("5")
    assert int_transformer(five) is five
    assert bool_transformer(0) == 0
    assert comma_list_transformer("") == [""]
    assert int_transformer(" 5 ") == 5
    with pytest.raises(ConfigError) as info:
        int_transformer("five")
    assert (info.value.reason, info.value.env_var, info.value.file) == (
        "not an integer: 'five'",
        None,
        None,
    )


def test_a_legacy_entry_reads_its_variable() -> None:
    entry = LegacyConfigEntry("my", "opt")
    assert entry.type_ is str
    assert entry.get_env_name() == "FLYTE_MY_OPT"
    assert entry.read_from_env(env={}) is None
    assert entry.read_from_env(env={"FLYTE_MY_OPT": ""}) == ""
    assert entry.read_from_env(int_transformer, env={"FLYTE_MY_OPT": "4"}) == 4
    with using_ambient(FakeAmbient(env={"FLYTE_MY_OPT": "amb"})):
        assert entry.read_from_env() == "amb"
        assert entry.read_from_env(env={}) is None
    with pytest.raises(ConfigError) as info:
        entry.read_from_env(int_transformer, env={"FLYTE_MY_OPT": "x"})
    assert (info.value.reason, info.value.env_var) == ("not an integer: 'x'", "FLYTE_MY_OPT")


def test_a_legacy_entry_reads_its_option() -> None:
    entry = LegacyConfigEntry("madeup", "int_value", int)
    assert entry.read_from_file(None) is None
    assert entry.read_from_file(_INI_FILE) == 3
    assert entry.read_from_file(_INI_FILE, lambda v: v * 2) == 6
    assert LegacyConfigEntry("madeup", "nope").read_from_file(_INI_FILE) is None
    assert LegacyConfigEntry("admin", "endpoint").read_from_file(_YAML_FILE) is None
    refused = LegacyConfigEntry("madeup", "string_value")
    with pytest.raises(ConfigError) as info:
        refused.read_from_file(_INI_FILE, int)
    error = info.value
    assert (error.reason, error.file, error.line, error.key, error.env_var) == (
        "the entry's transform refused the value: ValueError",
        "/c/flytekit.config",
        _INI_FILE.line_of("[madeup] string_value"),
        "[madeup] string_value",
        None,
    )


def test_a_yaml_entry_reads_its_key() -> None:
    entry = YamlConfigEntry("admin.insecure", bool)
    assert (entry.switch, entry.config_value_type, entry.parts) == (
        "admin.insecure",
        bool,
        ("admin", "insecure"),
    )
    assert YamlConfigEntry("a").config_value_type is str
    assert entry.read_from_file(None) is None
    assert entry.read_from_file(_INI_FILE) is None
    assert entry.read_from_file(ConfigFile("/c/empty.yaml", "")) is None
    assert entry.read_from_file(_YAML_FILE) is True
    assert entry.read_from_file(_YAML_FILE, lambda v: not v) is False
    falsy = ConfigFile("/c/f.yaml", "admin:\n  insecure: false\n  zero: 0\n  empty: ''\n")
    assert entry.read_from_file(falsy) is False  # a bool always exists
    assert YamlConfigEntry("admin.zero").read_from_file(falsy) is None
    assert YamlConfigEntry("admin.empty").read_from_file(falsy) is None
    with pytest.raises(ConfigError) as info:
        YamlConfigEntry("admin.command").read_from_file(_YAML_FILE, lambda v: int(v))
    error = info.value
    assert (error.reason, error.file, error.line, error.key) == (
        "the entry's transform refused the value: TypeError",
        "/c/config.yaml",
        4,
        "admin.command",
    )


def test_a_transform_s_own_config_error_keeps_its_reason() -> None:
    entry = ConfigEntry(LegacyConfigEntry("madeup", "string_value"), transform=int_transformer)
    with pytest.raises(ConfigError) as info:
        entry.read(_INI_FILE, env={})
    assert (info.value.reason, info.value.key) == ("not an integer: 'abc'", "[madeup] string_value")


def test_an_entry_s_default_transform_is_its_type_s() -> None:
    assert ConfigEntry(LegacyConfigEntry("s", "o", bool)).transform is bool_transformer
    assert ConfigEntry(LegacyConfigEntry("s", "o", int)).transform is int_transformer
    assert (
        ConfigEntry(LegacyConfigEntry[list[str]]("s", "o", list)).transform
        is comma_list_transformer
    )
    assert ConfigEntry(LegacyConfigEntry("s", "o")).transform is None
    own = ConfigEntry(LegacyConfigEntry("s", "o", int), transform=abs)
    assert own.transform is abs
    assert (own.yaml_entry, own.sensitive, own.env_var) == (None, False, "FLYTE_S_O")


def test_an_empty_variable_of_an_int_entry_says_it_counts_as_unset() -> None:
    origin = AWS.RETRIES.explain(_INI_FILE, env={"FLYTE_AWS_RETRIES": ""})
    assert origin == Provenance(
        "env",
        "FLYTE_AWS_RETRIES",
        shadowed=(Provenance("default"),),
        detail="counts as unset: the default applies",
    )
    custom = ConfigEntry(LegacyConfigEntry("aws", "retries", int), transform=lambda v: len(v))
    assert custom.read(env={"FLYTE_AWS_RETRIES": ""}) == 0


def test_read_stops_at_the_variable_and_explain_goes_on() -> None:
    entry = ConfigEntry(LegacyConfigEntry("madeup", "bad_int", int), sensitive=True)
    env = {"FLYTE_MADEUP_BAD_INT": "4"}
    assert entry.read(_INI_FILE, env=env) == 4  # the bad option is not read
    origin = entry.explain(_INI_FILE, env=env)
    assert origin.shadowed == (
        Provenance(
            "file",
            "[madeup] bad_int",
            "/c/flytekit.config:13",
            detail="invalid: not an integer: 'three'",
        ),
        Provenance("default", sensitive=True),
    )
    assert (origin.source, origin.name, origin.value, origin.sensitive) == (
        "env",
        "FLYTE_MADEUP_BAD_INT",
        4,
        True,
    )
    with pytest.raises(ConfigError, match="not an integer: 'three'"):
        entry.explain(_INI_FILE, env={})


def test_a_file_error_without_a_key_is_named_by_the_file() -> None:
    entry = ConfigEntry(LegacyConfigEntry("a", "b"), YamlConfigEntry("admin.endpoint.deeper"))
    origin = entry.explain(_YAML_FILE, env={"FLYTE_A_B": "v"})
    hidden = origin.shadowed[0]
    assert (hidden.name, hidden.location, hidden.detail) == (
        "admin.endpoint",
        "/c/config.yaml:2",
        "invalid: expected a mapping, found a string",
    )


def test_explain_of_a_file_value_and_of_nothing() -> None:
    entry = ConfigEntry(LegacyConfigEntry("platform", "url"), YamlConfigEntry("admin.endpoint"))
    assert entry.explain(_YAML_FILE, env={}) == Provenance(
        "file",
        "admin.endpoint",
        "/c/config.yaml:2",
        shadowed=(Provenance("default"),),
        value="dns:///flyte.example.com",
    )
    assert entry.explain(None, env={}) == Provenance("default")
    assert entry.explain(ConfigFile("/c/empty.yaml", ""), env={}) == Provenance("default")
    legacy_only = ConfigEntry(LegacyConfigEntry("admin", "endpoint"))
    assert legacy_only.read(_YAML_FILE, env={}) is None  # a YAML file has no INI option


@pytest.mark.parametrize(
    ("kind", "value", "reason"),
    [
        (int, True, "expected int, found a value of type bool"),
        (str, False, "expected str, found a value of type bool"),
        (bool, 1, "expected bool, found a value of type int"),
        (list, {"a": 1}, "expected list, found a mapping"),
        (
            datetime.timedelta,
            5,
            "expected timedelta, found a value of type int (give the entry a transform that "
            "makes a timedelta)",
        ),
    ],
)
def test_a_yaml_value_not_of_the_entry_s_type_is_refused(
    kind: type[object], value: object, reason: str
) -> None:
    file = ConfigFile("/c/v.yaml", f"x:\n  y: {value!r}\n")
    entry = ConfigEntry(LegacyConfigEntry("x", "y", kind), YamlConfigEntry("x.y", kind))
    with pytest.raises(ConfigError) as info:
        entry.read(file, env={})
    assert (info.value.reason, info.value.key, info.value.line) == (reason, "x.y", 2)


def test_a_value_of_the_entry_s_type_or_a_number_for_text_is_kept() -> None:
    file = ConfigFile("/c/v.yaml", "x:\n  i: 3\n  f: 1.5\n  b: true\n  l: [a]\n")
    assert ConfigEntry(LegacyConfigEntry("x", "i", int), YamlConfigEntry("x.i")).read(file) == 3
    assert ConfigEntry(LegacyConfigEntry("x", "f"), YamlConfigEntry("x.f")).read(file) == "1.5"
    assert ConfigEntry(LegacyConfigEntry("x", "i"), YamlConfigEntry("x.i")).read(file) == "3"
    assert ConfigEntry(LegacyConfigEntry("x", "b", bool), YamlConfigEntry("x.b")).read(file)
    assert ConfigEntry(LegacyConfigEntry[list[str]]("x", "l", list), YamlConfigEntry("x.l")).read(
        file
    ) == ["a"]
    custom = ConfigEntry(LegacyConfigEntry("x", "b", int), YamlConfigEntry("x.b"), transform=str)
    assert custom.read(file) == "True"  # a custom transform's value is not checked


def test_a_variable_not_of_the_entry_s_type_is_refused_naming_it() -> None:
    entry = ConfigEntry(LegacyConfigEntry("x", "y", datetime.timedelta))
    with pytest.raises(ConfigError) as info:
        entry.read(env={"FLYTE_X_Y": "5"})
    assert (info.value.env_var, info.value.reason) == (
        "FLYTE_X_Y",
        "expected timedelta, found a string (give the entry a transform that makes a timedelta)",
    )


def test_entries_of_a_module_takes_its_entries_and_its_own_classes() -> None:
    module = types.ModuleType("plugin_module")
    own = type("Own", (), {"A": ConfigEntry(LegacyConfigEntry("p", "a")), "n": 1})
    own.__module__ = "plugin_module"
    top = ConfigEntry(LegacyConfigEntry("p", "top"))
    vars(module).update(TOP=top, Own=own, Borrowed=_MyPlugin, NUMBER=3)
    assert entries_of(module) == {"TOP": top, "Own.A": vars(own)["A"]}
    assert entries_of(types.SimpleNamespace(X=top)) == {"X": top}  # no __name__: no classes
    assert list(entries_of(_MyPlugin, module)) == [
        "_MyPlugin.HOST",
        "_MyPlugin.TOKEN",
        "TOP",
        "Own.A",
    ]
    assert entries_of() == {}


def test_get_of_a_missing_option_says_which_and_where() -> None:
    with pytest.raises(ConfigOptionNotFoundError) as info:
        _INI_FILE.get(LegacyConfigEntry("platform", "nope"))
    assert (info.value.reason, info.value.file) == (
        "the file does not set option 'nope' in section [platform]",
        "/c/flytekit.config",
    )
    with pytest.raises(ConfigOptionNotFoundError) as in_yaml:
        _YAML_FILE.get(LegacyConfigEntry("admin", "endpoint"))
    assert (in_yaml.value.reason, in_yaml.value.section, in_yaml.value.option) == (
        "a YAML file has no option 'endpoint' in section [admin]",
        "admin",
        "endpoint",
    )
    with pytest.raises(NotImplementedError) as info_yaml:
        ConfigFile("/c/empty.yaml", "").get(YamlConfigEntry("a"))
    assert str(info_yaml.value) == (
        "Support for other config types besides .ini / .config files not yet supported"
    )


def test_get_converts_an_option_as_configparser_and_says_why_not() -> None:
    file = ConfigFile("/c/t.config", "[s]\nb = YES\ni = -4\nl = a,b\nbad = maybe\nn = 1.5\n")
    assert file.get(LegacyConfigEntry("s", "b", bool)) is True
    assert file.get(LegacyConfigEntry("s", "i", int)) == -4
    assert file.get(LegacyConfigEntry[list[str]]("s", "l", list)) == ["a", "b"]
    assert file.get(LegacyConfigEntry("s", "l")) == "a,b"
    with pytest.raises(ConfigError) as info:
        file.get(LegacyConfigEntry("s", "bad", bool))
    assert (info.value.reason, info.value.key, info.value.line) == (
        "not a boolean: 'maybe' (accepted: true/false, 1/0, yes/no, on/off)",
        "[s] bad",
        5,
    )
    with pytest.raises(ConfigError) as info:
        file.get(LegacyConfigEntry("s", "n", int))
    assert (info.value.reason, info.value.key, info.value.line) == (
        "not an integer: '1.5'",
        "[s] n",
        6,
    )
    assert info.value.__cause__ is None


def test_read_does_not_read_the_file_once_the_variable_is_set() -> None:
    # a transform that fails on the file's value, with an error no entry turns into ConfigError
    entry = ConfigEntry(
        LegacyConfigEntry("madeup", "string_value"), transform=lambda v: {"ok": 1}[v]
    )
    assert entry.read(_INI_FILE, env={"FLYTE_MADEUP_STRING_VALUE": "ok"}) == 1


def test_an_invalid_shadowed_value_at_the_empty_key_is_named_by_the_file() -> None:
    file = ConfigFile("/c/odd.yaml", '"": [1]\n')
    entry = ConfigEntry(LegacyConfigEntry("a", "b"), YamlConfigEntry(""))
    hidden = entry.explain(file, env={"FLYTE_A_B": "v"}).shadowed[0]
    assert (hidden.name, hidden.location, hidden.detail) == (
        "/c/odd.yaml",
        "/c/odd.yaml:1",
        "invalid: expected str, found a list",
    )
