"""The catalogue of configuration entries: every environment variable, INI option and YAML key.

Each ``Setting`` is read from ``FLYTE_<SECTION>_<OPTION>`` (the reference's naming), the INI
``[section] option``, and, for some, a YAML dotted key. StatsD settings are read from the
``statsd`` names first and the reference's ``secrets`` names as a fallback. A setting the
reference renamed is also read under its old names (``OldName``), after its own, with a
deprecation note (``ctxcore.core.config.unknown``).

Every number is checked against its range where it enters (``int_kind``, ``seconds_kind``), so
a port that no socket takes, a retry count whose back-off overflows a float, or a negative wait
is a ``ConfigError`` naming the variable or the file and key, not a crash at the first use.
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Mapping
from typing import Final, Generic, TypeVar

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config.values import (
    AUTH,
    BOOL,
    ENDPOINT,
    LIST,
    TEXT,
    AuthType,
    ValueKind,
    int_kind,
    seconds_kind,
)

T = TypeVar("T", covariant=True)

MAX_PORT: Final = 65535
"""The largest UDP or TCP port: a larger one makes every send raise ``OverflowError``."""

MAX_STORAGE_RETRIES: Final = 100
"""The most retries of one storage call. Three is the default; a hundred, with the back-off
doubling up to its cap, already waits over an hour, and more is a mistake (2,000 made every
remote call raise ``OverflowError`` computing ``5.0 * 2**1024``)."""

MAX_BACKOFF_SECONDS: Final = 3600
"""The longest first wait before a storage retry: an hour is past any transient fault."""

MAX_RETRY_DEADLINE_SECONDS: Final = 86400
"""The longest a storage call may take, retries included: a day, past any sane transfer."""

MAX_LOGGING_LEVEL: Final = 50
"""The highest standard logging level (``logging.CRITICAL``); levels are never negative."""

PORT: Final = int_kind(0, MAX_PORT)
RETRIES: Final = int_kind(0, MAX_STORAGE_RETRIES)
BACKOFF: Final = seconds_kind(0, MAX_BACKOFF_SECONDS)
RETRY_DEADLINE: Final = seconds_kind(0, MAX_RETRY_DEADLINE_SECONDS)
LOGGING_LEVEL: Final = int_kind(0, MAX_LOGGING_LEVEL)


def env_name(section: str, option: str) -> str:
    """``FLYTE_<SECTION>_<OPTION>``, upper-cased, no other mapping (the reference's rule)."""
    return f"FLYTE_{section.upper()}_{option.upper()}"


def _env_names(setting: Setting[object]) -> tuple[str, ...]:
    return tuple(env_name(section, option) for section, option in setting.ini_keys)


def _ini_keys(setting: Setting[object]) -> tuple[tuple[str, str], ...]:
    sections = (setting.section, *setting.fallback_sections)
    own = tuple((section, setting.option) for section in sections)
    return own + tuple((old.section, old.option) for old in setting.old_names)


def _renames(setting: Setting[object]) -> Mapping[str, Rename]:
    renames: dict[str, Rename] = {}
    new_ini = ini_name(setting.section, setting.option)
    for old in setting.old_names:
        old_ini = ini_name(old.section, old.option)
        renames[old_ini] = Rename(old_ini, new_ini, old.renamed_in)
        old_env = env_name(old.section, old.option)
        renames[old_env] = Rename(old_env, setting.env_var, old.renamed_in)
    return types.MappingProxyType(renames)


def _yaml_parts(setting: Setting[object]) -> tuple[str, ...] | None:
    return None if setting.yaml_key is None else tuple(setting.yaml_key.split("."))


@attrs.frozen
class OldName:
    """An INI option, and so its variable ``FLYTE_<SECTION>_<OPTION>``, that the reference read
    for a setting before renaming it. Still read, after the setting's own names (a config
    written for an older flytekit keeps working), with a note naming the new name;
    ``renamed_in`` says where the reference renamed it (release, commit, pull request), so the
    note can be checked against its history."""

    __repr__ = fields_repr

    section: str
    option: str
    renamed_in: str


@attrs.frozen
class Rename:
    """One old name as written (``[credentials] oauth_scopes`` or
    ``FLYTE_CREDENTIALS_OAUTH_SCOPES``), the name of the same kind that replaces it, and where
    the reference renamed it."""

    __repr__ = fields_repr

    old: str
    new: str
    renamed_in: str


@attrs.frozen
class Setting(Generic[T]):
    """One configuration entry and the field it feeds (``path``, e.g. ``platform.endpoint``).

    ``sensitive`` settings never show their value in a ``repr``, error or provenance ``repr``.
    ``old_names`` are the names the reference renamed (read after the setting's own names, in
    each source); ``renames`` maps each of them, INI option and variable, to its ``Rename``.
    """

    __repr__ = fields_repr

    path: str
    section: str
    option: str
    kind: ValueKind[T]
    yaml_key: str | None = None
    fallback_sections: tuple[str, ...] = ()
    sensitive: bool = False
    old_names: tuple[OldName, ...] = ()
    ini_keys: tuple[tuple[str, str], ...] = attrs.field(
        init=False, default=attrs.Factory(_ini_keys, takes_self=True)
    )
    env_names: tuple[str, ...] = attrs.field(
        init=False, default=attrs.Factory(_env_names, takes_self=True)
    )
    yaml_parts: tuple[str, ...] | None = attrs.field(
        init=False, default=attrs.Factory(_yaml_parts, takes_self=True), repr=False
    )
    renames: Mapping[str, Rename] = attrs.field(
        init=False, default=attrs.Factory(_renames, takes_self=True), repr=False, eq=False
    )

    @property
    def env_var(self) -> str:
        """The primary environment variable."""
        return self.env_names[0]


def ini_name(section: str, option: str) -> str:
    """How provenance and errors name an INI option: ``[section] option``."""
    return f"[{section}] {option}"


# --- persistence, aws, gcp, azure --------------------------------------------------------------
ATTACH_EXECUTION_METADATA: Final = Setting[bool](
    "data_config.generic.attach_execution_metadata",
    "persistence",
    "attach_execution_metadata",
    BOOL,
)
AWS_ENDPOINT: Final = Setting[str](
    "data_config.s3.endpoint", "aws", "endpoint", TEXT, "storage.connection.endpoint"
)
AWS_ACCESS_KEY_ID: Final = Setting[str](
    "data_config.s3.access_key_id", "aws", "access_key_id", TEXT, "storage.connection.access-key"
)
AWS_SECRET_ACCESS_KEY: Final = Setting[str](
    "data_config.s3.secret_access_key",
    "aws",
    "secret_access_key",
    TEXT,
    "storage.connection.secret-key",
    sensitive=True,
)
AWS_ENABLE_DEBUG: Final = Setting[bool]("data_config.s3.enable_debug", "aws", "enable_debug", BOOL)
AWS_RETRIES: Final = Setting[int]("data_config.s3.retries", "aws", "retries", RETRIES)
AWS_BACKOFF_SECONDS: Final = Setting[datetime.timedelta](
    "data_config.s3.backoff", "aws", "backoff_seconds", BACKOFF
)
AWS_ADDRESSING_STYLE: Final = Setting[str](
    "data_config.s3.adressing_style",
    "aws",
    "addressing_style",
    TEXT,
    "storage.connection.addressing-style",
)
AWS_RETRY_DEADLINE_SECONDS: Final = Setting[datetime.timedelta](
    "data_config.s3.retry_deadline", "aws", "retry_deadline_seconds", RETRY_DEADLINE
)
GCP_GSUTIL_PARALLELISM: Final = Setting[bool](
    "data_config.gcs.gsutil_parallelism", "gcp", "gsutil_parallelism", BOOL
)
AZURE_STORAGE_ACCOUNT_NAME: Final = Setting[str](
    "data_config.azure.account_name", "azure", "storage_account_name", TEXT
)
AZURE_STORAGE_ACCOUNT_KEY: Final = Setting[str](
    "data_config.azure.account_key", "azure", "storage_account_key", TEXT, sensitive=True
)
AZURE_TENANT_ID: Final = Setting[str]("data_config.azure.tenant_id", "azure", "tenant_id", TEXT)
AZURE_CLIENT_ID: Final = Setting[str]("data_config.azure.client_id", "azure", "client_id", TEXT)
AZURE_CLIENT_SECRET: Final = Setting[str](
    "data_config.azure.client_secret", "azure", "client_secret", TEXT, sensitive=True
)

# --- local, task -------------------------------------------------------------------------------
LOCAL_CACHE_ENABLED: Final = Setting[bool]("local.cache_enabled", "local", "cache_enabled", BOOL)
LOCAL_CACHE_OVERWRITE: Final = Setting[bool](
    "local.cache_overwrite", "local", "cache_overwrite", BOOL
)
LOCAL_PROJECT: Final = Setting[str]("task.project", "local", "project", TEXT, "task.project")
LOCAL_DOMAIN: Final = Setting[str]("task.domain", "local", "domain", TEXT, "task.domain")
LOCAL_ORG: Final = Setting[str]("task.org", "local", "org", TEXT, "task.org")

# --- credentials, platform ---------------------------------------------------------------------
CREDENTIALS_COMMAND: Final = Setting[tuple[str, ...]](
    "platform.command", "credentials", "command", LIST, "admin.command"
)
CREDENTIALS_PROXY_COMMAND: Final = Setting[tuple[str, ...]](
    "platform.proxy_command", "credentials", "proxy_command", LIST, "admin.proxyCommand"
)
CREDENTIALS_CLIENT_ID: Final = Setting[str](
    "platform.client_id", "credentials", "client_id", TEXT, "admin.clientId"
)
CREDENTIALS_CLIENT_SECRET: Final = Setting[str](
    "platform.client_credentials_secret", "credentials", "client_secret", TEXT, sensitive=True
)
CREDENTIALS_CLIENT_SECRET_LOCATION: Final = Setting[str](
    "credentials.client_secret_location",
    "credentials",
    "client_secret_location",
    TEXT,
    "admin.clientSecretLocation",
)
CREDENTIALS_CLIENT_SECRET_ENV_VAR: Final = Setting[str](
    "credentials.client_secret_env_var",
    "credentials",
    "client_secret_env_var",
    TEXT,
    "admin.clientSecretEnvVar",
)
CREDENTIALS_SCOPES: Final = Setting[tuple[str, ...]](
    "platform.scopes",
    "credentials",
    "scopes",
    LIST,
    "admin.scopes",
    old_names=(
        OldName("credentials", "oauth_scopes", "flytekit 0.23.0b4 (f6ee06f3f, #676)"),
        OldName("credentials", "scope", "flytekit 0.19.0b1 (86513b27b, #472), via oauth_scopes"),
    ),
)
CREDENTIALS_AUTH_MODE: Final = Setting[AuthType](
    "platform.auth_mode", "credentials", "auth_mode", AUTH, "admin.authType"
)
CREDENTIALS_AUDIENCE: Final = Setting[str](
    "platform.audience", "credentials", "audience", TEXT, "admin.audience"
)
PLATFORM_URL: Final = Setting[str](
    "platform.endpoint", "platform", "url", ENDPOINT, "admin.endpoint"
)
PLATFORM_INSECURE: Final = Setting[bool](
    "platform.insecure", "platform", "insecure", BOOL, "admin.insecure"
)
PLATFORM_INSECURE_SKIP_VERIFY: Final = Setting[bool](
    "platform.insecure_skip_verify",
    "platform",
    "insecure_skip_verify",
    BOOL,
    "admin.insecureSkipVerify",
)
PLATFORM_CONSOLE_ENDPOINT: Final = Setting[str](
    "platform.console_endpoint", "platform", "console_endpoint", TEXT, "console.endpoint"
)
PLATFORM_CA_CERT_FILE_PATH: Final = Setting[str](
    "platform.ca_cert_file_path", "platform", "ca_cert_file_path", TEXT, "admin.caCertFilePath"
)
PLATFORM_HTTP_PROXY_URL: Final = Setting[str](
    "platform.http_proxy_url", "platform", "http_proxy_url", TEXT, "admin.httpProxyURL"
)

# --- sdk, secrets, statsd ----------------------------------------------------------------------
SDK_WORKFLOW_PACKAGES: Final = Setting[tuple[str, ...]](
    "sdk.workflow_packages", "sdk", "workflow_packages", LIST
)
SDK_LOCAL_SANDBOX: Final = Setting[str]("local_sandbox_path", "sdk", "local_sandbox", TEXT)
SDK_LOGGING_LEVEL: Final = Setting[int]("sdk.logging_level", "sdk", "logging_level", LOGGING_LEVEL)
SECRETS_ENV_PREFIX: Final = Setting[str]("secrets.env_prefix", "secrets", "env_prefix", TEXT)
SECRETS_DEFAULT_DIR: Final = Setting[str]("secrets.default_dir", "secrets", "default_dir", TEXT)
SECRETS_FILE_PREFIX: Final = Setting[str]("secrets.file_prefix", "secrets", "file_prefix", TEXT)
STATSD_HOST: Final = Setting[str](
    "stats.host", "statsd", "host", TEXT, fallback_sections=("secrets",)
)
STATSD_PORT: Final = Setting[int](
    "stats.port", "statsd", "port", PORT, fallback_sections=("secrets",)
)
STATSD_DISABLED: Final = Setting[bool](
    "stats.disabled", "statsd", "disabled", BOOL, fallback_sections=("secrets",)
)
STATSD_DISABLE_TAGS: Final = Setting[bool](
    "stats.disabled_tags", "statsd", "disable_tags", BOOL, fallback_sections=("secrets",)
)

SETTINGS: Final[tuple[Setting[object], ...]] = (
    ATTACH_EXECUTION_METADATA,
    AWS_ENDPOINT,
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    AWS_ENABLE_DEBUG,
    AWS_RETRIES,
    AWS_BACKOFF_SECONDS,
    AWS_ADDRESSING_STYLE,
    AWS_RETRY_DEADLINE_SECONDS,
    GCP_GSUTIL_PARALLELISM,
    AZURE_STORAGE_ACCOUNT_NAME,
    AZURE_STORAGE_ACCOUNT_KEY,
    AZURE_TENANT_ID,
    AZURE_CLIENT_ID,
    AZURE_CLIENT_SECRET,
    LOCAL_CACHE_ENABLED,
    LOCAL_CACHE_OVERWRITE,
    LOCAL_PROJECT,
    LOCAL_DOMAIN,
    LOCAL_ORG,
    CREDENTIALS_COMMAND,
    CREDENTIALS_PROXY_COMMAND,
    CREDENTIALS_CLIENT_ID,
    CREDENTIALS_CLIENT_SECRET,
    CREDENTIALS_CLIENT_SECRET_LOCATION,
    CREDENTIALS_CLIENT_SECRET_ENV_VAR,
    CREDENTIALS_SCOPES,
    CREDENTIALS_AUTH_MODE,
    CREDENTIALS_AUDIENCE,
    PLATFORM_URL,
    PLATFORM_INSECURE,
    PLATFORM_INSECURE_SKIP_VERIFY,
    PLATFORM_CONSOLE_ENDPOINT,
    PLATFORM_CA_CERT_FILE_PATH,
    PLATFORM_HTTP_PROXY_URL,
    SDK_WORKFLOW_PACKAGES,
    SDK_LOCAL_SANDBOX,
    SDK_LOGGING_LEVEL,
    SECRETS_ENV_PREFIX,
    SECRETS_DEFAULT_DIR,
    SECRETS_FILE_PREFIX,
    STATSD_HOST,
    STATSD_PORT,
    STATSD_DISABLED,
    STATSD_DISABLE_TAGS,
)
"""Every setting, in the reference's catalogue order; ctxcore's own at the end of their section."""

ENV_NAMES: Final[frozenset[str]] = frozenset(
    name for setting in SETTINGS for name in setting.env_names
)
"""Every environment variable a setting is read from: with the one a configured
``client_secret_env_var`` names, all the resolver reads of an environment."""
