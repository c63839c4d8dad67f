"""The reference's catalogue of configuration entries (``flytekit.configuration.internal``).

Group by group, every entry the reference has, with its section, option (so its environment
variable ``FLYTE_<SECTION>_<OPTION>``), YAML key, type and transform:
``Platform.INSECURE.read(cfg)`` is the ``bool | None`` the reference's is. ``Config.auto()``
does not read through these (it reads ctxcore's own catalogue, with ranges and provenance); they
are for code written against the reference, and the pattern a plugin follows to declare its own
entries. Secrets are marked
``sensitive``: their provenance never shows the value.

As in the reference, ``StatsD`` entries are in the ``secrets`` section (``FLYTE_SECRETS_HOST``);
``Config.auto()`` also reads them from ``[statsd]`` and ``FLYTE_STATSD_*``.
"""

from __future__ import annotations

import datetime
from typing import ClassVar, Final

from ctxcore.core.config.entries import ConfigEntry, LegacyConfigEntry, YamlConfigEntry
from ctxcore.core.config.file import ConfigFile, get_specified_images

__all__ = [
    "AWS",
    "AZURE",
    "GCP",
    "Credentials",
    "Images",
    "Local",
    "LocalSDK",
    "Persistence",
    "Platform",
    "Secrets",
    "StatsD",
]


def _seconds(text: str) -> datetime.timedelta:
    return datetime.timedelta(seconds=int(text))


def _endpoint(text: str) -> str:
    return text.replace("dns:///", "")


class Images:
    """Named images: the INI ``[images]`` section or the YAML ``images`` mapping."""

    @staticmethod
    def get_specified_images(cfg: ConfigFile | None) -> dict[str, str] | None:
        """``{name: image}`` of the file (``{}`` for none; ``None`` for an empty YAML file)."""
        return get_specified_images(cfg)


class Persistence:
    SECTION: ClassVar[str] = "persistence"
    ATTACH_EXECUTION_METADATA: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "attach_execution_metadata", bool)
    )


class AWS:
    SECTION: ClassVar[str] = "aws"
    S3_ENDPOINT: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "endpoint"), YamlConfigEntry("storage.connection.endpoint")
    )
    S3_ACCESS_KEY_ID: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "access_key_id"),
        YamlConfigEntry("storage.connection.access-key"),
    )
    S3_SECRET_ACCESS_KEY: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "secret_access_key"),
        YamlConfigEntry("storage.connection.secret-key"),
        sensitive=True,
    )
    ENABLE_DEBUG: Final = ConfigEntry(LegacyConfigEntry(SECTION, "enable_debug", bool))
    RETRIES: Final = ConfigEntry(LegacyConfigEntry(SECTION, "retries", int))
    BACKOFF_SECONDS: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "backoff_seconds", datetime.timedelta), transform=_seconds
    )
    S3_ADDRESSING_STYLE: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "addressing_style"),
        YamlConfigEntry("storage.connection.addressing-style"),
    )


class GCP:
    SECTION: ClassVar[str] = "gcp"
    GSUTIL_PARALLELISM: Final = ConfigEntry(LegacyConfigEntry(SECTION, "gsutil_parallelism", bool))


class AZURE:
    SECTION: ClassVar[str] = "azure"
    STORAGE_ACCOUNT_NAME: Final = ConfigEntry(LegacyConfigEntry(SECTION, "storage_account_name"))
    STORAGE_ACCOUNT_KEY: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "storage_account_key"), sensitive=True
    )
    TENANT_ID: Final = ConfigEntry(LegacyConfigEntry(SECTION, "tenant_id"))
    CLIENT_ID: Final = ConfigEntry(LegacyConfigEntry(SECTION, "client_id"))
    CLIENT_SECRET: Final = ConfigEntry(LegacyConfigEntry(SECTION, "client_secret"), sensitive=True)


class Local:
    SECTION: ClassVar[str] = "local"
    CACHE_ENABLED: Final = ConfigEntry(LegacyConfigEntry(SECTION, "cache_enabled", bool))
    CACHE_OVERWRITE: Final = ConfigEntry(LegacyConfigEntry(SECTION, "cache_overwrite", bool))
    USER_PROJECT: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "project"), YamlConfigEntry("task.project")
    )
    USER_DOMAIN: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "domain"), YamlConfigEntry("task.domain")
    )
    USER_ORG: Final = ConfigEntry(LegacyConfigEntry(SECTION, "org"), YamlConfigEntry("task.org"))


