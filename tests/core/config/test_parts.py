"""The resolver's parts: the catalogue-driven builders (made inside the tests, as the module makes
its own at import), the part of a record or of its subclass, ``build_part``'s memo of a file
alone, the client secret's variable, and ``ResolvedConfig``'s table and plugin entries."""

from __future__ import annotations

import datetime
import types

import attrs
import pytest

from ctxcore.core.config import resolve
from ctxcore.core.config.entries import ConfigEntry, LegacyConfigEntry, YamlConfigEntry, entries_of
from ctxcore.core.config.file import ConfigFile
from ctxcore.core.config.reader import Provenance, SettingsReader
from ctxcore.core.config.records import (
    Config,
    DataConfig,
    GCSConfig,
    LocalConfig,
    PlatformConfig,
    S3Config,
    StatsConfig,
    TaskConfig,
)
from ctxcore.core.config.resolve import (
    CONFIG,
    PLATFORM,
    S3,
    STATS,
    build_part,
    client_secret_location,
    client_secret_variable,
    part_for,
    resolve_config,
)
from ctxcore.core.config.values import AuthType
from ctxcore.core.errors import ClientSecretFileNotFound, ConfigError

_catalogued = resolve._catalogued  # pyright: ignore[reportPrivateUsage]


def _reader(env: dict[str, str], file: ConfigFile | None = None, *, track: bool) -> SettingsReader:
    return SettingsReader(env, file, {}, track=track)


# --- the catalogue-driven builders -------------------------------------------------------------


@pytest.mark.parametrize("track", [True, False])
def test_a_builder_reads_each_field_from_its_setting(track: bool) -> None:
    build = _catalogued(S3Config, "data_config.s3.")
    env = {"FLYTE_AWS_RETRIES": "7", "FLYTE_AWS_ENDPOINT": "e", "FLYTE_AWS_BACKOFF_SECONDS": "2"}
    assert build(_reader(env, track=track)) == S3Config(
        endpoint="e", retries=7, backoff=datetime.timedelta(seconds=2)
    )
    assert build(_reader({}, track=track)) == S3Config()
    ini = ConfigFile("/c/flytekit.config", "[aws]\nenable_debug = true\n")
    assert build(_reader({}, ini, track=track)) == S3Config(enable_debug=True)


def test_a_builder_records_every_field_in_order_with_its_default() -> None:
    build = _catalogued(TaskConfig, "task.")
    reader = _reader({"FLYTE_LOCAL_DOMAIN": "d"}, track=True)
    assert build(reader) == TaskConfig(domain="d")
    assert list(reader.provenance) == ["task.project", "task.domain", "task.org"]
    assert reader.provenance["task.project"] == Provenance("default", value="flytesnacks")
    assert reader.provenance["task.domain"].value == "d"
    assert reader.provenance["task.org"].shadowed == ()


def test_a_field_no_setting_feeds_is_its_default_and_said_so() -> None:
    build = _catalogued(PlatformConfig, "platform.")
    reader = _reader({"FLYTE_PLATFORM_URL": "u"}, track=True)
    assert build(reader) == PlatformConfig(endpoint="u")
    assert reader.provenance["platform.rpc_retries"] == Provenance("default", value=3)


def test_a_builder_nests_the_records_it_is_given() -> None:
    gcs = _catalogued(GCSConfig, "data_config.gcs.")
    build = _catalogued(DataConfig, "data_config.", {"gcs": gcs})
    env = {"FLYTE_GCP_GSUTIL_PARALLELISM": "true", "FLYTE_AWS_RETRIES": "9"}
    reader = _reader(env, track=True)
    built = build(reader)
    assert built.gcs == GCSConfig(gsutil_parallelism=True)
    assert built.s3 == S3Config()  # no builder given: the default record, recorded as such
    assert reader.provenance["data_config.s3"] == Provenance("default", value=S3Config())
    assert reader.provenance["data_config.gcs.gsutil_parallelism"].value is True


