"""The configuration records: the reference's fields and defaults, and the pure helpers."""

from __future__ import annotations

import datetime
import pickle

import attrs
import pytest
from hypothesis import given

from ctxcore import using_ambient
from ctxcore.core.config.file import ConfigFile
from ctxcore.core.config.records import (
    AzureBlobStorageConfig,
    Config,
    DataConfig,
    GCSConfig,
    GenericPersistenceConfig,
    LocalConfig,
    PlatformConfig,
    S3Config,
    SecretsConfig,
    StatsConfig,
    TaskConfig,
)
from ctxcore.core.config.values import AuthType
from ctxcore.core.errors import (
    ClientSecretFileNotFound,
    ConfigError,
    ConfigFileNotFound,
    CtxcoreError,
)
from ctxcore.testing import FakeAmbient
from ctxcore.testing.strategies.config import configs, platform_configs


def test_platform_defaults() -> None:
    p = PlatformConfig()
    assert p.endpoint == "localhost:30080"
    assert p.insecure is False
    assert p.insecure_skip_verify is False
    assert p.ca_cert_file_path is None
    assert p.console_endpoint is None
    assert p.command is None
    assert p.proxy_command is None
    assert p.client_id is None
    assert p.client_credentials_secret is None
    assert p.scopes == ()
    assert p.auth_mode is AuthType.STANDARD
    assert p.audience is None
    assert p.rpc_retries == 3
    assert p.http_proxy_url is None


def test_other_defaults() -> None:
    assert SecretsConfig() == SecretsConfig("_FSEC_", "/etc/secrets", "")
    assert StatsConfig() == StatsConfig("localhost", 8125, False, False)
    s3 = S3Config()
    assert (s3.enable_debug, s3.endpoint, s3.retries) == (False, None, 3)
    assert s3.backoff == datetime.timedelta(seconds=5)
    assert (s3.access_key_id, s3.secret_access_key, s3.adressing_style) == (None, None, None)
    assert GCSConfig().gsutil_parallelism is False
    assert GenericPersistenceConfig().attach_execution_metadata is True
    assert AzureBlobStorageConfig() == AzureBlobStorageConfig(None, None, None, None, None)
    assert DataConfig() == DataConfig(
        S3Config(), GCSConfig(), AzureBlobStorageConfig(), GenericPersistenceConfig()
    )
    assert LocalConfig() == LocalConfig(cache_enabled=True, cache_overwrite=False)
    assert TaskConfig() == TaskConfig("flytesnacks", "development", "None")


def test_auth_type_members_and_values() -> None:
    assert {m.name: m.value for m in AuthType} == {
        "STANDARD": "standard",
        "BASIC": "basic",
        "CLIENT_CREDENTIALS": "client_credentials",
        "EXTERNAL_PROCESS": "external_process",
        "CLIENTSECRET": "ClientSecret",
        "PKCE": "Pkce",
        "EXTERNALCOMMAND": "ExternalCommand",
        "DEVICEFLOW": "DeviceFlow",
    }


@pytest.mark.parametrize("spelling", ["Pkce", "pkce", "PKCE"])
def test_auth_type_lookup_is_case_insensitive(spelling: str) -> None:
    assert AuthType(spelling) is AuthType.PKCE
    assert PlatformConfig(auth_mode=spelling).auth_mode is AuthType.PKCE


def test_auth_type_compares_equal_to_its_string() -> None:
    value: str = AuthType.CLIENTSECRET
    assert value == "ClientSecret"


def test_unknown_auth_type_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown auth type 'Kerberos'") as info:
        PlatformConfig(auth_mode="Kerberos")
    assert isinstance(info.value, ValueError)


def test_lists_are_tuples_and_a_bare_string_is_refused() -> None:
    p = PlatformConfig(scopes=["a", "b"], command=["x"])
    assert p.scopes == ("a", "b")
    assert p.command == ("x",)
    with pytest.raises(TypeError):
        PlatformConfig(scopes="ab")


def test_secrets_are_redacted_in_repr() -> None:
    p = PlatformConfig(client_credentials_secret="hunter2")
    s3 = S3Config(secret_access_key="AKIAsecret")
    azure = AzureBlobStorageConfig(account_key="k3y", client_secret="s3cr3t")
    text = repr(Config(platform=p, data_config=DataConfig(s3=s3, azure=azure)))
    for secret in ("hunter2", "AKIAsecret", "k3y", "s3cr3t"):
        assert secret not in text
    assert "<redacted>" in text
    assert "client_credentials_secret=None" in repr(PlatformConfig())


def test_records_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        PlatformConfig().endpoint = "x"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


def test_s3_addressing_style_alias() -> None:
    assert S3Config(adressing_style="path").addressing_style == "path"


def test_platform_for_endpoint() -> None:
    assert PlatformConfig.for_endpoint("x:1") == PlatformConfig(endpoint="x:1", insecure=False)
    assert PlatformConfig.for_endpoint("x:1", True) == PlatformConfig(endpoint="x:1", insecure=True)


def test_for_sandbox() -> None:
    c = Config.for_sandbox()
    assert c.platform == PlatformConfig(
        endpoint="localhost:30080", auth_mode=AuthType.PKCE, insecure=True
    )
    assert c.data_config == DataConfig(
        s3=S3Config(
            endpoint="http://localhost:30002",
            access_key_id="minio",
            secret_access_key="miniostorage",
        )
    )
    assert (c.secrets, c.stats, c.local_sandbox_path) == (SecretsConfig(), StatsConfig(), None)


