"""The configuration edge: discovery, reading files, ``X.auto``, ``for_endpoint``, ``explain``."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable

import pytest

from ctxcore.core.config.file import MAX_CONFIG_FILE_CHARS, ConfigFile
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
from ctxcore.core.config.resolve import ResolvedConfig
from ctxcore.core.config.values import AuthType
from ctxcore.core.errors import (
    MAX_SHOWN_PATH_CHARS,
    ClientSecretFileNotFound,
    ConfigError,
    ConfigFileNotFound,
    shown_path,
)
from ctxcore.effects.environment import process_environment
from ctxcore.shell import config_loader
from ctxcore.shell.config_loader import (
    find_config_file,
    load_config_file,
    local_sandbox_path,
)
from tests.shell.leaks import exposures, shows

YAML = """\
admin:
  endpoint: dns:///flyte.example.com
  authType: Pkce
  insecure: true
  clientId: propeller
storage:
  connection:
    endpoint: http://localhost:30002
    access-key: minio
    secret-key: miniostorage
task:
  project: yaml-project
"""

INI = """\
[platform]
url = ini.example.com
insecure = false

[credentials]
client_id = ini-client

[local]
cache_enabled = false
project = ini-project

[secrets]
env_prefix = _S_
port = 9999

[aws]
retries = 7
"""


@pytest.fixture
def home(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """A clean process: empty HOME, a fresh working directory, no FLYTE* variables."""
    for name in list(os.environ):
        if name.startswith(("FLYTE", "_FLYTECTL")):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    (home / ".flyte").mkdir(parents=True)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    config_loader.clear_config_file_cache()
    return home


def write(path: pathlib.Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


# --- discovery -------------------------------------------------------------------------------


def test_nothing_found(home: pathlib.Path) -> None:
    assert find_config_file() is None
    assert load_config_file() is None
    assert Config.auto() == Config()


def test_discovery_order(home: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    yaml_path = write(home / ".flyte" / "config.yaml", "admin:\n  endpoint: from-yaml\n")
    assert load_config_file() == ConfigFile(yaml_path)
    assert Config.auto().platform.endpoint == "from-yaml"

    legacy = write(home / ".flyte" / "config", "[platform]\nurl = from-home-ini\n")
    assert find_config_file() == (legacy, None)
    assert Config.auto().platform.endpoint == "from-home-ini"

    write(pathlib.Path("flytekit.config"), "[platform]\nurl = from-cwd\n")
    assert find_config_file() == (os.path.abspath("flytekit.config"), None)
    assert Config.auto().platform.endpoint == "from-cwd"

    named = write(home / "named.yaml", "admin:\n  endpoint: from-flytectl\n")
    monkeypatch.setenv("FLYTECTL_CONFIG", named)
    assert find_config_file() == (named, "FLYTECTL_CONFIG")
    assert Config.auto().platform.endpoint == "from-flytectl"

    override = write(home / "override.yaml", "admin:\n  endpoint: from-override\n")
    monkeypatch.setenv("_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE", override)
    assert Config.auto().platform.endpoint == "from-override"

    monkeypatch.setenv("_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE", "")
    assert Config.auto().platform.endpoint == "from-cwd"


def test_discovery_with_an_injected_environment(home: pathlib.Path) -> None:
    named = write(home / "named.config", "[platform]\nurl = injected\n")
    env = {"FLYTECTL_CONFIG": named}
    assert find_config_file(env) == (named, "FLYTECTL_CONFIG")
    assert Config.auto(env=env).platform.endpoint == "injected"
    other_home = home.parent / "other"
    write(other_home / ".flyte" / "config.yaml", "admin:\n  endpoint: other-home\n")
    assert Config.auto(env={"HOME": str(other_home)}).platform.endpoint == "other-home"


def test_relative_flytectl_config_becomes_absolute(home: pathlib.Path) -> None:
    write(pathlib.Path("mine.yaml"), "admin:\n  endpoint: relative\n")
    found = find_config_file({"FLYTECTL_CONFIG": "mine.yaml"})
    assert found == (os.path.abspath("mine.yaml"), "FLYTECTL_CONFIG")


def test_a_named_file_that_does_not_exist_is_an_error(
    home: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(home / ".flyte" / "config.yaml", "admin:\n  endpoint: ignored\n")
    monkeypatch.setenv("FLYTECTL_CONFIG", str(home / "missing.yaml"))
    with pytest.raises(ConfigFileNotFound) as info:
        Config.auto()
    assert isinstance(info.value, FileNotFoundError)
    assert info.value.env_var == "FLYTECTL_CONFIG"
    assert "missing.yaml" in str(info.value)


def test_discovery_is_not_cached_forever(home: pathlib.Path) -> None:
    first = write(home / "first.config", "[platform]\nurl = first\n")
    second = write(home / "second.config", "[platform]\nurl = second\n")
    assert Config.auto(env={"FLYTECTL_CONFIG": first}).platform.endpoint == "first"
    assert Config.auto(env={"FLYTECTL_CONFIG": second}).platform.endpoint == "second"


def test_an_edited_file_is_read_again(home: pathlib.Path) -> None:
    path = pathlib.Path(write(home / ".flyte" / "config", "[platform]\nurl = before\n"))
    assert Config.auto().platform.endpoint == "before"
    assert Config.auto().platform.endpoint == "before"
    path.write_text("[platform]\nurl = after\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert Config.auto().platform.endpoint == "after"


def test_cached_files_are_shared_safely(home: pathlib.Path) -> None:
    path = write(home / "c.yaml", YAML)
    first = load_config_file(path)
    second = load_config_file(path)
    assert first is second
    assert first is not None
    content = first.yaml_config
    assert content is not None
    content.clear()
    assert PlatformConfig.auto(path).endpoint == "flyte.example.com"


# --- explicit files --------------------------------------------------------------------------


def test_load_config_file_forms(home: pathlib.Path) -> None:
    path = write(home / "c.yaml", YAML)
    given = ConfigFile("elsewhere.yaml", "admin:\n  endpoint: given\n")
    assert load_config_file(given) is given
    loaded = load_config_file(path)
    assert loaded is not None
    assert loaded.location == path
    assert ConfigFile(path) == loaded


def test_missing_explicit_file_is_an_error(home: pathlib.Path) -> None:
    for missing in (str(home / "nope.yaml"), str(home / "nope.config")):
        with pytest.raises(FileNotFoundError) as info:
            Config.auto(missing)
        assert isinstance(info.value, ConfigFileNotFound)
        assert missing in str(info.value)
        with pytest.raises(ConfigFileNotFound):
            ConfigFile(missing)


def test_a_config_file_that_is_not_utf8_leaves_its_secrets_out_of_the_chain(
    home: pathlib.Path,
) -> None:
    binary = home / "binary.yaml"
    binary.write_bytes(b"storage:\n  connection:\n    secret-key: TOPSECRET-key\n    x: \xff\n")
    with pytest.raises(ConfigError) as info:
        Config.auto(str(binary))
    assert (info.value.reason, info.value.line) == ("the file is not valid UTF-8", 4)
    # The chain only: while a file is parsed, its text is a local of the frames that parse it.
    assert shows("TOPSECRET-key", exposures(info.value, frames=False)) == []


def test_malformed_file_names_file_and_line(home: pathlib.Path) -> None:
    path = write(home / "bad.yaml", "admin:\n  endpoint: [\n")
    with pytest.raises(ConfigError) as info:
        Config.auto(path)
    assert (info.value.file, info.value.line) == (path, 3)
    ini = write(home / "bad.config", "[platform]\nurl = x\n[internal]\na = b\n")
    with pytest.raises(ConfigError, match="internal only") as again:
        Config.auto(ini)
    assert again.value.line == 3


def test_unreadable_inputs_are_config_errors(home: pathlib.Path) -> None:
    binary = home / "binary.yaml"
    binary.write_bytes(b"admin:\n  endpoint: \xff\xfe\n")
    with pytest.raises(ConfigError, match="not valid UTF-8") as info:
        Config.auto(str(binary))
    assert info.value.line == 2
    big = home / "big.config"
    big.write_bytes(b"[a]\n" + b"x = 1\n" * (MAX_CONFIG_FILE_CHARS // 6 + 1))
    with pytest.raises(ConfigError, match="larger than"):
        Config.auto(str(big))
    directory = home / "dir.yaml"
    directory.mkdir()
    with pytest.raises(ConfigError) as not_a_file:
        Config.auto(str(directory))
    assert not_a_file.value.file == str(directory)


# --- X.auto ----------------------------------------------------------------------------------


def test_every_auto_from_yaml(home: pathlib.Path) -> None:
    path = write(home / "c.yaml", YAML)
    platform = PlatformConfig.auto(path, env={})
    assert (platform.endpoint, platform.auth_mode, platform.insecure, platform.client_id) == (
        "flyte.example.com",
        AuthType.PKCE,
        True,
        "propeller",
    )
    s3 = S3Config.auto(path, env={})
    assert (s3.endpoint, s3.access_key_id, s3.secret_access_key) == (
        "http://localhost:30002",
        "minio",
        "miniostorage",
    )
    assert DataConfig.auto(path, env={}).s3 == s3
    assert TaskConfig.auto(path, env={}) == TaskConfig(project="yaml-project")
    assert LocalConfig.auto(path, env={}) == LocalConfig()
    assert SecretsConfig.auto(path, env={}) == SecretsConfig()
    assert StatsConfig.auto(path, env={}) == StatsConfig()
    assert GCSConfig.auto(path, env={}) == GCSConfig()
    assert AzureBlobStorageConfig.auto(path, env={}) == AzureBlobStorageConfig()
    assert GenericPersistenceConfig.auto(path, env={}) == GenericPersistenceConfig()
    config = Config.auto(path, env={})
    assert (config.platform, config.data_config.s3) == (platform, s3)


def test_every_auto_from_ini_and_env(home: pathlib.Path) -> None:
    path = write(home / "flytekit.config", INI)
    env = {
        "FLYTE_GCP_GSUTIL_PARALLELISM": "yes",
        "FLYTE_AZURE_STORAGE_ACCOUNT_NAME": "acct",
        "FLYTE_PERSISTENCE_ATTACH_EXECUTION_METADATA": "off",
        "FLYTE_LOCAL_CACHE_OVERWRITE": "1",
        "FLYTE_SDK_LOCAL_SANDBOX": "/sandbox",
    }
    platform = PlatformConfig.auto(path, env=env)
    assert (platform.endpoint, platform.insecure, platform.client_id) == (
        "ini.example.com",
        False,
        "ini-client",
    )
    assert SecretsConfig.auto(path, env=env).env_prefix == "_S_"
    assert StatsConfig.auto(path, env=env).port == 9999
    assert S3Config.auto(path, env=env).retries == 7
    assert GCSConfig.auto(path, env=env).gsutil_parallelism is True
    assert AzureBlobStorageConfig.auto(path, env=env).account_name == "acct"
    assert GenericPersistenceConfig.auto(path, env=env).attach_execution_metadata is False
    assert LocalConfig.auto(path, env=env) == LocalConfig(cache_enabled=False, cache_overwrite=True)
    assert TaskConfig.auto(path, env=env).project == "ini-project"
    assert Config.auto(path, env=env).local_sandbox_path == "/sandbox"


def test_auto_reads_the_process_environment_by_default(
    home: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLYTE_PLATFORM_URL", "dns:///from-process")
    monkeypatch.setenv("FLYTE_AWS_RETRIES", "5")
    config = Config.auto()
    assert (config.platform.endpoint, config.data_config.s3.retries) == ("from-process", 5)
    monkeypatch.setenv("FLYTE_AWS_RETRIES", "x")
    with pytest.raises(ConfigError, match="FLYTE_AWS_RETRIES"):
        Config.auto()
    with pytest.raises(ValueError, match="FLYTE_AWS_RETRIES"):
        S3Config.auto()


def test_process_environment_is_live(monkeypatch: pytest.MonkeyPatch) -> None:
    env = process_environment()
    monkeypatch.setenv("CTXCORE_TEST_LIVE", "1")
    assert env.get("CTXCORE_TEST_LIVE") == "1"
    assert "CTXCORE_TEST_LIVE" in env
    assert env["CTXCORE_TEST_LIVE"] == "1"
    monkeypatch.delenv("CTXCORE_TEST_LIVE")
    assert env.get("CTXCORE_TEST_LIVE") is None
    assert env.get("CTXCORE_TEST_LIVE", "d") == "d"
    assert len(env) == len(os.environ)
    assert set(env) == set(os.environ)


# --- client secret -----------------------------------------------------------------------------


def test_client_secret_from_a_file(home: pathlib.Path) -> None:
    secret = write(home / "secret", "s3cret\n")
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": secret}
    platform = PlatformConfig.auto(env=env)
    assert (platform.client_credentials_secret, platform.auth_mode) == (
        "s3cret",
        AuthType.CLIENTSECRET,
    )
    assert Config.auto(env=env).platform == platform
    assert "s3cret" not in repr(Config.explain(env=env))


def test_client_secret_location_in_a_config_file(home: pathlib.Path) -> None:
    secret = write(home / "secret", "from-file")
    path = write(home / "c.yaml", f"admin:\n  clientSecretLocation: {secret}\n")
    assert PlatformConfig.auto(path, env={}).client_credentials_secret == "from-file"


def test_missing_client_secret_file(home: pathlib.Path) -> None:
    missing = str(home / "missing-secret")
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": missing}
    with pytest.raises(FileNotFoundError) as info:
        PlatformConfig.auto(env=env)
    assert isinstance(info.value, ClientSecretFileNotFound)
    assert info.value.filename == missing
    assert missing in str(info.value)
    assert "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION" in str(info.value)
    path = write(home / "c.yaml", f"admin:\n  endpoint: x\n  clientSecretLocation: {missing}\n")
    with pytest.raises(ClientSecretFileNotFound) as from_file:
        Config.auto(path, env={})
    assert (from_file.value.file, from_file.value.line) == (path, 3)


def test_a_huge_client_secret_location_gives_a_bounded_error(home: pathlib.Path) -> None:
    """A location longer than any real path (the system refuses it) is named in the message,
    clipped: the message stays within a few hundred characters."""
    location = str(home / ("s" * 100_000))
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": location}
    with pytest.raises(ConfigError) as raised:
        PlatformConfig.auto(env=env)
    message = str(raised.value)
    assert message.startswith(
        f"configuration: cannot read the client secret file {shown_path(location)}: "
    )
    assert len(message) < MAX_SHOWN_PATH_CHARS + 200
    assert len(repr(raised.value)) < 2 * MAX_SHOWN_PATH_CHARS + 200


def test_client_secret_location_that_is_a_directory(home: pathlib.Path) -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": str(home)}
    with pytest.raises(ConfigError, match="cannot read the client secret file"):
        PlatformConfig.auto(env=env)


@pytest.mark.parametrize(
    "read",
    [PlatformConfig.auto, Config.auto, Config.explain],
    ids=["PlatformConfig.auto", "Config.auto", "Config.explain"],
)
def test_a_client_secret_file_that_is_not_utf8_leaves_no_secret_in_the_chain(
    home: pathlib.Path, read: Callable[..., object]
) -> None:
    secret = home / "secret"
    secret.write_bytes(b"TOPSECRET-client\xff\n")
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": str(secret)}
    with pytest.raises(ConfigError) as raised:
        read(env=env)
    assert (
        str(raised.value)
        == f"configuration: the client secret file {str(secret)!r} is not valid UTF-8"
    )
    assert shows("TOPSECRET-client", exposures(raised.value)) == []


@pytest.mark.parametrize(
    "read",
    [PlatformConfig.auto, Config.auto, Config.explain],
    ids=["PlatformConfig.auto", "Config.auto", "Config.explain"],
)
@pytest.mark.parametrize("source", ["env", "file"])
def test_a_bad_setting_beside_a_read_client_secret_leaves_it_in_no_frame(
    home: pathlib.Path, read: Callable[..., object], source: str
) -> None:
    """The secret was read before the bad setting was: no frame of the error's traceback
    (which reporters such as Sentry send with their locals) holds it, whether the settings come
    from the environment or from a config file (the memoised path)."""
    secret = home / "secret"
    secret.write_text("TOPSECRET-client\n")
    if source == "env":
        env = {
            "FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": str(secret),
            "FLYTE_PLATFORM_INSECURE": "maybe",
        }
    else:
        config = home / "config.ini"
        config.write_text(
            f"[credentials]\nclient_secret_location = {secret}\n[platform]\ninsecure = maybe\n"
        )
        env = {"FLYTECTL_CONFIG": str(config)}
    with pytest.raises(ConfigError) as raised:
        read(env=env)
    assert "not a boolean" in str(raised.value)
    assert shows("TOPSECRET-client", exposures(raised.value)) == []


def test_parts_without_a_client_secret_do_not_read_it(home: pathlib.Path) -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": str(home / "missing")}
    assert S3Config.auto(env=env) == S3Config()


def test_client_secret_from_a_named_process_variable(
    home: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR", "MY_CLIENT_SECRET")
    monkeypatch.setenv("MY_CLIENT_SECRET", "from-var")
    platform = PlatformConfig.auto()
    assert (platform.client_credentials_secret, platform.auth_mode) == (
        "from-var",
        AuthType.CLIENTSECRET,
    )


# --- for_endpoint, explain, sandbox path ------------------------------------------------------


def test_for_endpoint_without_a_file_drops_other_platform_settings(home: pathlib.Path) -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_ID": "dropped", "FLYTE_AWS_RETRIES": "9"}
    config = Config.for_endpoint("flyte.example.com", env=env)
    assert config.platform == PlatformConfig(endpoint="flyte.example.com", insecure=False)
    assert config.data_config.s3.retries == 9


def test_for_endpoint_with_a_file_keeps_other_platform_settings(home: pathlib.Path) -> None:
    path = write(home / "c.yaml", YAML)
    data = DataConfig(s3=S3Config(retries=1))
    config = Config.for_endpoint("other:81", insecure=False, data_config=data, config_file=path)
    assert (config.platform.endpoint, config.platform.insecure) == ("other:81", False)
    assert (config.platform.client_id, config.platform.auth_mode) == ("propeller", AuthType.PKCE)
    assert config.data_config == data


def test_for_endpoint_keeps_autos_data_config_by_default(home: pathlib.Path) -> None:
    path = write(home / "c.yaml", YAML)
    config = Config.for_endpoint("e", True, None, path, env={})
    assert config.data_config.s3.endpoint == "http://localhost:30002"
    assert config.platform.insecure is True


def test_explain(home: pathlib.Path) -> None:
    path = write(home / "c.yaml", YAML)
    resolved = Config.explain(path, env={"FLYTE_PLATFORM_URL": "env-endpoint"})
    assert isinstance(resolved, ResolvedConfig)
    assert resolved.config == Config.auto(path, env={"FLYTE_PLATFORM_URL": "env-endpoint"})
    endpoint = resolved.provenance["platform.endpoint"]
    assert (endpoint.source, endpoint.shadowed[0].location) == ("env", f"{path}:2")
    assert resolved.provenance["data_config.s3.access_key_id"].location == f"{path}:9"


def test_local_sandbox_path(home: pathlib.Path) -> None:
    assert local_sandbox_path(Config(local_sandbox_path="/given")) == "/given"
    made = [local_sandbox_path(Config()), local_sandbox_path(Config())]
    try:
        assert all(os.path.isdir(path) for path in made)
        assert all(os.path.basename(path).startswith("flyte") for path in made)
        assert made[0] != made[1]
    finally:
        for path in made:
            os.rmdir(path)