def test_an_untouched_record_is_the_shared_default_and_a_read_one_is_not() -> None:
    build = _catalogued(StatsConfig, "stats.")
    default = build(_reader({"OTHER": "x"}, track=False))
    assert default == StatsConfig()
    assert build(_reader({}, track=False)) is default
    assert build(_reader({"FLYTE_STATSD_PORT": "1"}, track=False)) == StatsConfig(port=1)
    assert build(_reader({"FLYTE_SECRETS_PORT": "2"}, track=False)) == StatsConfig(port=2)
    assert build(_reader({}, ConfigFile("c.config", "[statsd]\nhost = h\n"), track=False)) == (
        StatsConfig(host="h")
    )
    tracked = _reader({}, track=True)
    assert build(tracked) == StatsConfig()
    assert list(tracked.provenance) == [
        "stats.host",
        "stats.port",
        "stats.disabled",
        "stats.disabled_tags",
    ]


def test_a_builder_skips_only_its_own_variables() -> None:
    build = _catalogued(LocalConfig, "local.")
    assert build(_reader({"FLYTE_LOCAL_CACHE_ENABLED": "0"}, track=False)) == LocalConfig(
        cache_enabled=False
    )
    with pytest.raises(ConfigError) as info:
        build(_reader({"FLYTE_LOCAL_CACHE_OVERWRITE": "maybe"}, track=False))
    assert info.value.env_var == "FLYTE_LOCAL_CACHE_OVERWRITE"


# --- the platform's client secret ------------------------------------------------------------


def test_a_client_secret_from_a_file_sets_the_auth_mode_and_says_why() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s", "FLYTE_CREDENTIALS_AUTH_MODE": "Pkce"}
    resolved = resolve_config(env, None, secret_files={"/s": "s3cret\n"}).unwrap()
    auth = resolved.provenance["platform.auth_mode"]
    assert (auth.source, auth.name, auth.value, auth.sensitive, auth.detail) == (
        "env",
        "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION",
        AuthType.CLIENTSECRET,
        False,
        "a client secret is configured, so the auth mode is ClientSecret",
    )
    assert [(p.source, p.value) for p in auth.shadowed] == [
        ("env", AuthType.PKCE),
        ("default", AuthType.STANDARD),
    ]
    secret = resolved.provenance["platform.client_credentials_secret"]
    assert (secret.detail, secret.sensitive, secret.value) == (
        "read from the file '/s'",
        True,
        "s3cret",
    )
    built = build_part(PLATFORM, env, None, secret_files={"/s": "s3cret\n"}).unwrap()
    assert (built.client_credentials_secret, built.auth_mode) == ("s3cret", AuthType.CLIENTSECRET)


def test_a_secret_file_of_whitespace_and_a_newline_keeps_the_plain_secret_but_sets_the_mode() -> (
    None
):
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s", "FLYTE_CREDENTIALS_CLIENT_SECRET": "p"}
    platform = build_part(PLATFORM, env, None, secret_files={"/s": " \n"}).unwrap()
    assert (platform.client_credentials_secret, platform.auth_mode) == ("p", AuthType.CLIENTSECRET)
    resolved = resolve_config(env, None, secret_files={"/s": " \n"}).unwrap()
    assert resolved.provenance["platform.client_credentials_secret"].value == "p"


def test_a_named_variable_s_secret_says_which_setting_named_it() -> None:
    file = ConfigFile("/c/config.yaml", "admin:\n  clientSecretEnvVar: MY_SECRET\n")
    env = {"MY_SECRET": "v"}
    resolved = resolve_config(env, file).unwrap()
    origin = resolved.provenance["platform.client_credentials_secret"]
    assert (origin.source, origin.name, origin.detail, origin.value, origin.sensitive) == (
        "env",
        "MY_SECRET",
        "named by admin.clientSecretEnvVar",
        "v",
        True,
    )
    built = build_part(PLATFORM, env, file).unwrap()
    assert (built.client_credentials_secret, built.auth_mode) == ("v", AuthType.CLIENTSECRET)