def test_with_params_replaces_only_truthy_values() -> None:
    base = Config(local_sandbox_path="/sb")
    platform = PlatformConfig(endpoint="e")
    changed = base.with_params(platform=platform, local_sandbox_path="")
    assert changed.platform == platform
    assert changed.local_sandbox_path == "/sb"
    assert base.platform == PlatformConfig()
    assert base.with_params() == base


@given(configs(), configs())
def test_with_params_takes_every_given_part(a: Config, b: Config) -> None:
    c = a.with_params(b.platform, b.secrets, b.stats, b.data_config, b.local_sandbox_path)
    assert c.platform == b.platform
    assert c.secrets == b.secrets
    assert c.stats == b.stats
    assert c.data_config == b.data_config
    assert c.local_sandbox_path == (b.local_sandbox_path or a.local_sandbox_path)


def test_with_params_replaces_each_part_alone() -> None:
    base = Config()
    secrets, stats = SecretsConfig(env_prefix="P_"), StatsConfig(port=1)
    data = DataConfig(gcs=GCSConfig(gsutil_parallelism=True))
    assert base.with_params(secrets=secrets) == Config(secrets=secrets)
    assert base.with_params(stats=stats) == Config(stats=stats)
    assert base.with_params(data_config=data) == Config(data_config=data)
    assert base.with_params(local_sandbox_path="/sb") == Config(local_sandbox_path="/sb")


# --- the class methods that ask the installed ambient ------------------------------------------

_FILE = ConfigFile("/c/config.yaml", "admin:\n  endpoint: from-file\n  audience: aud\n")


def test_auto_reads_the_given_environment_and_file_or_the_ambient_ones() -> None:
    with using_ambient(FakeAmbient(env={"FLYTE_PLATFORM_URL": "ambient"})):
        assert PlatformConfig.auto().endpoint == "ambient"
        assert PlatformConfig.auto(_FILE).endpoint == "ambient"  # the environment wins
        assert PlatformConfig.auto(_FILE, env={}) == PlatformConfig(
            endpoint="from-file", audience="aud"
        )
        assert PlatformConfig.auto(env={"FLYTE_PLATFORM_URL": "given"}).endpoint == "given"
        assert type(TaskConfig.auto()) is TaskConfig


def test_explain_resolves_the_given_environment_and_file_or_the_ambient_ones() -> None:
    with using_ambient(FakeAmbient(env={"FLYTE_PLATFORM_URL": "ambient"})):
        assert Config.explain().config.platform.endpoint == "ambient"
        resolved = Config.explain(_FILE, env={"FLYTE_AWS_RETRIES": "4"})
    assert resolved.config.platform.endpoint == "from-file"
    assert resolved.config.data_config.s3.retries == 4
    assert resolved.provenance["platform.audience"].location == "/c/config.yaml:3"


def test_config_for_endpoint_drops_the_other_platform_settings_without_a_file() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_ID": "id", "FLYTE_AWS_RETRIES": "7"}
    with using_ambient(FakeAmbient(env={"FLYTE_PLATFORM_URL": "ambient"})):
        dropped = Config.for_endpoint("x", True, env=env)
        kept = Config.for_endpoint("x", True, config_file=_FILE, env=env)
        secure = Config.for_endpoint("x", config_file=_FILE, env={"FLYTE_PLATFORM_INSECURE": "1"})
        from_ambient = Config.for_endpoint("x", config_file=_FILE)
        data = DataConfig(s3=S3Config(retries=9))
        given = Config.for_endpoint("x", data_config=data, env=env)
    assert dropped.platform == PlatformConfig(endpoint="x", insecure=True)
    assert dropped.data_config.s3.retries == 7
    assert kept.platform == PlatformConfig(
        endpoint="x", insecure=True, client_id="id", audience="aud"
    )
    assert kept.data_config.s3.retries == 7
    assert secure.platform == PlatformConfig(endpoint="x", insecure=False, audience="aud")
    assert from_ambient.platform == PlatformConfig(endpoint="x", audience="aud")
    assert given.data_config == data
    assert given.platform == PlatformConfig(endpoint="x")


@given(platform_configs(endpoint="pinned", rpc_retries=7))
def test_strategy_pins(p: PlatformConfig) -> None:
    assert (p.endpoint, p.rpc_retries) == ("pinned", 7)
    assert isinstance(p.auth_mode, AuthType)


def test_strategy_rejects_unknown_pins() -> None:
    with pytest.raises(TypeError, match="no field"):
        platform_configs(nonsense=1)


@given(configs())
def test_records_round_trip_through_evolve_and_hash(c: Config) -> None:
    assert attrs.evolve(c) == c
    assert hash(attrs.evolve(c)) == hash(c)


def test_errors_are_value_errors_and_name_where() -> None:
    env_error = ConfigError("not an integer: 'x'", env_var="FLYTE_AWS_RETRIES")
    assert str(env_error) == "environment variable FLYTE_AWS_RETRIES: not an integer: 'x'"
    file_error = ConfigError("bad", file="/c.yaml", line=3, key="admin.insecure")
    assert str(file_error) == "config file '/c.yaml', line 3, key admin.insecure: bad"
    assert isinstance(file_error, CtxcoreError)
    assert isinstance(file_error, ValueError)
    missing = ClientSecretFileNotFound("gone", env_var="X", path="/s")
    assert isinstance(missing, FileNotFoundError)
    assert isinstance(missing, ConfigError)
    assert missing.filename == "/s"
    assert isinstance(ConfigFileNotFound("gone", path="/c"), FileNotFoundError)


def test_errors_pickle() -> None:
    error = ClientSecretFileNotFound("gone", file="/c.yaml", line=2, key="k", path="/s")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.file, copy.line, copy.key, copy.path) == (
        "gone",
        "/c.yaml",
        2,
        "k",
        "/s",
    )
