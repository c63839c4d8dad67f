"""The pure resolver: the entry catalogue, value transforms, precedence, provenance, purity."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator, Mapping

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.pipeline import is_successful

from ctxcore.core.config.catalogue import SETTINGS, env_name
from ctxcore.core.config.file import ConfigFile
from ctxcore.core.config.reader import SettingsReader
from ctxcore.core.config.records import Config, LocalConfig, TaskConfig
from ctxcore.core.config.resolve import (
    LOCAL,
    PLATFORM,
    TASK,
    ResolvedConfig,
    build_part,
    client_secret_location,
    resolve_config,
)
from ctxcore.core.config.values import AuthType, yaml_exists
from ctxcore.core.errors import ClientSecretFileNotFound, ConfigError
from ctxcore.testing.strategies.config import (
    config_to_env,
    config_to_ini,
    config_to_yaml,
    configs,
    field_value,
    platform_configs,
)

# The catalogue of §2.4, written out independently of the code (the last four rows are the
# reference's StatsD names, section "secrets", still accepted as a fallback; the two before
# them the old names of [credentials] scopes, renamed by the reference and still read):
# env var | INI section | INI option | YAML key | field path | kind
CATALOGUE_TABLE = """
FLYTE_PERSISTENCE_ATTACH_EXECUTION_METADATA | persistence | attach_execution_metadata | - | data_config.generic.attach_execution_metadata | bool
FLYTE_AWS_ENDPOINT | aws | endpoint | storage.connection.endpoint | data_config.s3.endpoint | str
FLYTE_AWS_ACCESS_KEY_ID | aws | access_key_id | storage.connection.access-key | data_config.s3.access_key_id | str
FLYTE_AWS_SECRET_ACCESS_KEY | aws | secret_access_key | storage.connection.secret-key | data_config.s3.secret_access_key | str
FLYTE_AWS_ENABLE_DEBUG | aws | enable_debug | - | data_config.s3.enable_debug | bool
FLYTE_AWS_RETRIES | aws | retries | - | data_config.s3.retries | int
FLYTE_AWS_BACKOFF_SECONDS | aws | backoff_seconds | - | data_config.s3.backoff | seconds
FLYTE_AWS_ADDRESSING_STYLE | aws | addressing_style | storage.connection.addressing-style | data_config.s3.adressing_style | str
FLYTE_AWS_RETRY_DEADLINE_SECONDS | aws | retry_deadline_seconds | - | data_config.s3.retry_deadline | positive seconds
FLYTE_GCP_GSUTIL_PARALLELISM | gcp | gsutil_parallelism | - | data_config.gcs.gsutil_parallelism | bool
FLYTE_AZURE_STORAGE_ACCOUNT_NAME | azure | storage_account_name | - | data_config.azure.account_name | str
FLYTE_AZURE_STORAGE_ACCOUNT_KEY | azure | storage_account_key | - | data_config.azure.account_key | str
FLYTE_AZURE_TENANT_ID | azure | tenant_id | - | data_config.azure.tenant_id | str
FLYTE_AZURE_CLIENT_ID | azure | client_id | - | data_config.azure.client_id | str
FLYTE_AZURE_CLIENT_SECRET | azure | client_secret | - | data_config.azure.client_secret | str
FLYTE_LOCAL_CACHE_ENABLED | local | cache_enabled | - | local.cache_enabled | bool
FLYTE_LOCAL_CACHE_OVERWRITE | local | cache_overwrite | - | local.cache_overwrite | bool
FLYTE_LOCAL_PROJECT | local | project | task.project | task.project | str
FLYTE_LOCAL_DOMAIN | local | domain | task.domain | task.domain | str
FLYTE_LOCAL_ORG | local | org | task.org | task.org | str
FLYTE_CREDENTIALS_COMMAND | credentials | command | admin.command | platform.command | list
FLYTE_CREDENTIALS_PROXY_COMMAND | credentials | proxy_command | admin.proxyCommand | platform.proxy_command | list
FLYTE_CREDENTIALS_CLIENT_ID | credentials | client_id | admin.clientId | platform.client_id | str
FLYTE_CREDENTIALS_CLIENT_SECRET | credentials | client_secret | - | platform.client_credentials_secret | str
FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION | credentials | client_secret_location | admin.clientSecretLocation | credentials.client_secret_location | str
FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR | credentials | client_secret_env_var | admin.clientSecretEnvVar | credentials.client_secret_env_var | str
FLYTE_CREDENTIALS_SCOPES | credentials | scopes | admin.scopes | platform.scopes | list
FLYTE_CREDENTIALS_AUTH_MODE | credentials | auth_mode | admin.authType | platform.auth_mode | auth
FLYTE_CREDENTIALS_AUDIENCE | credentials | audience | admin.audience | platform.audience | str
FLYTE_PLATFORM_URL | platform | url | admin.endpoint | platform.endpoint | endpoint
FLYTE_PLATFORM_INSECURE | platform | insecure | admin.insecure | platform.insecure | bool
FLYTE_PLATFORM_INSECURE_SKIP_VERIFY | platform | insecure_skip_verify | admin.insecureSkipVerify | platform.insecure_skip_verify | bool
FLYTE_PLATFORM_CONSOLE_ENDPOINT | platform | console_endpoint | console.endpoint | platform.console_endpoint | str
FLYTE_PLATFORM_CA_CERT_FILE_PATH | platform | ca_cert_file_path | admin.caCertFilePath | platform.ca_cert_file_path | str
FLYTE_PLATFORM_HTTP_PROXY_URL | platform | http_proxy_url | admin.httpProxyURL | platform.http_proxy_url | str
FLYTE_SDK_WORKFLOW_PACKAGES | sdk | workflow_packages | - | sdk.workflow_packages | list
FLYTE_SDK_LOCAL_SANDBOX | sdk | local_sandbox | - | local_sandbox_path | str
FLYTE_SDK_LOGGING_LEVEL | sdk | logging_level | - | sdk.logging_level | int
FLYTE_SECRETS_ENV_PREFIX | secrets | env_prefix | - | secrets.env_prefix | str
FLYTE_SECRETS_DEFAULT_DIR | secrets | default_dir | - | secrets.default_dir | str
FLYTE_SECRETS_FILE_PREFIX | secrets | file_prefix | - | secrets.file_prefix | str
FLYTE_STATSD_HOST | statsd | host | - | stats.host | str
FLYTE_STATSD_PORT | statsd | port | - | stats.port | int
FLYTE_STATSD_DISABLED | statsd | disabled | - | stats.disabled | bool
FLYTE_STATSD_DISABLE_TAGS | statsd | disable_tags | - | stats.disabled_tags | bool
FLYTE_CREDENTIALS_OAUTH_SCOPES | credentials | oauth_scopes | - | platform.scopes | list
FLYTE_CREDENTIALS_SCOPE | credentials | scope | - | platform.scopes | list
FLYTE_SECRETS_HOST | secrets | host | - | stats.host | str
FLYTE_SECRETS_PORT | secrets | port | - | stats.port | int
FLYTE_SECRETS_DISABLED | secrets | disabled | - | stats.disabled | bool
FLYTE_SECRETS_DISABLE_TAGS | secrets | disable_tags | - | stats.disabled_tags | bool
"""  # noqa: E501
CATALOGUE: list[tuple[str, str, str, str | None, str, str]] = [
    (env, section, option, None if key == "-" else key, path, kind)
    for env, section, option, key, path, kind in (
        tuple(cell.strip() for cell in line.split("|"))
        for line in CATALOGUE_TABLE.strip().splitlines()
    )
]

# A raw text per kind and what it becomes; the bool example differs from every default.
SAMPLES: dict[str, tuple[str, object]] = {
    "str": ("v-1", "v-1"),
    "endpoint": ("dns:///flyte.example.com:81", "flyte.example.com:81"),
    "int": ("7", 7),
    "seconds": ("9", datetime.timedelta(seconds=9)),
    "positive seconds": ("9", datetime.timedelta(seconds=9)),
    "list": ("a, b", ("a", " b")),
    "auth": ("Pkce", AuthType.PKCE),
}
_BOOL_DEFAULTS = {
    "data_config.generic.attach_execution_metadata": True,
    "local.cache_enabled": True,
}


def sample(path: str, kind: str) -> tuple[str, object]:
    if kind == "bool":
        flipped = not _BOOL_DEFAULTS.get(path, False)
        return ("true" if flipped else "false"), flipped
    return SAMPLES[kind]


def value_at(env: Mapping[str, str], file: ConfigFile | None, path: str) -> object:
    """The value a field (or a non-field setting) resolves to."""
    if path.startswith("local."):
        return field_value(build_part(LOCAL, env, file).unwrap(), path.removeprefix("local."))
    if path.startswith("task."):
        return field_value(build_part(TASK, env, file).unwrap(), path.removeprefix("task."))
    if path.startswith(("sdk.", "credentials.")):
        (setting,) = [s for s in SETTINGS if s.path == path]
        return SettingsReader(env, file, {}, track=False).lookup(setting)[0]
    return field_value(resolve_config(env, file).unwrap().config, path)


def yaml_text(key: str, raw: str) -> str:
    *parents, leaf = key.split(".")
    lines = [f"{'  ' * depth}{parent}:" for depth, parent in enumerate(parents)]
    lines.append(f"{'  ' * len(parents)}{leaf}: {raw!r}")
    return "\n".join(lines) + "\n"


def test_the_catalogue_is_complete() -> None:
    names = {env for s in SETTINGS for env in s.env_names}
    assert names == {row[0] for row in CATALOGUE}
    for setting in SETTINGS:
        assert setting.env_var == f"FLYTE_{setting.section.upper()}_{setting.option.upper()}"


@pytest.mark.parametrize(("env", "section", "option", "key", "path", "kind"), CATALOGUE)
def test_every_entry_from_the_environment(
    env: str, section: str, option: str, key: str | None, path: str, kind: str
) -> None:
    raw, expected = sample(path, kind)
    assert value_at({env: raw}, None, path) == expected


@pytest.mark.parametrize(("env", "section", "option", "key", "path", "kind"), CATALOGUE)
def test_every_entry_from_ini(
    env: str, section: str, option: str, key: str | None, path: str, kind: str
) -> None:
    raw, expected = sample(path, kind)
    file = ConfigFile("/c/flytekit.config", f"[{section}]\n{option} = {raw}\n")
    assert value_at({}, file, path) == expected


@pytest.mark.parametrize(
    ("env", "section", "option", "key", "path", "kind"), [r for r in CATALOGUE if r[3]]
)
def test_every_yaml_entry(
    env: str, section: str, option: str, key: str, path: str, kind: str
) -> None:
    raw, expected = sample(path, kind)
    file = ConfigFile("/c/config.yaml", yaml_text(key, raw))
    assert value_at({}, file, path) == expected


@pytest.mark.parametrize(
    ("env", "section", "option", "key", "path", "kind"), [r for r in CATALOGUE if not r[3]]
)
def test_entries_without_a_yaml_key_ignore_yaml(
    env: str, section: str, option: str, key: None, path: str, kind: str
) -> None:
    raw, _ = sample(path, kind)
    file = ConfigFile("/c/config.yaml", f"{section}:\n  {option}: {raw!r}\n")
    assert value_at({}, file, path) == value_at({}, None, path)


# --- transforms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(w, True) for w in ("true", "TRUE", "True", "1", "yes", "YES", "on", "On")],
        *[(w, False) for w in ("false", "FALSE", "0", "no", "No", "off", "OFF", "")],
    ],
)
def test_bool_words(raw: str, expected: bool) -> None:
    assert value_at({"FLYTE_PLATFORM_INSECURE": raw}, None, "platform.insecure") is expected
    ini = ConfigFile("c.config", f"[platform]\ninsecure = {raw}\n")
    assert value_at({}, ini, "platform.insecure") is expected
    yaml = ConfigFile("c.yaml", f"admin:\n  insecure: {raw!r}\n")
    assert value_at({}, yaml, "platform.insecure") is (expected if raw else False)


@pytest.mark.parametrize("raw", ["maybe", "truee", " true", "2", "yess", "t"])
def test_other_bool_words_are_errors_naming_the_variable(raw: str) -> None:
    result = resolve_config({"FLYTE_PLATFORM_INSECURE": raw}, None)
    error = result.failure()
    assert error.env_var == "FLYTE_PLATFORM_INSECURE"
    assert "FLYTE_PLATFORM_INSECURE" in str(error)
    assert "not a boolean" in str(error)


def test_bad_bool_in_ini_names_file_line_and_key() -> None:
    file = ConfigFile("/c/flytekit.config", "[aws]\nretries = 2\n\n[platform]\ninsecure = maybe\n")
    error = resolve_config({}, file).failure()
    assert (error.file, error.line, error.key) == ("/c/flytekit.config", 5, "[platform] insecure")
    assert "line 5" in str(error)


def test_bad_bool_in_yaml_names_file_line_and_key() -> None:
    file = ConfigFile("/c/config.yaml", "admin:\n  endpoint: x\n  insecure: maybe\n")
    error = resolve_config({}, file).failure()
    assert (error.file, error.line, error.key) == ("/c/config.yaml", 3, "admin.insecure")


def test_yaml_wrong_type_is_an_error() -> None:
    file = ConfigFile("/c/config.yaml", "admin:\n  insecure: [1, 2]\n")
    assert "expected a boolean" in str(resolve_config({}, file).failure())
    listed = ConfigFile("/c/config.yaml", "admin:\n  endpoint: {a: 1}\n")
    assert "expected a string, found a mapping" in str(resolve_config({}, listed).failure())
    shaped = ConfigFile("/c/config.yaml", "admin: [endpoint]\n")
    error = resolve_config({}, shaped).failure()
    assert (error.line, error.key) == (1, "admin")


@pytest.mark.parametrize("raw", ["x", "", "1.5", "9" * 5000])
def test_bad_ints_are_errors_naming_the_variable(raw: str) -> None:
    error = resolve_config({"FLYTE_AWS_RETRIES": raw}, None).failure()
    assert error.env_var == "FLYTE_AWS_RETRIES"
    assert "not an integer" in str(error)
    assert len(str(error)) < 300


def test_bad_backoff_and_port() -> None:
    assert resolve_config({"FLYTE_AWS_BACKOFF_SECONDS": "soon"}, None).failure().env_var == (
        "FLYTE_AWS_BACKOFF_SECONDS"
    )
    assert resolve_config({"FLYTE_AWS_BACKOFF_SECONDS": "9" * 30}, None).failure().env_var == (
        "FLYTE_AWS_BACKOFF_SECONDS"
    )
    assert resolve_config({"FLYTE_STATSD_PORT": "x"}, None).failure().env_var == "FLYTE_STATSD_PORT"


def test_unknown_auth_type_is_an_error() -> None:
    error = resolve_config({"FLYTE_CREDENTIALS_AUTH_MODE": "Kerberos"}, None).failure()
    assert error.env_var == "FLYTE_CREDENTIALS_AUTH_MODE"
    assert "unknown auth type 'Kerberos'" in str(error)
    yaml = ConfigFile("/c.yaml", "admin:\n  authType: Kerberos\n")
    assert resolve_config({}, yaml).failure().line == 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a,b", ("a", "b")),
        ("a, b", ("a", " b")),
        (" a ,b ", (" a ", "b ")),
        ("a", ("a",)),
        ("", ("",)),
        ("a,,b", ("a", "", "b")),
    ],
)
def test_comma_lists_are_not_trimmed(raw: str, expected: tuple[str, ...]) -> None:
    assert value_at({"FLYTE_CREDENTIALS_SCOPES": raw}, None, "platform.scopes") == expected


def test_yaml_lists_and_strings() -> None:
    listed = ConfigFile("c.yaml", "admin:\n  scopes: [all, offline]\n  command: [a, 1]\n")
    platform = resolve_config({}, listed).unwrap().config.platform
    assert (platform.scopes, platform.command) == (("all", "offline"), ("a", "1"))
    joined = ConfigFile("c.yaml", "admin:\n  scopes: 'all,offline'\n")
    assert resolve_config({}, joined).unwrap().config.platform.scopes == ("all", "offline")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("dns:///flyte.example.com", "flyte.example.com"),
        ("flyte.example.com:443", "flyte.example.com:443"),
        ("dns:///a dns:///b", "a b"),
        ("dns:///", "localhost:30080"),
    ],
)
def test_dns_prefix_is_removed(raw: str, expected: str) -> None:
    assert value_at({"FLYTE_PLATFORM_URL": raw}, None, "platform.endpoint") == expected


def test_backoff_seconds_become_a_timedelta() -> None:
    file = ConfigFile("c.config", "[aws]\nbackoff_seconds = 30\n")
    assert resolve_config({}, file).unwrap().config.data_config.s3.backoff == (
        datetime.timedelta(seconds=30)
    )


def test_the_retry_deadline_is_at_most_a_day_of_seconds_with_a_default() -> None:
    assert resolve_config({}, None).unwrap().config.data_config.s3.retry_deadline == (
        datetime.timedelta(seconds=600)
    )
    env = {"FLYTE_AWS_RETRY_DEADLINE_SECONDS": "0"}  # 0 leaves the default, as for every number
    assert value_at(env, None, "data_config.s3.retry_deadline") == datetime.timedelta(seconds=600)
    refused = resolve_config({"FLYTE_AWS_RETRY_DEADLINE_SECONDS": "-30"}, None).failure()
    assert isinstance(refused, ConfigError)
    assert refused.env_var == "FLYTE_AWS_RETRY_DEADLINE_SECONDS"
    assert "-30 is out of range: expected whole seconds from 0 to 86400" in str(refused)
    too_long = resolve_config({"FLYTE_AWS_RETRY_DEADLINE_SECONDS": "86401"}, None).failure()
    assert isinstance(too_long, ConfigError)
    file = ConfigFile("c.config", "[aws]\nretry_deadline_seconds = -1\n")
    in_file = resolve_config({}, file).failure()
    assert isinstance(in_file, ConfigError)
    assert (in_file.line, in_file.key) == (2, "[aws] retry_deadline_seconds")


def test_addressing_style_is_passed_through() -> None:
    for style in ("path", "virtual", "auto"):
        env = {"FLYTE_AWS_ADDRESSING_STYLE": style}
        assert value_at(env, None, "data_config.s3.adressing_style") == style


# --- the reference's "counts as unset" rules -------------------------------------------------


def test_empty_env_string_gives_the_default_and_hides_the_file() -> None:
    file = ConfigFile("c.config", "[platform]\nurl = from-file\n")
    resolved = resolve_config({"FLYTE_PLATFORM_URL": ""}, file).unwrap()
    assert resolved.config.platform.endpoint == "localhost:30080"
    origin = resolved.provenance["platform.endpoint"]
    assert (origin.source, origin.name) == ("env", "FLYTE_PLATFORM_URL")
    assert origin.detail is not None
    assert "unset" in origin.detail
    assert [h.source for h in origin.shadowed] == ["file", "default"]


def test_zero_counts_as_unset_like_the_reference() -> None:
    assert value_at({"FLYTE_AWS_RETRIES": "0"}, None, "data_config.s3.retries") == 3
    assert value_at({"FLYTE_AWS_BACKOFF_SECONDS": "0"}, None, "data_config.s3.backoff") == (
        datetime.timedelta(seconds=5)
    )


@pytest.mark.parametrize("raw", ['""', "0", "[]", "{}", "null", "''"])
def test_yaml_values_that_do_not_exist_give_the_default(raw: str) -> None:
    file = ConfigFile("c.yaml", f"admin:\n  endpoint: {raw}\n  clientId: {raw}\n")
    platform = resolve_config({}, file).unwrap().config.platform
    assert (platform.endpoint, platform.client_id) == ("localhost:30080", None)


def test_yaml_false_is_kept() -> None:
    file = ConfigFile("c.yaml", "admin:\n  insecure: false\n")
    resolved = resolve_config({}, file).unwrap()
    assert resolved.config.platform.insecure is False
    assert resolved.provenance["platform.insecure"].source == "file"


# --- precedence ------------------------------------------------------------------------------


def test_env_beats_file_beats_default() -> None:
    file = ConfigFile("c.config", "[platform]\nurl = from-file\ninsecure = true\n")
    config = resolve_config({"FLYTE_PLATFORM_URL": "from-env"}, file).unwrap().config
    assert config.platform.endpoint == "from-env"
    assert config.platform.insecure is True
    assert config.platform.console_endpoint is None


def test_ini_never_falls_through_to_yaml_keys() -> None:
    file = ConfigFile("c.config", "[admin]\nendpoint = from-yaml-key\n")
    assert resolve_config({}, file).unwrap().config.platform.endpoint == "localhost:30080"


def test_statsd_names_and_their_fallback() -> None:
    fallback = {"FLYTE_SECRETS_HOST": "old", "FLYTE_SECRETS_PORT": "1"}
    assert resolve_config(fallback, None).unwrap().config.stats.host == "old"
    both = {**fallback, "FLYTE_STATSD_HOST": "new"}
    stats = resolve_config(both, None).unwrap().config.stats
    assert (stats.host, stats.port) == ("new", 1)
    ini = ConfigFile("c.config", "[secrets]\nhost = s\nport = 2\n[statsd]\nhost = d\n")
    stats = resolve_config({}, ini).unwrap().config.stats
    assert (stats.host, stats.port) == ("d", 2)
    assert resolve_config({"FLYTE_SECRETS_HOST": "e"}, ini).unwrap().config.stats.host == "e"
    origin = resolve_config(both, ini).unwrap().provenance["stats.host"]
    assert origin.name == "FLYTE_STATSD_HOST"
    assert [h.name for h in origin.shadowed] == [
        "FLYTE_SECRETS_HOST",
        "[statsd] host",
        "[secrets] host",
        None,
    ]


def test_local_and_task_parts() -> None:
    env = {"FLYTE_LOCAL_CACHE_ENABLED": "false", "FLYTE_LOCAL_PROJECT": "p"}
    assert build_part(LOCAL, env, None).unwrap() == LocalConfig(cache_enabled=False)
    file = ConfigFile("c.yaml", "task:\n  domain: d\n  org: o\n")
    assert build_part(TASK, env, file).unwrap() == TaskConfig("p", "d", "o")
    assert build_part(TASK, {}, None).unwrap() == TaskConfig()


def test_a_part_reads_only_its_own_settings() -> None:
    env = {"FLYTE_AWS_RETRIES": "x", "FLYTE_LOCAL_PROJECT": "p"}
    assert build_part(TASK, env, None).unwrap().project == "p"
    assert not is_successful(build_part(PLATFORM, {"FLYTE_PLATFORM_INSECURE": "x"}, None))


# --- client secret -----------------------------------------------------------------------------


def test_client_secret_from_a_file_with_trailing_newline() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/etc/secret"}
    assert client_secret_location(env, None).unwrap() == "/etc/secret"
    resolved = resolve_config(env, None, secret_files={"/etc/secret": "  s3cret \n"}).unwrap()
    assert resolved.config.platform.client_credentials_secret == "s3cret"
    assert resolved.config.platform.auth_mode is AuthType.CLIENTSECRET
    origin = resolved.provenance["platform.client_credentials_secret"]
    assert origin.name == "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION"
    assert "s3cret" not in repr(origin)
    assert "s3cret" not in resolved.describe()
    auth = resolved.provenance["platform.auth_mode"]
    assert auth.value is AuthType.CLIENTSECRET
    assert auth.shadowed[-1].value is AuthType.STANDARD


def test_client_secret_file_without_trailing_newline_is_kept_as_is() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s"}
    config = resolve_config(env, None, secret_files={"/s": " s3cret "}).unwrap().config
    assert config.platform.client_credentials_secret == " s3cret "


def test_empty_client_secret_file_changes_nothing() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s", "FLYTE_CREDENTIALS_AUTH_MODE": "Pkce"}
    platform = resolve_config(env, None, secret_files={"/s": ""}).unwrap().config.platform
    assert (platform.client_credentials_secret, platform.auth_mode) == (None, AuthType.PKCE)


def test_client_secret_location_from_yaml() -> None:
    file = ConfigFile("/c/config.yaml", "admin:\n  clientSecretLocation: /s\n")
    assert client_secret_location({}, file).unwrap() == "/s"
    config = resolve_config({}, file, secret_files={"/s": "x\n"}).unwrap().config
    assert config.platform.client_credentials_secret == "x"


def test_missing_client_secret_file_names_the_file_and_the_setting() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/nope"}
    error = resolve_config(env, None).failure()
    assert isinstance(error, ClientSecretFileNotFound)
    assert isinstance(error, FileNotFoundError)
    assert error.filename == "/nope"
    assert "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION" in str(error)
    assert "/nope" in str(error)
    file = ConfigFile("/c/config.yaml", "admin:\n  endpoint: x\n  clientSecretLocation: /nope\n")
    from_file = build_part(PLATFORM, {}, file).failure()
    assert isinstance(from_file, ClientSecretFileNotFound)
    assert (from_file.file, from_file.line, from_file.key) == (
        "/c/config.yaml",
        3,
        "admin.clientSecretLocation",
    )


def test_client_secret_from_a_named_env_var() -> None:
    env = {
        "FLYTE_CREDENTIALS_CLIENT_SECRET": "plain",
        "FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "MY_SECRET",
        "MY_SECRET": "from-var",
    }
    resolved = resolve_config(env, None).unwrap()
    assert resolved.config.platform.client_credentials_secret == "from-var"
    assert resolved.config.platform.auth_mode is AuthType.CLIENTSECRET
    origin = resolved.provenance["platform.client_credentials_secret"]
    assert (origin.source, origin.name) == ("env", "MY_SECRET")
    assert [h.name for h in origin.shadowed] == ["FLYTE_CREDENTIALS_CLIENT_SECRET", None]


@pytest.mark.parametrize(
    ("env", "secret_files"),
    [
        ({"FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "MY_SECRET", "MY_SECRET": "v"}, {}),
        ({"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s"}, {"/s": "v\n"}),
    ],
)
def test_the_auth_mode_a_secret_sets_is_shown_not_redacted(
    env: dict[str, str], secret_files: dict[str, str]
) -> None:
    resolved = resolve_config(env, None, secret_files=secret_files).unwrap()
    auth = resolved.provenance["platform.auth_mode"]
    assert (auth.sensitive, auth.shown_value()) == (False, repr(AuthType.CLIENTSECRET))
    assert f"platform.auth_mode = {AuthType.CLIENTSECRET!r}  <- " in resolved.describe()


def test_named_env_var_beats_the_file() -> None:
    env = {
        "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s",
        "FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "MY_SECRET",
        "MY_SECRET": "from-var",
    }
    resolved = resolve_config(env, None, secret_files={"/s": "from-file\n"}).unwrap()
    assert resolved.config.platform.client_credentials_secret == "from-var"
    hidden = resolved.provenance["platform.client_credentials_secret"].shadowed
    assert hidden[0].name == "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION"


def test_empty_or_unset_named_env_var_changes_nothing() -> None:
    for extra in ({}, {"MY_SECRET": ""}):
        env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "MY_SECRET", **extra}
        platform = resolve_config(env, None).unwrap().config.platform
        assert (platform.client_credentials_secret, platform.auth_mode) == (
            None,
            AuthType.STANDARD,
        )


def test_plain_client_secret_does_not_change_the_auth_mode() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET": "x", "FLYTE_CREDENTIALS_AUTH_MODE": "basic"}
    platform = build_part(PLATFORM, env, None).unwrap()
    assert (platform.client_credentials_secret, platform.auth_mode) == ("x", AuthType.BASIC)


# --- provenance ------------------------------------------------------------------------------


def test_provenance_covers_every_field_in_order() -> None:
    resolved = resolve_config({}, None).unwrap()
    paths = list(resolved.provenance)
    assert paths[0] == "platform.endpoint"
    assert paths[-1] == "local_sandbox_path"
    assert "platform.rpc_retries" in paths
    assert len(paths) == 14 + 3 + 4 + 8 + 1 + 5 + 1 + 1
    assert all(p.source == "default" and not p.shadowed for p in resolved.provenance.values())


def leaf_paths(record: object, prefix: str) -> Iterator[str]:
    """Dotted paths of a record's non-record fields, in field order."""
    record_type = type(record)
    if not attrs.has(record_type):
        return
    for field in attrs.fields(record_type):
        name: str = field.name
        value: object = getattr(record, name)
        if attrs.has(type(value)):
            yield from leaf_paths(value, f"{prefix}{name}.")
        else:
            yield prefix + name


