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


# --- exact values, messages and provenance (each pinned: a looser check let wrong ones pass) ---


@pytest.mark.parametrize("value", [0, "", [], 0.0])
def test_a_falsy_value_that_is_not_a_bool_does_not_exist(value: object) -> None:
    assert exists(value) is False
    assert exists(False) is True


def test_set_if_exists_sets_the_value_itself() -> None:
    assert set_if_exists({}, "k", "v") == {"k": "v"}
    assert set_if_exists({}, "k", False) == {"k": False}


def test_the_transformers_errors_name_the_text() -> None:
    with pytest.raises(ConfigError) as info:
        int_transformer("x")
    assert info.value.reason == "not an integer: 'x'"


def test_a_legacy_entry_reads_the_ambient_environment_unless_given_one() -> None:
    entry = LegacyConfigEntry("test", "op1")
    with using_ambient(FakeAmbient(env={"FLYTE_TEST_OP1": "xyz"})):
        assert entry.read_from_env() == "xyz"
        assert entry.read_from_env(env={}) is None


def _refuse(raw: object) -> str:
    raise ValueError(f"refused {raw!r}")


@pytest.mark.parametrize(
    ("entry", "file", "key"),
    [
        (
            ConfigEntry(LegacyConfigEntry("platform", "url"), transform=_refuse),
            _INI_FILE,
            "[platform] url",
        ),
        (
            ConfigEntry(LegacyConfigEntry("x", "y"), YamlConfigEntry("admin.endpoint"), _refuse),
            _YAML_FILE,
            "admin.endpoint",
        ),
    ],
)
def test_a_transform_error_names_the_file_line_and_key_not_the_value(
    entry: ConfigEntry[str], file: ConfigFile, key: str
) -> None:
    with pytest.raises(ConfigError) as info:
        entry.read(file, env={})
    error = info.value
    assert (error.file, error.key, error.line) == (file.location, key, file.line_of(key))
    assert error.line is not None
    assert error.reason == "the entry's transform refused the value: ValueError"


def test_a_transform_s_config_error_keeps_its_reason_and_names_the_variable() -> None:
    with pytest.raises(ConfigError) as info:
        AWS.RETRIES.read(env={"FLYTE_AWS_RETRIES": "x"})
    assert (info.value.reason, info.value.env_var) == ("not an integer: 'x'", "FLYTE_AWS_RETRIES")


def test_a_yaml_entry_reads_nothing_from_an_ini_file_or_no_file() -> None:
    assert YamlConfigEntry("platform.url").read_from_file(_INI_FILE) is None
    assert YamlConfigEntry("platform.url").read_from_file(None) is None


def test_an_entry_is_not_sensitive_unless_told() -> None:
    entry = ConfigEntry(LegacyConfigEntry("platform", "url"))
    assert entry.sensitive is False
    assert ConfigEntry(LegacyConfigEntry("platform", "url"), sensitive=True).sensitive is True


def test_read_does_not_look_at_the_file_once_the_environment_has_the_value() -> None:
    """As the reference's ``read``: a transform is run on the variable's text only."""
    seen: list[object] = []

    def transform(raw: object) -> object:
        seen.append(raw)
        return raw

    entry = ConfigEntry(LegacyConfigEntry("platform", "url"), transform=transform)
    assert entry.read(_INI_FILE, env={"FLYTE_PLATFORM_URL": "from-env"}) == "from-env"
    assert seen == ["from-env"]


def test_a_sensitive_entry_s_provenance_is_sensitive_from_every_source() -> None:
    entry = AWS.S3_SECRET_ACCESS_KEY
    from_env = entry.explain(_INI_FILE, env={"FLYTE_AWS_SECRET_ACCESS_KEY": "s"})
    assert from_env.sensitive is True
    assert [origin.sensitive for origin in from_env.shadowed] == [True, True]
    assert entry.explain(env={}).sensitive is True
    assert Platform.URL.explain(env={}).sensitive is False