def test_a_missing_secret_file_is_an_error_of_the_part() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/gone"}
    error = build_part(PLATFORM, env, None).failure()
    assert isinstance(error, ClientSecretFileNotFound)
    assert error.path == "/gone"


# --- parts -----------------------------------------------------------------------------------


def test_the_part_of_each_record() -> None:
    assert part_for(Config) is CONFIG
    assert part_for(PlatformConfig) is PLATFORM
    assert part_for(S3Config) is S3
    assert (CONFIG.name, CONFIG.reads_client_secret) == ("Config", True)
    assert (S3.name, S3.reads_client_secret) == ("S3Config", False)
    with pytest.raises(TypeError) as info:
        part_for(int)
    assert str(info.value) == "int is not a configuration record"


def test_the_part_of_a_subclass_builds_the_subclass() -> None:
    @attrs.frozen
    class MyPlatform(PlatformConfig):
        extra: int = 5

    part = part_for(MyPlatform)
    assert (part.name, part.reads_client_secret) == ("MyPlatform", True)
    built = build_part(part, {"FLYTE_PLATFORM_URL": "u"}, None).unwrap()
    assert type(built) is MyPlatform
    assert (built.endpoint, built.extra) == ("u", 5)

    @attrs.frozen
    class MyTask(TaskConfig):
        pass

    assert part_for(MyTask).reads_client_secret is False


# --- build_part ------------------------------------------------------------------------------


def test_build_part_from_a_file_alone_is_memoised_and_equal_to_a_fresh_build() -> None:
    file = ConfigFile("/c/flytekit.config", "[aws]\nretries = 4\n")
    first = build_part(S3, {}, file).unwrap()
    assert first == S3Config(retries=4)
    assert build_part(S3, {}, file).unwrap() is first
    assert build_part(S3, {"OTHER": "x"}, file).unwrap() is first
    assert build_part(S3, {"FLYTE_AWS_RETRIES": "5"}, file).unwrap() == S3Config(retries=5)
    proxy = types.MappingProxyType({"FLYTE_AWS_RETRIES": "6"})
    assert build_part(S3, proxy, file).unwrap() == S3Config(retries=6)


def test_build_part_from_a_file_reads_the_secret_files_and_the_named_variable() -> None:
    text = "[credentials]\nclient_secret_location = /s\nclient_secret_env_var = MINE\n"
    file = ConfigFile("/c/flytekit.config", text)
    from_file = build_part(PLATFORM, {}, file, secret_files={"/s": "f\n"}).unwrap()
    assert from_file.client_credentials_secret == "f"
    named = build_part(PLATFORM, {"MINE": "m"}, file, secret_files={"/s": "f\n"}).unwrap()
    assert named.client_credentials_secret == "m"
    empty = build_part(PLATFORM, {"MINE": ""}, file, secret_files={"/s": "f\n"}).unwrap()
    assert empty.client_credentials_secret == "f"
    missing = build_part(PLATFORM, {}, file).failure()
    assert isinstance(missing, ClientSecretFileNotFound)
    assert (missing.key, missing.line) == ("[credentials] client_secret_location", 2)


def test_build_part_of_a_bad_file_value_is_a_failure_each_time() -> None:
    file = ConfigFile("/c/flytekit.config", "[aws]\nretries = x\n")
    for _ in range(2):
        error = build_part(S3, {}, file).failure()
        assert (error.key, error.reason) == ("[aws] retries", "not an integer: 'x'")