@pytest.mark.parametrize(
    ("env", "secret_files"),
    [
        ({}, {}),
        ({"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s", "FLYTE_AWS_RETRIES": "2"}, {"/s": "x"}),
        ({"FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "V", "V": "x", "FLYTE_LOCAL_ORG": "o"}, {}),
    ],
)
def test_provenance_is_in_field_order_even_when_the_secret_overrides(
    env: dict[str, str], secret_files: dict[str, str]
) -> None:
    resolved = resolve_config(env, None, secret_files=secret_files).unwrap()
    assert list(resolved.provenance) == list(leaf_paths(resolved.config, ""))


def test_provenance_with_file_lines() -> None:
    file = ConfigFile("/c/config.yaml", "admin:\n  endpoint: dns:///a\n  insecure: true\n")
    origin = resolve_config({"FLYTE_PLATFORM_URL": "b"}, file).unwrap().provenance
    endpoint = origin["platform.endpoint"]
    assert (endpoint.source, endpoint.name, endpoint.location, endpoint.value) == (
        "env",
        "FLYTE_PLATFORM_URL",
        None,
        "b",
    )
    file_side, default_side = endpoint.shadowed
    assert (file_side.source, file_side.name, file_side.location, file_side.value) == (
        "file",
        "admin.endpoint",
        "/c/config.yaml:2",
        "a",
    )
    assert (default_side.source, default_side.value) == ("default", "localhost:30080")
    insecure = origin["platform.insecure"]
    assert (insecure.source, insecure.location) == ("file", "/c/config.yaml:3")
    ini = ConfigFile("/c/flytekit.config", "[x]\n\n[aws]\nretries = 5\n")
    retries = resolve_config({}, ini).unwrap().provenance["data_config.s3.retries"]
    assert (retries.name, retries.location, retries.value) == (
        "[aws] retries",
        "/c/flytekit.config:4",
        5,
    )


def test_invalid_shadowed_values_are_recorded_not_raised() -> None:
    file = ConfigFile("c.config", "[aws]\nretries = many\n")
    resolved = resolve_config({"FLYTE_AWS_RETRIES": "4"}, file).unwrap()
    origin = resolved.provenance["data_config.s3.retries"]
    assert origin.value == 4
    assert origin.shadowed[0].detail is not None
    assert "not an integer" in origin.shadowed[0].detail
    assert resolve_config({}, file).failure().key == "[aws] retries"


def test_a_bad_interpolation_in_a_shadowed_ini_value_is_recorded_not_raised() -> None:
    file = ConfigFile("c.config", "[statsd]\nport = %(nope)s\n[secrets]\nport = 9\n")
    resolved = resolve_config({"FLYTE_STATSD_PORT": "7"}, file).unwrap()
    origin = resolved.provenance["stats.port"]
    assert origin.value == 7
    assert "refers to option 'nope'" in (origin.shadowed[0].detail or "")
    assert origin.shadowed[1].value == 9
    error = resolve_config({}, file).failure()
    assert (error.key, error.line) == ("[statsd] port", 2)


# --- numbers are checked where they enter (issue 11) -------------------------------------------

_RANGES = [
    ("FLYTE_STATSD_PORT", "statsd", "port", "stats.port", 65535, 65536, 8125),
    ("FLYTE_SECRETS_PORT", "secrets", "port", "stats.port", 65535, 70000, 8125),
    ("FLYTE_AWS_RETRIES", "aws", "retries", "data_config.s3.retries", 100, 2000, 3),
    (
        "FLYTE_AWS_BACKOFF_SECONDS",
        "aws",
        "backoff_seconds",
        "data_config.s3.backoff",
        3600,
        10**9,
        datetime.timedelta(seconds=5),
    ),
    ("FLYTE_SDK_LOGGING_LEVEL", "sdk", "logging_level", "sdk.logging_level", 50, 51, None),
]


@pytest.mark.parametrize(("env", "section", "option", "path", "top", "over", "default"), _RANGES)
def test_numbers_out_of_range_are_errors_naming_where_they_came_from(
    env: str, section: str, option: str, path: str, top: int, over: int, default: object
) -> None:
    for bad in (str(over), "-1", "-5", str(10**4000)):
        error = _error_at({env: bad}, None, path)
        assert error.env_var == env, bad
        assert "out of range" in str(error), str(error)
        assert len(str(error)) < 200
    file = ConfigFile("/c/flytekit.config", f"[{section}]\n{option} = {over}\n")
    error = _error_at({}, file, path)
    assert (error.file, error.line, error.key) == ("/c/flytekit.config", 2, f"[{section}] {option}")
    top_value = datetime.timedelta(seconds=top) if isinstance(default, datetime.timedelta) else top
    assert value_at({env: str(top)}, None, path) == top_value
    assert value_at({env: "0"}, None, path) == default  # zero counts as unset, as before


def _error_at(env: Mapping[str, str], file: ConfigFile | None, path: str) -> ConfigError:
    """The error resolving the field (or, for ``sdk.``, looking up the setting) at ``path``."""
    if not path.startswith("sdk."):
        return resolve_config(env, file).failure()
    (setting,) = [s for s in SETTINGS if s.path == path]
    with pytest.raises(ConfigError) as info:
        SettingsReader(env, file, {}, track=False).lookup(setting)
    return info.value


def test_describe_is_readable_and_redacts() -> None:
    env = {"FLYTE_AWS_SECRET_ACCESS_KEY": "hunter2", "FLYTE_PLATFORM_URL": "e"}
    text = resolve_config(env, None).unwrap().describe()
    assert "platform.endpoint = 'e'  <- env FLYTE_PLATFORM_URL" in text
    assert "shadows 'localhost:30080' from default" in text
    assert "hunter2" not in text
    assert "data_config.s3.secret_access_key = '<redacted>'" in text


# --- properties ------------------------------------------------------------------------------

_pinned_configs = configs(platform=platform_configs(rpc_retries=3))


@given(_pinned_configs)
def test_env_round_trip(config: Config) -> None:
    assert resolve_config(config_to_env(config), None).unwrap().config == config


@given(_pinned_configs)
def test_ini_round_trip(config: Config) -> None:
    file = ConfigFile("/p/flytekit.config", config_to_ini(config))
    assert resolve_config({}, file).unwrap().config == config


@given(_pinned_configs)
def test_yaml_values_are_read_back(config: Config) -> None:
    file = ConfigFile("/p/config.yaml", config_to_yaml(config))
    resolved = resolve_config({}, file).unwrap()
    for setting in SETTINGS:
        if setting.yaml_key is None or setting.path not in resolved.provenance:
            continue
        expected = field_value(config, setting.path)
        if expected in (None, ()):
            continue
        assert field_value(resolved.config, setting.path) == expected
        assert resolved.provenance[setting.path].source == "file"


@given(_pinned_configs, _pinned_configs)
def test_the_environment_always_wins(in_env: Config, in_file: Config) -> None:
    env = config_to_env(in_env)
    file = ConfigFile("/p/flytekit.config", config_to_ini(in_file))
    resolved = resolve_config(env, file).unwrap()
    for setting in SETTINGS:
        if setting.env_var in env:
            assert field_value(resolved.config, setting.path) == field_value(in_env, setting.path)
            origin = resolved.provenance[setting.path]
            assert (origin.source, origin.name) == ("env", setting.env_var)


@given(_pinned_configs)
def test_a_file_value_wins_over_the_default(in_file: Config) -> None:
    file = ConfigFile("/p/flytekit.config", config_to_ini(in_file))
    resolved = resolve_config({}, file).unwrap()
    written = config_to_env(in_file)
    for setting in SETTINGS:
        if setting.env_var in written:
            origin = resolved.provenance[setting.path]
            assert origin.source == "file"
            assert origin.name == f"[{setting.section}] {setting.option}"
            assert origin.location is not None
            assert origin.location.startswith("/p/flytekit.config:")
            assert origin.shadowed[-1].source == "default"


@given(_pinned_configs, _pinned_configs)
def test_provenance_names_the_winner_and_what_it_shadowed(a: Config, b: Config) -> None:
    env = config_to_env(a)
    in_file = config_to_env(b)
    file = ConfigFile("/p/flytekit.config", config_to_ini(b))
    resolved = resolve_config(env, file).unwrap()
    for setting in SETTINGS:
        if setting.path not in resolved.provenance or setting.path.startswith("platform.auth"):
            continue
        origin = resolved.provenance[setting.path]
        expected: list[tuple[str, str | None]] = []
        if setting.env_var in env:
            expected.append(("env", setting.env_var))
        if setting.env_var in in_file:
            expected.append(("file", f"[{setting.section}] {setting.option}"))
        expected.append(("default", None))
        chain = [(origin.source, origin.name)] + [(h.source, h.name) for h in origin.shadowed]
        assert chain == expected
        assert origin.value == field_value(resolved.config, setting.path)


_flyte_names = st.sampled_from(sorted({env for s in SETTINGS for env in s.env_names}))


@given(st.dictionaries(_flyte_names, st.text(max_size=20), max_size=8))
def test_any_environment_resolves_or_names_the_variable(env: dict[str, str]) -> None:
    result = resolve_config(env, None)
    if not is_successful(result):
        error = result.failure()
        assert isinstance(error, ConfigError)
        assert error.env_var in env or isinstance(error, ClientSecretFileNotFound)


@given(_pinned_configs, _pinned_configs)
def test_resolution_is_deterministic(a: Config, b: Config) -> None:
    env = config_to_env(a)
    file = ConfigFile("/p/config.yaml", config_to_yaml(b))
    first = resolve_config(env, file).unwrap()
    second = resolve_config(dict(env), file).unwrap()
    assert first == second
    assert isinstance(first, ResolvedConfig)


_IO_EVENTS = ("open", "os.", "socket.", "subprocess.", "shutil.", "tempfile.", "glob.")
_recording: list[list[str]] = []


def _audit(event: str, _args: tuple[object, ...]) -> None:
    if _recording and event.startswith(_IO_EVENTS):
        _recording[-1].append(event)


sys.addaudithook(_audit)


def _io_events_during(action: Iterator[object]) -> list[str]:
    _recording.append([])
    try:
        for _ in action:
            pass
    finally:
        events = _recording.pop()
    return events


@given(_pinned_configs)
def test_resolution_performs_no_io(config: Config) -> None:
    env = {
        **config_to_env(config),
        "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s",
        "FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "V",
        "V": "secret",
    }
    file = ConfigFile("/p/config.yaml", config_to_yaml(config))
    ini = ConfigFile("/p/flytekit.config", config_to_ini(config))

    def run() -> Iterator[object]:
        yield resolve_config(env, file, secret_files={"/s": "x\n"})
        yield resolve_config({}, ini)
        yield build_part(PLATFORM, env, file, secret_files={"/s": "x"})
        yield client_secret_location(env, file)
        yield resolve_config({"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/missing"}, None)

    list(run())  # warm up: first use may import modules, which opens files
    assert _io_events_during(run()) == []


def test_the_audit_hook_sees_io() -> None:
    def run() -> Iterator[object]:
        with open(__file__, "rb") as stream:
            yield stream.read(1)

    assert "open" in _io_events_during(run())


# --- more examples of §2.2-§2.5 ----------------------------------------------------------------


def test_env_names_upper_case_without_other_mapping() -> None:
    assert env_name("a_b", "c-d") == "FLYTE_A_B_C-D"
    assert env_name("platform", "url") == "FLYTE_PLATFORM_URL"


@pytest.mark.parametrize(
    ("value", "exists"),
    [
        (1, True),
        (1.0, True),
        ("foo", True),
        (True, True),
        (False, True),
        ([1], True),
        ({"k": "v"}, True),
        (None, False),
        ([], False),
        ({}, False),
        ("", False),
        (0, False),
    ],
)
def test_the_exists_rule(value: object, exists: bool) -> None:
    assert yaml_exists(value) is exists


def test_ini_values_are_trimmed_like_configparser() -> None:
    file = ConfigFile("c.config", "[platform]\nurl =   flyte.example.com   \n")
    assert resolve_config({}, file).unwrap().config.platform.endpoint == "flyte.example.com"


def test_generic_aws_variables_are_not_read() -> None:
    env = {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_ENDPOINT": "c"}
    assert resolve_config(env, None).unwrap().config == Config()


def test_auth_mode_from_the_file_is_an_auth_type() -> None:
    for spelling in ("Pkce", "pkce", "ClientSecret", "DeviceFlow", "ExternalCommand", "basic"):
        file = ConfigFile("c.yaml", f"admin:\n  authType: {spelling}\n")
        mode = resolve_config({}, file).unwrap().config.platform.auth_mode
        assert isinstance(mode, AuthType)
        assert mode.value.lower() == spelling.lower()


def test_the_catalogue_feeds_every_field_of_the_records_it_names() -> None:
    """The part builders are driven by the catalogue's paths: a misspelt path would leave its
    field at the default without a word, so every path must name a field of its record."""
    records = {"": Config(), "local.": LocalConfig(), "task.": TaskConfig()}
    fields = {
        prefix + path for prefix, record in records.items() for path in leaf_paths(record, "")
    }
    catalogued = {setting.path for setting in SETTINGS}
    assert fields - catalogued == {"platform.rpc_retries"}  # no setting: always the default
    read_for_other_uses = {
        "credentials.client_secret_location",
        "credentials.client_secret_env_var",
        "sdk.workflow_packages",
        "sdk.logging_level",
    }
    assert catalogued - fields == read_for_other_uses
