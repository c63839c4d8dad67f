"""Configuration records with the reference's fields and defaults.

Every record is frozen; nothing here reads the environment or a file. The reference-named
classmethods that must (``X.auto``, ``Config.for_endpoint``, ``Config.explain``) import the shell
(``ctxcore.shell.config_loader``) inside the method: that is this module's one path upwards, and
the pure resolution they run lives in ``ctxcore.core.config.resolve``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ctxcore.core.config.values import (
    AuthType,
    optional_str_tuple,
    redacted,
    str_tuple,
    to_auth_type,
)

if TYPE_CHECKING:
    from ctxcore.core.config.file import ConfigFile
    from ctxcore.core.config.resolve import ResolvedConfig

__all__ = [
    "AuthType",
    "AzureBlobStorageConfig",
    "Config",
    "DataConfig",
    "GCSConfig",
    "GenericPersistenceConfig",
    "LocalConfig",
    "PlatformConfig",
    "S3Config",
    "SecretsConfig",
    "StatsConfig",
    "TaskConfig",
    "read_config_file",
]


@attrs.frozen
class PlatformConfig:
    """How to reach the platform. ``auth_mode`` is always an ``AuthType`` (a string is converted;
    an unknown one is a ``ConfigError``). Lists are stored as tuples."""

    endpoint: str = "localhost:30080"
    insecure: bool = False
    insecure_skip_verify: bool = False
    ca_cert_file_path: str | None = None
    console_endpoint: str | None = None
    command: tuple[str, ...] | None = attrs.field(default=None, converter=optional_str_tuple)
    proxy_command: tuple[str, ...] | None = attrs.field(default=None, converter=optional_str_tuple)
    client_id: str | None = None
    client_credentials_secret: str | None = attrs.field(default=None, repr=redacted)
    scopes: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    auth_mode: AuthType = attrs.field(default=AuthType.STANDARD, converter=to_auth_type)
    audience: str | None = None
    rpc_retries: int = 3
    http_proxy_url: str | None = None

    @classmethod
    def for_endpoint(cls, endpoint: str, insecure: bool = False) -> PlatformConfig:
        """Defaults, with this endpoint and security."""
        return cls(endpoint=endpoint, insecure=insecure)

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> PlatformConfig:
        """Read from the environment (``os.environ`` unless ``env`` is given), then the config file
        (``config_file``, or the discovered one), then defaults."""
        from ctxcore.core.config.resolve import PLATFORM
        from ctxcore.shell.config_loader import auto_part

        return auto_part(PLATFORM, config_file, env=env)


@attrs.frozen
class SecretsConfig:
    """Where secrets are looked up: env prefix, mounted directory and file prefix."""

    env_prefix: str = "_FSEC_"
    default_dir: str = "/etc/secrets"
    file_prefix: str = ""

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> SecretsConfig:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import SECRETS
        from ctxcore.shell.config_loader import auto_part

        return auto_part(SECRETS, config_file, env=env)


@attrs.frozen
class StatsConfig:
    """StatsD: ``FLYTE_STATSD_*`` / ``[statsd]``, falling back to the reference's
    ``FLYTE_SECRETS_*`` / ``[secrets]`` names."""

    host: str = "localhost"
    port: int = 8125
    disabled: bool = False
    disabled_tags: bool = False

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> StatsConfig:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import STATS
        from ctxcore.shell.config_loader import auto_part

        return auto_part(STATS, config_file, env=env)


@attrs.frozen
class S3Config:
    """S3 access. ``adressing_style`` (the reference's spelling) is passed on as given."""

    enable_debug: bool = False
    endpoint: str | None = None
    retries: int = 3
    backoff: datetime.timedelta = datetime.timedelta(seconds=5)
    access_key_id: str | None = None
    secret_access_key: str | None = attrs.field(default=None, repr=redacted)
    adressing_style: str | None = None

    @property
    def addressing_style(self) -> str | None:
        """``adressing_style`` under its dictionary spelling."""
        return self.adressing_style

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> S3Config:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import S3
        from ctxcore.shell.config_loader import auto_part

        return auto_part(S3, config_file, env=env)


@attrs.frozen
class GCSConfig:
    """Google Cloud Storage."""

    gsutil_parallelism: bool = False

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> GCSConfig:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import GCS
        from ctxcore.shell.config_loader import auto_part

        return auto_part(GCS, config_file, env=env)


@attrs.frozen
class AzureBlobStorageConfig:
    """Azure Blob Storage credentials (all unset by default)."""

    account_name: str | None = None
    account_key: str | None = attrs.field(default=None, repr=redacted)
    tenant_id: str | None = None
    client_id: str | None = None
    client_secret: str | None = attrs.field(default=None, repr=redacted)

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> AzureBlobStorageConfig:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import AZURE
        from ctxcore.shell.config_loader import auto_part

        return auto_part(AZURE, config_file, env=env)


@attrs.frozen
class GenericPersistenceConfig:
    """Settings for every storage backend."""

    attach_execution_metadata: bool = True

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> GenericPersistenceConfig:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import GENERIC_PERSISTENCE
        from ctxcore.shell.config_loader import auto_part

        return auto_part(GENERIC_PERSISTENCE, config_file, env=env)


@attrs.frozen
class DataConfig:
    """Storage settings: one record per backend."""

    s3: S3Config = S3Config()
    gcs: GCSConfig = GCSConfig()
    azure: AzureBlobStorageConfig = AzureBlobStorageConfig()
    generic: GenericPersistenceConfig = GenericPersistenceConfig()

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> DataConfig:
        """Every backend's settings from the same environment and file."""
        from ctxcore.core.config.resolve import DATA
        from ctxcore.shell.config_loader import auto_part

        return auto_part(DATA, config_file, env=env)


@attrs.frozen
class LocalConfig:
    """Local-execution cache settings."""

    cache_enabled: bool = True
    cache_overwrite: bool = False

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> LocalConfig:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import LOCAL
        from ctxcore.shell.config_loader import auto_part

        return auto_part(LOCAL, config_file, env=env)


@attrs.frozen
class TaskConfig:
    """Project, domain and org of local task runs (``org`` defaults to the string ``"None"``,
    as in the reference)."""

    project: str = "flytesnacks"
    domain: str = "development"
    org: str = "None"

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> TaskConfig:
        """Environment, then config file, then defaults (see ``PlatformConfig.auto``)."""
        from ctxcore.core.config.resolve import TASK
        from ctxcore.shell.config_loader import auto_part

        return auto_part(TASK, config_file, env=env)


@attrs.frozen
class Config:
    """The whole configuration.

    ``local_sandbox_path`` defaults to ``None``: no directory is chosen or made when the class is
    defined or a record built. ``None`` means "the shell decides on first use"
    (``ctxcore.shell.config_loader.local_sandbox_path`` makes a fresh ``flyte*`` temporary
    directory then); ``FLYTE_SDK_LOCAL_SANDBOX`` / ``[sdk] local_sandbox`` set it explicitly.
    """

    platform: PlatformConfig = PlatformConfig()
    secrets: SecretsConfig = SecretsConfig()
    stats: StatsConfig = StatsConfig()
    data_config: DataConfig = DataConfig()
    local_sandbox_path: str | None = None

    def with_params(
        self,
        platform: PlatformConfig | None = None,
        secrets: SecretsConfig | None = None,
        stats: StatsConfig | None = None,
        data_config: DataConfig | None = None,
        local_sandbox_path: str | None = None,
    ) -> Config:
        """A new config in which each given (truthy) value replaces the current one."""
        return Config(
            platform=platform or self.platform,
            secrets=secrets or self.secrets,
            stats=stats or self.stats,
            data_config=data_config or self.data_config,
            local_sandbox_path=local_sandbox_path or self.local_sandbox_path,
        )

    @classmethod
    def for_sandbox(cls) -> Config:
        """The local demo cluster: ``localhost:30080`` with Pkce, insecure; MinIO on ``:30002``."""
        return cls(
            platform=PlatformConfig(
                endpoint="localhost:30080", auth_mode=AuthType.PKCE, insecure=True
            ),
            data_config=DataConfig(
                s3=S3Config(
                    endpoint="http://localhost:30002",
                    access_key_id="minio",
                    secret_access_key="miniostorage",
                )
            ),
        )

    @classmethod
    def auto(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> Config:
        """Every part from the environment, then the config file, then defaults; bad values are
        a ``ConfigError`` naming the variable or the file and line."""
        from ctxcore.core.config.resolve import CONFIG
        from ctxcore.shell.config_loader import auto_part

        return auto_part(CONFIG, config_file, env=env)

    @classmethod
    def for_endpoint(
        cls,
        endpoint: str,
        insecure: bool = False,
        data_config: DataConfig | None = None,
        config_file: str | ConfigFile | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> Config:
        """``Config.auto`` with this endpoint. Without ``config_file`` every other platform
        setting is dropped (the reference's rule); with one, they are kept."""
        from ctxcore.shell.config_loader import config_for_endpoint

        return config_for_endpoint(endpoint, insecure, data_config, config_file, env=env)

    @classmethod
    def explain(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> ResolvedConfig:
        """What ``Config.auto`` resolves, with the provenance of every field."""
        from ctxcore.shell.config_loader import explain_config

        return explain_config(config_file, env=env)


def read_config_file(location: str) -> ConfigFile:
    """Read and parse ``location`` through the shell (what ``ConfigFile(location)`` does)."""
    from ctxcore.shell.config_loader import read_config_file as shell_read

    return shell_read(location)