def test_client_secret_location_and_variable() -> None:
    assert client_secret_location({}, None).unwrap() is None
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "V"}
    assert client_secret_variable(env, None) == "V"
    assert client_secret_variable({}, None) is None
    yaml = ConfigFile("/c.yaml", "admin:\n  clientSecretEnvVar: [1]\n  clientSecretLocation: [1]\n")
    assert client_secret_variable({}, yaml) is None  # resolving says what is wrong
    error = client_secret_location({}, yaml).failure()
    assert (error.key, error.reason) == (
        "admin.clientSecretLocation",
        "expected a string, found a list",
    )


# --- the resolved configuration --------------------------------------------------------------


def test_describe_lists_each_field_and_what_it_shadows() -> None:
    file = ConfigFile("/c/flytekit.config", "[platform]\nurl = f\n")
    text = resolve_config({"FLYTE_PLATFORM_URL": "e"}, file).unwrap().describe()
    lines = text.splitlines()
    assert lines[:4] == [
        "platform.endpoint = 'e'  <- env FLYTE_PLATFORM_URL",
        "    shadows 'f' from file [platform] url at /c/flytekit.config:2",
        "    shadows 'localhost:30080' from default",
        "platform.insecure = False  <- default",
    ]
    assert lines[-1] == "local_sandbox_path = None  <- default"
    assert not text.endswith("\n")


def test_provenance_is_in_field_order_and_read_only() -> None:
    resolved = resolve_config({"FLYTE_SDK_LOGGING_LEVEL": "10"}, None).unwrap()
    paths = list(resolved.provenance)
    assert paths[:3] == ["platform.endpoint", "platform.insecure", "platform.insecure_skip_verify"]
    assert paths[-1] == "local_sandbox_path"
    with pytest.raises(TypeError):
        resolved.provenance["x"] = Provenance("default")  # type: ignore[index]  # pyright: ignore[reportIndexIssue]


def test_unknown_and_renamed_names_are_listed() -> None:
    env = {"FLYTE_PLATFORM_ULR": "x", "FLYTE_CREDENTIALS_SCOPE": "a"}
    resolved = resolve_config(env, None).unwrap()
    assert [name.name for name in resolved.unknown] == ["FLYTE_PLATFORM_ULR"]
    assert [name.name for name in resolved.renamed] == ["FLYTE_CREDENTIALS_SCOPE"]


def test_an_untouched_part_is_the_shared_default_record() -> None:
    first = build_part(STATS, {}, None).unwrap()
    assert first == StatsConfig()
    assert build_part(STATS, {"OTHER": "x"}, None).unwrap() is first


class _Plugin:
    HOST = ConfigEntry(LegacyConfigEntry("plug", "host"), YamlConfigEntry("plug.host"))
    PORT = ConfigEntry(LegacyConfigEntry("plug", "port", int))


def test_with_entries_adds_their_provenance_after_the_fields_and_knows_their_names() -> None:
    file = ConfigFile("/c/config.yaml", "plug:\n  host: h\nother: 1\n")
    env = {"FLYTE_PLUG_PORT": "5", "FLYTE_NOPE": "x"}
    resolved = resolve_config(env, file).unwrap()
    assert [name.name for name in resolved.unknown] == [
        "plug",
        "other",
        "FLYTE_PLUG_PORT",
        "FLYTE_NOPE",
    ]
    added = resolved.with_entries(entries_of(_Plugin), file, env)
    assert list(added.provenance)[-2:] == ["_Plugin.HOST", "_Plugin.PORT"]
    assert list(added.provenance)[:-2] == list(resolved.provenance)
    assert added.provenance["_Plugin.HOST"] == Provenance(
        "file", "plug.host", "/c/config.yaml:2", (Provenance("default"),), "h"
    )
    assert added.provenance["_Plugin.PORT"].value == 5
    assert [name.name for name in added.unknown] == ["other", "FLYTE_NOPE"]
    assert (added.config, added.renamed) == (resolved.config, resolved.renamed)
    with pytest.raises(ConfigError):
        resolved.with_entries(entries_of(_Plugin), file, {"FLYTE_PLUG_PORT": "x"})