class Credentials:
    SECTION: ClassVar[str] = "credentials"
    COMMAND: Final = ConfigEntry(
        LegacyConfigEntry[list[str]](SECTION, "command", list),
        YamlConfigEntry[list[str]]("admin.command", list),
    )
    """A command run to get a token from an external process."""
    PROXY_COMMAND: Final = ConfigEntry(
        LegacyConfigEntry[list[str]](SECTION, "proxy_command", list),
        YamlConfigEntry[list[str]]("admin.proxyCommand", list),
    )
    """A command run to get a token for a proxy in front of Flyte."""
    CLIENT_ID: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "client_id"), YamlConfigEntry("admin.clientId")
    )
    """The public identifier of the app that handles authorization for a Flyte deployment."""
    CLIENT_CREDENTIALS_SECRET: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "client_secret"), sensitive=True
    )
    """The client secret itself (less secure than a file: prefer the location)."""
    CLIENT_CREDENTIALS_SECRET_LOCATION: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "client_secret_location"),
        YamlConfigEntry("admin.clientSecretLocation"),
    )
    """A file holding the client secret."""
    CLIENT_CREDENTIALS_SECRET_ENV_VAR: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "client_secret_env_var"),
        YamlConfigEntry("admin.clientSecretEnvVar"),
    )
    """An environment variable holding the client secret."""
    SCOPES: Final = ConfigEntry(
        LegacyConfigEntry[list[str]](SECTION, "scopes", list),
        YamlConfigEntry[list[str]]("admin.scopes", list),
    )
    """Scopes passed to the authenticator flows."""
    AUTH_MODE: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "auth_mode"), YamlConfigEntry("admin.authType")
    )
    """How credentials are requested: ``standard``/``Pkce``, ``DeviceFlow``, ``basic`` /
    ``client_credentials`` / ``clientSecret``, ``ExternalCommand``."""
    AUDIENCE: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "audience"), YamlConfigEntry("admin.audience")
    )
    """The audience passed to the authenticator flows."""


class Platform:
    SECTION: ClassVar[str] = "platform"
    URL: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "url"), YamlConfigEntry("admin.endpoint"), _endpoint
    )
    INSECURE: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "insecure", bool), YamlConfigEntry("admin.insecure", bool)
    )
    INSECURE_SKIP_VERIFY: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "insecure_skip_verify", bool),
        YamlConfigEntry("admin.insecureSkipVerify", bool),
    )
    CONSOLE_ENDPOINT: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "console_endpoint"), YamlConfigEntry("console.endpoint")
    )
    CA_CERT_FILE_PATH: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "ca_cert_file_path"), YamlConfigEntry("admin.caCertFilePath")
    )
    HTTP_PROXY_URL: Final = ConfigEntry(
        LegacyConfigEntry(SECTION, "http_proxy_url"), YamlConfigEntry("admin.httpProxyURL")
    )


class LocalSDK:
    SECTION: ClassVar[str] = "sdk"
    WORKFLOW_PACKAGES: Final = ConfigEntry(
        LegacyConfigEntry[list[str]](SECTION, "workflow_packages", list)
    )
    """Comma-separated packages in which SDK tools look for entities."""
    LOCAL_SANDBOX: Final = ConfigEntry(LegacyConfigEntry(SECTION, "local_sandbox"))
    """Where local executions place their files (never cleaned up)."""
    LOGGING_LEVEL: Final = ConfigEntry(LegacyConfigEntry(SECTION, "logging_level", int))
    """The Python logging level set before user code runs."""


class Secrets:
    SECTION: ClassVar[str] = "secrets"
    ENV_PREFIX: Final = ConfigEntry(LegacyConfigEntry(SECTION, "env_prefix"))
    """The prefix of the environment variables injected secrets are read from."""
    DEFAULT_DIR: Final = ConfigEntry(LegacyConfigEntry(SECTION, "default_dir"))
    """The directory secrets are read from as files."""
    FILE_PREFIX: Final = ConfigEntry(LegacyConfigEntry(SECTION, "file_prefix"))
    """The prefix of secret files in the default directory."""


class StatsD:
    SECTION: ClassVar[str] = "secrets"
    HOST: Final = ConfigEntry(LegacyConfigEntry(SECTION, "host"))
    PORT: Final = ConfigEntry(LegacyConfigEntry(SECTION, "port", int))
    DISABLED: Final = ConfigEntry(LegacyConfigEntry(SECTION, "disabled", bool))
    DISABLE_TAGS: Final = ConfigEntry(LegacyConfigEntry(SECTION, "disable_tags", bool))
