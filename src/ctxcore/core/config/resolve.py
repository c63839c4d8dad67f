"""Pure configuration resolution: ``resolve_config(env, file)`` and the part builders.

Nothing here reads a file or the process environment: the resolver reads only its arguments.
The one value that lives in another file, the client secret named by ``client_secret_location``,
is handed in already read. The shell asks ``client_secret_location(env, file)`` for the path,
reads that file, and passes ``secret_files={path: text}``; a path missing from the mapping
means the file does not exist (``ClientSecretFileNotFound``, a ``FileNotFoundError``).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Final, Generic, TypeVar, cast

import attrs
from returns.result import Failure, Result, Success

from ctxcore.core.config import catalogue as s
from ctxcore.core.config.file import ConfigFile
from ctxcore.core.config.reader import Provenance, SettingsReader
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
from ctxcore.core.errors import ConfigError

if TYPE_CHECKING:
    from attrs import AttrsInstance

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_NO_FILES: Final[Mapping[str, str]] = types.MappingProxyType({})


@attrs.frozen
class ResolvedConfig:
    """A resolved ``Config`` and the provenance of every field, keyed by dotted path
    (``"platform.endpoint"``, ``"data_config.s3.retries"``, ``"local_sandbox_path"``), in
    field order."""

    config: Config
    provenance: Mapping[str, Provenance]

    def describe(self) -> str:
        """A readable table: each field, its value, where it came from and what it shadowed."""
        lines: list[str] = []
        for path, origin in self.provenance.items():
            lines.append(f"{path} = {origin.shown_value()}  <- {origin.describe()}")
            lines.extend(
                f"    shadows {hidden.shown_value()} from {hidden.describe()}"
                for hidden in origin.shadowed
            )
        return "\n".join(lines)


@attrs.frozen
class ConfigPart(Generic[T_co]):
    """One record the resolver can build (what ``X.auto`` resolves)."""

    name: str
    build: Callable[[SettingsReader], T_co]
    reads_client_secret: bool = False


# --- builders --------------------------------------------------------------------------------

_PLATFORM: Final = PlatformConfig()
_SECRETS: Final = SecretsConfig()
_STATS: Final = StatsConfig()
_S3: Final = S3Config()
_AZURE: Final = AzureBlobStorageConfig()
_LOCAL: Final = LocalConfig()
_TASK: Final = TaskConfig()


def _platform(r: SettingsReader) -> PlatformConfig:
    d = _PLATFORM
    insecure = r.get(s.PLATFORM_INSECURE, d.insecure)
    insecure_skip_verify = r.get(s.PLATFORM_INSECURE_SKIP_VERIFY, d.insecure_skip_verify)
    ca_cert_file_path = r.get(s.PLATFORM_CA_CERT_FILE_PATH, d.ca_cert_file_path)
    command = r.get(s.CREDENTIALS_COMMAND, d.command)
    proxy_command = r.get(s.CREDENTIALS_PROXY_COMMAND, d.proxy_command)
    client_id = r.get(s.CREDENTIALS_CLIENT_ID, d.client_id)
    secret = r.get(s.CREDENTIALS_CLIENT_SECRET, d.client_credentials_secret)
    audience = r.get(s.CREDENTIALS_AUDIENCE, d.audience)
    secret, client_secret_cause = _client_secret(r, secret)
    scopes = r.get(s.CREDENTIALS_SCOPES, d.scopes)
    auth_mode = r.get(s.CREDENTIALS_AUTH_MODE, d.auth_mode)
    if client_secret_cause is not None:
        auth_mode = AuthType.CLIENTSECRET
        if r.track:
            r.override(
                s.CREDENTIALS_AUTH_MODE.path,
                attrs.evolve(
                    client_secret_cause,
                    value=auth_mode,
                    sensitive=False,
                    detail="a client secret is configured, so the auth mode is ClientSecret",
                ),
            )
    return PlatformConfig(
        endpoint=r.get(s.PLATFORM_URL, d.endpoint),
        insecure=insecure,
        insecure_skip_verify=insecure_skip_verify,
        ca_cert_file_path=ca_cert_file_path,
        console_endpoint=r.get(s.PLATFORM_CONSOLE_ENDPOINT, d.console_endpoint),
        command=command,
        proxy_command=proxy_command,
        client_id=client_id,
        client_credentials_secret=secret,
        scopes=scopes,
        auth_mode=auth_mode,
        audience=audience,
        rpc_retries=r.default("platform.rpc_retries", d.rpc_retries),
        http_proxy_url=r.get(s.PLATFORM_HTTP_PROXY_URL, d.http_proxy_url),
    )


def _client_secret(r: SettingsReader, secret: str | None) -> tuple[str | None, Provenance | None]:
    """The reference's order: the secret file (stripped if it ends in a newline) overrides
    ``client_secret``, and a non-empty variable named by ``client_secret_env_var`` overrides
    both. Either one means ClientSecret mode: the second value is then what caused it (with its
    provenance when tracking, else a bare marker), and ``None`` otherwise."""
    path = s.CREDENTIALS_CLIENT_SECRET.path
    cause: Provenance | None = None
    location, location_origin = r.lookup(s.CREDENTIALS_CLIENT_SECRET_LOCATION)
    content = r.secret_file_text(location) if location else None
    if content:
        if content.endswith("\n"):
            content = content.strip()
        detail = f"read from the file {location!r}"
        cause = attrs.evolve(location_origin or _MARKER, shadowed=(), detail=detail)
        if content:
            secret = content
            if r.track:
                r.override(path, attrs.evolve(cause, value=content, sensitive=True))
    variable, variable_origin = r.lookup(s.CREDENTIALS_CLIENT_SECRET_ENV_VAR)
    value = r.env.get(variable) if variable else None
    if value:
        secret = value
        named_by = None if variable_origin is None else variable_origin.name
        cause = Provenance("env", variable, detail=f"named by {named_by}", sensitive=True)
        if r.track:
            r.override(path, attrs.evolve(cause, value=value))
    return secret, cause


_MARKER: Final = Provenance("default")


def _secrets(r: SettingsReader) -> SecretsConfig:
    d = _SECRETS
    return SecretsConfig(
        env_prefix=r.get(s.SECRETS_ENV_PREFIX, d.env_prefix),
        default_dir=r.get(s.SECRETS_DEFAULT_DIR, d.default_dir),
        file_prefix=r.get(s.SECRETS_FILE_PREFIX, d.file_prefix),
    )


def _stats(r: SettingsReader) -> StatsConfig:
    d = _STATS
    return StatsConfig(
        host=r.get(s.STATSD_HOST, d.host),
        port=r.get(s.STATSD_PORT, d.port),
        disabled=r.get(s.STATSD_DISABLED, d.disabled),
        disabled_tags=r.get(s.STATSD_DISABLE_TAGS, d.disabled_tags),
    )


def _s3(r: SettingsReader) -> S3Config:
    d = _S3
    return S3Config(
        enable_debug=r.get(s.AWS_ENABLE_DEBUG, d.enable_debug),
        endpoint=r.get(s.AWS_ENDPOINT, d.endpoint),
        retries=r.get(s.AWS_RETRIES, d.retries),
        backoff=r.get(s.AWS_BACKOFF_SECONDS, d.backoff),
        access_key_id=r.get(s.AWS_ACCESS_KEY_ID, d.access_key_id),
        secret_access_key=r.get(s.AWS_SECRET_ACCESS_KEY, d.secret_access_key),
        adressing_style=r.get(s.AWS_ADDRESSING_STYLE, d.adressing_style),
    )


def _gcs(r: SettingsReader) -> GCSConfig:
    return GCSConfig(r.get(s.GCP_GSUTIL_PARALLELISM, GCSConfig().gsutil_parallelism))


def _azure(r: SettingsReader) -> AzureBlobStorageConfig:
    d = _AZURE
    return AzureBlobStorageConfig(
        account_name=r.get(s.AZURE_STORAGE_ACCOUNT_NAME, d.account_name),
        account_key=r.get(s.AZURE_STORAGE_ACCOUNT_KEY, d.account_key),
        tenant_id=r.get(s.AZURE_TENANT_ID, d.tenant_id),
        client_id=r.get(s.AZURE_CLIENT_ID, d.client_id),
        client_secret=r.get(s.AZURE_CLIENT_SECRET, d.client_secret),
    )


def _generic(r: SettingsReader) -> GenericPersistenceConfig:
    default = GenericPersistenceConfig().attach_execution_metadata
    return GenericPersistenceConfig(r.get(s.ATTACH_EXECUTION_METADATA, default))


def _data(r: SettingsReader) -> DataConfig:
    return DataConfig(s3=_s3(r), gcs=_gcs(r), azure=_azure(r), generic=_generic(r))


def _local(r: SettingsReader) -> LocalConfig:
    d = _LOCAL
    return LocalConfig(
        cache_enabled=r.get(s.LOCAL_CACHE_ENABLED, d.cache_enabled),
        cache_overwrite=r.get(s.LOCAL_CACHE_OVERWRITE, d.cache_overwrite),
    )


def _task(r: SettingsReader) -> TaskConfig:
    d = _TASK
    return TaskConfig(
        project=r.get(s.LOCAL_PROJECT, d.project),
        domain=r.get(s.LOCAL_DOMAIN, d.domain),
        org=r.get(s.LOCAL_ORG, d.org),
    )


def _config(r: SettingsReader) -> Config:
    return Config(
        platform=_platform(r),
        secrets=_secrets(r),
        stats=_stats(r),
        data_config=_data(r),
        local_sandbox_path=r.get(s.SDK_LOCAL_SANDBOX, None),
    )


CONFIG: Final = ConfigPart[Config]("Config", _config, reads_client_secret=True)
PLATFORM: Final = ConfigPart[PlatformConfig]("PlatformConfig", _platform, reads_client_secret=True)
SECRETS: Final = ConfigPart[SecretsConfig]("SecretsConfig", _secrets)
STATS: Final = ConfigPart[StatsConfig]("StatsConfig", _stats)
DATA: Final = ConfigPart[DataConfig]("DataConfig", _data)
S3: Final = ConfigPart[S3Config]("S3Config", _s3)
GCS: Final = ConfigPart[GCSConfig]("GCSConfig", _gcs)
AZURE: Final = ConfigPart[AzureBlobStorageConfig]("AzureBlobStorageConfig", _azure)
GENERIC_PERSISTENCE: Final = ConfigPart[GenericPersistenceConfig](
    "GenericPersistenceConfig", _generic
)
LOCAL: Final = ConfigPart[LocalConfig]("LocalConfig", _local)
TASK: Final = ConfigPart[TaskConfig]("TaskConfig", _task)

_PARTS: Final[Mapping[type[object], ConfigPart[object]]] = types.MappingProxyType(
    {
        Config: CONFIG,
        PlatformConfig: PLATFORM,
        SecretsConfig: SECRETS,
        StatsConfig: STATS,
        DataConfig: DATA,
        S3Config: S3,
        GCSConfig: GCS,
        AzureBlobStorageConfig: AZURE,
        GenericPersistenceConfig: GENERIC_PERSISTENCE,
        LocalConfig: LOCAL,
        TaskConfig: TASK,
    }
)


def part_for(record: type[T]) -> ConfigPart[T]:
    """The part that builds ``record`` (what ``record.auto()`` resolves). A subclass of a
    configuration record (an SDK's, with fields of its own) gets the record's values and its
    own fields' defaults."""
    part = _PARTS.get(record)
    if part is not None:
        return cast("ConfigPart[T]", part)
    for base in record.__mro__[1:]:
        found = _PARTS.get(base)
        if found is not None:
            return ConfigPart(
                record.__name__, _as_subclass(found, record), found.reads_client_secret
            )
    raise TypeError(f"{record.__name__} is not a configuration record")


def _as_subclass(part: ConfigPart[object], record: type[T]) -> Callable[[SettingsReader], T]:
    def build(reader: SettingsReader) -> T:
        values = cast("AttrsInstance", part.build(reader))
        return record(**{f.name: getattr(values, f.name) for f in attrs.fields(type(values))})

    return build


# --- the public functions --------------------------------------------------------------------


def client_secret_location(
    env: Mapping[str, str], file: ConfigFile | None
) -> Result[str | None, ConfigError]:
    """The client secret file to read before resolving, or ``None`` if none is configured."""
    reader = SettingsReader(env, file, _NO_FILES, track=False)
    try:
        return Success(reader.lookup(s.CREDENTIALS_CLIENT_SECRET_LOCATION)[0])
    except ConfigError as error:
        return Failure(error)


def build_part(
    part: ConfigPart[T],
    env: Mapping[str, str],
    file: ConfigFile | None,
    *,
    secret_files: Mapping[str, str] | None = None,
) -> Result[T, ConfigError]:
    """One record from ``env`` and ``file``, without provenance (what ``X.auto`` runs). Pure."""
    reader = SettingsReader(env, file, secret_files or _NO_FILES, track=False)
    try:
        return Success(part.build(reader))
    except ConfigError as error:
        return Failure(error)


def resolve_config(
    env: Mapping[str, str],
    file: ConfigFile | None,
    *,
    secret_files: Mapping[str, str] | None = None,
) -> Result[ResolvedConfig, ConfigError]:
    """The ``Config`` that ``env`` and ``file`` give, with the provenance of every field.

    ``secret_files`` maps a client-secret file path to its already-read content (see the module
    docstring). Pure: same arguments, same result; nothing is read.
    """
    reader = SettingsReader(env, file, secret_files or _NO_FILES, track=True)
    try:
        config = _config(reader)
    except ConfigError as error:
        return Failure(error)
    found = reader.provenance
    ordered = {path: found[path] for path in _leaf_paths(config, "") if path in found}
    return Success(ResolvedConfig(config, types.MappingProxyType({**ordered, **found})))


def _leaf_paths(record: object, prefix: str) -> Iterator[str]:
    """Dotted paths of a record's non-record fields, in field order."""
    record_type = type(record)
    if not attrs.has(record_type):
        return
    for field in attrs.fields(record_type):
        name: str = field.name
        value: object = getattr(record, name)
        if attrs.has(type(value)):
            yield from _leaf_paths(value, f"{prefix}{name}.")
        else:
            yield prefix + name
