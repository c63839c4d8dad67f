"""Configuration records with the reference's fields and defaults.

Every record is frozen; nothing here reads the environment or a file. The reference-named
classmethods that must (``X.auto``, ``Config.for_endpoint``, ``Config.explain``) ask the
installed ambient (``ctxcore.core.ambient``), which runs the pure resolution of
``ctxcore.core.config.resolve`` on the process's environment and config file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from ctxcore.core._records import truthy
from ctxcore.core._repr import fields_repr
from ctxcore.core.ambient import current_ambient
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

_Record = TypeVar("_Record", bound="AutoConfig")

__all__ = [
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
]


class AutoConfig:
    """Gives a configuration record the reference's ``auto`` class method."""

    __slots__ = ()

    @classmethod
    def auto(
        cls: type[_Record],
        config_file: str | ConfigFile | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> _Record:
        """This record from the environment (``os.environ`` unless ``env`` is given), then the
        config file (``config_file``, or the discovered one), then defaults. A bad value is a
        ``ConfigError`` naming the variable, or the file and line.

        Answered by the installed ambient: the process's, unless a test or an SDK installed
        another (``ctxcore.core.ambient``).
        """
        return current_ambient().config_part(cls, config_file, env)


@attrs.frozen
class PlatformConfig(AutoConfig):
    """How to reach the platform. ``auth_mode`` is always an ``AuthType`` (a string is converted;
    an unknown one is a ``ConfigError``). Lists are stored as tuples."""

    __repr__ = fields_repr

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


@attrs.frozen
class SecretsConfig(AutoConfig):
    """Where secrets are looked up: env prefix, mounted directory and file prefix."""

    __repr__ = fields_repr

    env_prefix: str = "_FSEC_"
    default_dir: str = "/etc/secrets"
    file_prefix: str = ""


@attrs.frozen
class StatsConfig(AutoConfig):
    """StatsD: ``FLYTE_STATSD_*`` / ``[statsd]``, falling back to the reference's
    ``FLYTE_SECRETS_*`` / ``[secrets]`` names."""

    __repr__ = fields_repr

    host: str = "localhost"
    port: int = 8125
    disabled: bool = False
    disabled_tags: bool = False


DEFAULT_RETRY_DEADLINE: Final = datetime.timedelta(seconds=600)
"""How long one storage call (one put or get of a file or directory) may take, attempts, retries
and waits included (``[aws] retry_deadline_seconds``): an object store's usual 50-200 MB/s moves
30 GiB or more in that time, and a store that stops answering fails the call within ten minutes
instead of holding the task for ever. Also ``RetryPolicy``'s default: the policy is made from
this config, and the config is what first use builds (the retry machinery is not)."""


@attrs.frozen
class S3Config(AutoConfig):
    """S3 access. ``adressing_style`` (the reference's spelling) is passed on as given."""

    __repr__ = fields_repr

    enable_debug: bool = False
    endpoint: str | None = None
    retries: int = 3
    backoff: datetime.timedelta = datetime.timedelta(seconds=5)
    access_key_id: str | None = None
    secret_access_key: str | None = attrs.field(default=None, repr=redacted)
    adressing_style: str | None = None
    retry_deadline: datetime.timedelta = DEFAULT_RETRY_DEADLINE
    """How long one storage call may take with its retries (not in the reference)."""

    @property
    def addressing_style(self) -> str | None:
        """``adressing_style`` under its dictionary spelling."""
        return self.adressing_style


@attrs.frozen
class GCSConfig(AutoConfig):
    """Google Cloud Storage."""

    __repr__ = fields_repr

    gsutil_parallelism: bool = False


@attrs.frozen
class AzureBlobStorageConfig(AutoConfig):
    """Azure Blob Storage credentials (all unset by default)."""

    __repr__ = fields_repr

    account_name: str | None = None
    account_key: str | None = attrs.field(default=None, repr=redacted)
    tenant_id: str | None = None
    client_id: str | None = None
    client_secret: str | None = attrs.field(default=None, repr=redacted)


@attrs.frozen
class GenericPersistenceConfig(AutoConfig):
    """Settings for every storage backend."""

    __repr__ = fields_repr

    attach_execution_metadata: bool = True


@attrs.frozen
class DataConfig(AutoConfig):
    """Storage settings: one record per backend."""

    __repr__ = fields_repr

    s3: S3Config = S3Config()
    gcs: GCSConfig = GCSConfig()
    azure: AzureBlobStorageConfig = AzureBlobStorageConfig()
    generic: GenericPersistenceConfig = GenericPersistenceConfig()


@attrs.frozen
class LocalConfig(AutoConfig):
    """Local-execution cache settings."""

    __repr__ = fields_repr

    cache_enabled: bool = True
    cache_overwrite: bool = False


@attrs.frozen
class TaskConfig(AutoConfig):
    """Project, domain and org of local task runs (``org`` defaults to the string ``"None"``,
    as in the reference)."""

    __repr__ = fields_repr

    project: str = "flytesnacks"
    domain: str = "development"
    org: str = "None"


@attrs.frozen
class Config(AutoConfig):
    """The whole configuration.

    ``local_sandbox_path`` defaults to ``None``: no directory is chosen or made when the class is
    defined or a record built. ``None`` means "the shell decides on first use"
    (``ctxcore.shell.config_loader.local_sandbox_path`` makes a fresh ``flyte*`` temporary
    directory then); ``FLYTE_SDK_LOCAL_SANDBOX`` / ``[sdk] local_sandbox`` set it explicitly.
    """

    __repr__ = fields_repr

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
        """A new config in which each given (truthy, as in the reference) value replaces the
        current one."""
        return attrs.evolve(
            self,
            **truthy(
                platform=platform,
                secrets=secrets,
                stats=stats,
                data_config=data_config,
                local_sandbox_path=local_sandbox_path,
            ),
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
        config = cls.auto(config_file, env=env)
        if config_file is not None:
            platform = attrs.evolve(config.platform, endpoint=endpoint, insecure=insecure)
        else:
            platform = PlatformConfig.for_endpoint(endpoint, insecure)
        return config.with_params(platform=platform, data_config=data_config)

    @classmethod
    def explain(
        cls, config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> ResolvedConfig:
        """What ``Config.auto`` resolves, with the provenance of every field."""
        return current_ambient().explain_config(config_file, env)