def test_an_empty_int_variable_is_explained_as_unset() -> None:
    assert AWS.RETRIES.explain(env={"FLYTE_AWS_RETRIES": ""}) == Provenance(
        "env",
        "FLYTE_AWS_RETRIES",
        shadowed=(Provenance("default"),),
        detail="counts as unset: the default applies",
    )


def test_an_invalid_shadowed_value_says_where_and_why() -> None:
    entry = ConfigEntry(LegacyConfigEntry("madeup", "bad_int", int))
    origin = entry.explain(_INI_FILE, env={"FLYTE_MADEUP_BAD_INT": "4"})
    assert origin.shadowed == (
        Provenance(
            "file",
            "[madeup] bad_int",
            "/c/flytekit.config:13",
            detail="invalid: not an integer: 'three'",
        ),
        Provenance("default"),
    )


def test_a_value_of_a_type_without_a_default_transform_asks_for_one() -> None:
    entry = ConfigEntry(LegacyConfigEntry("x", "y", datetime.timedelta))
    with pytest.raises(ConfigError) as info:
        entry.read(env={"FLYTE_X_Y": "5"})
    assert (info.value.reason, info.value.env_var) == (
        "expected timedelta, found a string (give the entry a transform that makes a timedelta)",
        "FLYTE_X_Y",
    )


@pytest.mark.parametrize(
    ("kind", "reason"),
    [(str, "expected str, found a list"), (bool, "expected bool, found a list")],
)
def test_a_value_of_the_wrong_type_for_a_defaulted_type_says_only_what_was_found(
    kind: type[object], reason: str
) -> None:
    entry = ConfigEntry(LegacyConfigEntry("x", "y", kind), YamlConfigEntry("admin.command"))
    with pytest.raises(ConfigError) as info:
        entry.read(_YAML_FILE, env={})
    assert info.value.reason == reason


def test_a_custom_transform_s_value_is_kept_whatever_its_type() -> None:
    entry = ConfigEntry(LegacyConfigEntry("x", "y"), transform=len)
    assert entry.read(env={"FLYTE_X_Y": "abc"}) == 3


def test_entries_of_several_groups_and_of_any_namespace() -> None:
    plugin_module = types.ModuleType("plugin")
    setattr(plugin_module, "TOP", _MyPlugin.HOST)  # noqa: B010 (a module has no declared TOP)
    namespace = types.SimpleNamespace(LONE=_MyPlugin.TOKEN)
    assert entries_of(_MyPlugin, _Other, plugin_module, namespace) == {
        "_MyPlugin.HOST": _MyPlugin.HOST,
        "_MyPlugin.TOKEN": _MyPlugin.TOKEN,
        "_Other.PORT": _Other.PORT,
        "TOP": _MyPlugin.HOST,
        "LONE": _MyPlugin.TOKEN,
    }


class _Other:
    PORT = ConfigEntry(LegacyConfigEntry("other", "port", int))


def test_missing_options_and_unsupported_files_are_the_reference_s_errors() -> None:
    for file, what in [(_INI_FILE, "the file does not set"), (_YAML_FILE, "a YAML file has no")]:
        with pytest.raises(ConfigOptionNotFoundError) as info:
            file.get(LegacyConfigEntry("platform", "nope"))
        assert str(info.value) == (
            f"config file {file.location!r}: {what} option 'nope' in section [platform]"
        )
        assert info.value.file == file.location
    with pytest.raises(NotImplementedError) as unsupported:
        _INI_FILE.get(YamlConfigEntry("admin.endpoint"))
    assert str(unsupported.value) == (
        "Support for other config types besides .ini / .config files not yet supported"
    )


@pytest.mark.parametrize(
    ("option", "kind", "reason"),
    [
        ("bad_int", int, "not an integer: 'three'"),
        ("bad_bool", bool, "not a boolean: 'maybe' (accepted: true/false, 1/0, yes/no, on/off)"),
    ],
)
def test_a_bad_ini_value_says_what_it_is(option: str, kind: type[object], reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        _INI_FILE.get(LegacyConfigEntry[object]("madeup", option, kind))
    assert info.value.reason == reason
