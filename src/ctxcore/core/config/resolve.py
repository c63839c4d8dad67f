"""Pure configuration resolution: ``resolve_config(env, file)`` and the part builders.

Nothing here reads a file or the process environment: the resolver reads only its arguments.
The one value that lives in another file, the client secret named by ``client_secret_location``,
is handed in already read. The shell asks ``client_secret_location_or_error(env, file)`` for
the path, reads that file, and passes ``secret_files={path: text}``; a path missing from the
mapping means the file does not exist (``ClientSecretFileNotFound``, a ``FileNotFoundError``).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, Generic, TypeVar, cast

import attrs

from ctxcore.core import results
from ctxcore.core._repr import fields_repr
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
from ctxcore.core.config.unknown import (
    BUILTIN,
    RenamedName,
    UnknownName,
    find_renamed,
    find_unknown,
)
from ctxcore.core.config.values import AuthType
from ctxcore.core.errors import ConfigError, shown_path

if TYPE_CHECKING:
    from attrs import AttrsInstance
    from returns.result import Result

    from ctxcore.core.config.entries import ConfigEntry

__all__ = [
    "ResolvedConfig",
    "resolve_config",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_NO_FILES: Final[Mapping[str, str]] = types.MappingProxyType({})


@attrs.frozen
class ResolvedConfig:
    """A resolved ``Config`` and the provenance of every field, keyed by dotted path
    (``"platform.endpoint"``, ``"data_config.s3.retries"``, ``"local_sandbox_path"``), in
    field order."""

    __repr__ = fields_repr

    config: Config
    provenance: Mapping[str, Provenance]
    unknown: tuple[UnknownName, ...] = ()
    """Every config-file key and ``FLYTE_*`` variable that no entry reads, with where it is
    and a close known name (``ctxcore.core.config.unknown``); no value."""
    renamed: tuple[RenamedName, ...] = ()
    """Every old name of a setting the reference renamed that is set, with the new name and
    whether it is read (``ctxcore.core.config.unknown``); no value."""

    def with_entries(
        self,
        entries: Mapping[str, ConfigEntry[object]],
        file: ConfigFile | None,
        env: Mapping[str, str],
    ) -> ResolvedConfig:
        """This, with the provenance of more configuration entries (a plugin's own, by name:
        ``entries_of(MyPlugin)``) after the fields, read from ``env`` and ``file`` as
        ``entry.explain`` reads them. A value that is wrong raises ``ConfigError``. The names
        these entries read are no longer ``unknown``."""
        added = {name: entry.explain(file, env=env) for name, entry in entries.items()}
        before = {(name.kind, name.name) for name in self.unknown}
        known = BUILTIN.with_entries(entries.values())
        unknown = tuple(
            name for name in find_unknown(env, file, known) if (name.kind, name.name) in before
        )
        return attrs.evolve(self, provenance={**self.provenance, **added}, unknown=unknown)

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

    __repr__ = fields_repr

    name: str
    build: Callable[[SettingsReader], T_co]
    reads_client_secret: bool = False


# --- builders --------------------------------------------------------------------------------

_BY_PATH: Final[Mapping[str, s.Setting[object]]] = types.MappingProxyType(
    {setting.path: setting for setting in s.SETTINGS}
)
"""Every setting by the dotted path of the field it feeds."""

_Build = Callable[[SettingsReader], T_co]


def _catalogued(
    record: Callable[..., T], prefix: str, nested: Mapping[str, _Build[object]] | None = None
) -> _Build[T]:
    """A builder of ``record`` at ``prefix`` (``data_config.s3.``) driven by the catalogue:
    each field from the setting whose path is its own, a record field from its ``nested``
    builder, any other field its default (recorded as such)."""
    defaults = record()
    inner = nested or {}
    plan = tuple(
        (
            _BY_PATH.get(prefix + field.name),
            inner.get(field.name),
            prefix + field.name,
            getattr(defaults, field.name),
        )
        for field in attrs.fields(type(cast("AttrsInstance", defaults)))
    )

    names = frozenset(
        name
        for setting in s.SETTINGS
        if setting.path.startswith(prefix)
        for name in setting.env_names
    )

    def build(r: SettingsReader) -> T:
        if r.reads_nothing(names):
            # No file and none of the record's variables set: every field (nested records'
            # too) is its default, and the record is the default one (immutable, so shared).
            return defaults
        get = r.get
        values: list[object] = []  # in field order: a positional call is the cheapest
        for setting, nested_build, path, default in plan:
            if setting is not None:
                values.append(get(setting, default))
            elif nested_build is not None:
                values.append(nested_build(r))
            else:
                values.append(r.default(path, default))
        return record(*values)

    return build


_plain_platform: Final = _catalogued(PlatformConfig, "platform.")


def _platform(r: SettingsReader) -> PlatformConfig:
    """The catalogued platform settings, then the reference's client-secret rules (see
    ``_client_secret``): a client secret from a file or a named variable wins, and either makes
    the auth mode ClientSecret."""
    platform = _plain_platform(r)
    secret, cause = _client_secret(r, platform.client_credentials_secret)
    if cause is None:
        return platform
    if r.track:
        r.override(
            s.CREDENTIALS_AUTH_MODE.path,
            attrs.evolve(
                cause,
                value=AuthType.CLIENTSECRET,
                sensitive=False,
                detail="a client secret is configured, so the auth mode is ClientSecret",
            ),
        )
    return attrs.evolve(platform, client_credentials_secret=secret, auth_mode=AuthType.CLIENTSECRET)


def _client_secret(r: SettingsReader, secret: str | None) -> tuple[str | None, Provenance | None]:
    """The reference's order: the secret file (stripped if it ends in a newline) overrides
    ``client_secret``, and a non-empty variable named by ``client_secret_env_var`` overrides
    both. Either one means ClientSecret mode: the second value is then what caused it (with its
    provenance when tracking, else a bare marker), and ``None`` otherwise."""
    path = s.CREDENTIALS_CLIENT_SECRET.path
    cause: Provenance | None = None
    location, location_origin = r.lookup(s.CREDENTIALS_CLIENT_SECRET_LOCATION)
    if location and (content := r.secret_file_text(location)):
        if content.endswith("\n"):
            content = content.strip()
        detail = f"read from the file {shown_path(location)}"
        cause = attrs.evolve(location_origin or _MARKER, detail=detail)
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


_secrets: Final = _catalogued(SecretsConfig, "secrets.")
_stats: Final = _catalogued(StatsConfig, "stats.")
_s3: Final = _catalogued(S3Config, "data_config.s3.")
_gcs: Final = _catalogued(GCSConfig, "data_config.gcs.")
_azure: Final = _catalogued(AzureBlobStorageConfig, "data_config.azure.")
_generic: Final = _catalogued(GenericPersistenceConfig, "data_config.generic.")
_data: Final = _catalogued(
    DataConfig, "data_config.", {"s3": _s3, "gcs": _gcs, "azure": _azure, "generic": _generic}
)
_local: Final = _catalogued(LocalConfig, "local.")
_task: Final = _catalogued(TaskConfig, "task.")
_config: Final = _catalogued(
    Config,
    "",
    {"platform": _platform, "secrets": _secrets, "stats": _stats, "data_config": _data},
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


_MEMOISED: Final = frozenset(map(id, _PARTS.values()))
"""The parts ``part_or_error`` memoises from a file (not a subclass's, made anew per call)."""


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


def _unframed(error: ConfigError) -> ConfigError:
    """``error`` without the traceback of its way up through the readers: their frames, and
    the builders' here, hold the client secret files and values already read, and error
    reporters (Sentry, rich tracebacks) send every frame's locals. The message says what and
    where; the error is raised again, from a frame that holds no secret, by the caller."""
    return error.with_traceback(None)


def client_secret_location(
    env: Mapping[str, str], file: ConfigFile | None
) -> Result[str | None, ConfigError]:
    """The client secret file to read before resolving, or ``None`` if none is configured."""
    location = client_secret_location_or_error(env, file)
    if isinstance(location, ConfigError):
        return results.Failure(location)
    return results.Success(location)


def client_secret_location_or_error(
    env: Mapping[str, str], file: ConfigFile | None
) -> str | ConfigError | None:
    """``client_secret_location``'s value or error, not wrapped: ``X.auto`` asks for every part
    that reads the client secret, and a ``Result`` made to be unwrapped at once would import
    ``returns`` into a program's first use (``ctxcore.core.results``)."""
    reader = SettingsReader(env, file, _NO_FILES, track=False)
    try:
        return reader.lookup(s.CREDENTIALS_CLIENT_SECRET_LOCATION)[0]
    except ConfigError as error:
        return _unframed(error)


def client_secret_variable(env: Mapping[str, str], file: ConfigFile | None) -> str | None:
    """The variable a configured ``client_secret_env_var`` names (``None`` if none is, or if
    reading the setting fails: resolving then raises that error). With ``ENV_NAMES``, the only
    variables the resolver reads, so ``env`` restricted to these gives the same result."""
    reader = SettingsReader(env, file, _NO_FILES, track=False)
    try:
        return reader.lookup(s.CREDENTIALS_CLIENT_SECRET_ENV_VAR)[0]
    except ConfigError:
        return None


def build_part(
    part: ConfigPart[T],
    env: Mapping[str, str],
    file: ConfigFile | None,
    *,
    secret_files: Mapping[str, str] | None = None,
) -> Result[T, ConfigError]:
    """One record from ``env`` and ``file``, without provenance, as a ``Result``
    (``part_or_error``'s answer, wrapped). Pure."""
    built = part_or_error(part, env, file, secret_files=secret_files)
    if isinstance(built, ConfigError):
        return results.Failure(built)
    return results.Success(built)


def part_or_error(
    part: ConfigPart[T],
    env: Mapping[str, str],
    file: ConfigFile | None,
    *,
    secret_files: Mapping[str, str] | None = None,
) -> T | ConfigError:
    """``build_part``'s record or error, not wrapped (``X.auto`` runs this: see
    ``client_secret_location_or_error``)."""
    secrets = secret_files or _NO_FILES
    try:
        if file is not None and id(part) in _MEMOISED and _sets_none(env, s.ENV_NAMES):
            built: T = _from_file(part, file, tuple(secrets.items()), _named_secret(env, file))
            return built
        return part.build(SettingsReader(env, file, secrets, track=False))
    except ConfigError as error:
        return _unframed(error)


def _sets_none(env: Mapping[str, str], names: frozenset[str]) -> bool:
    """Whether ``env`` is a plain dict (asked in one set operation) that sets none of
    ``names``; any other mapping may answer ``get`` its own way, so it is never skipped."""
    return type(env) is dict and cast("dict[str, str]", env).keys().isdisjoint(names)


def _named_secret(env: Mapping[str, str], file: ConfigFile) -> tuple[tuple[str, str], ...]:
    """The variable the file's ``client_secret_env_var`` names and its value in ``env``, if
    both are there: with no ``ENV_NAMES`` variable set, all of ``env`` a build reads."""
    variable = client_secret_variable(env, file)
    value = None if not variable else env.get(variable)
    return () if variable is None or value is None else ((variable, value),)


@functools.lru_cache(maxsize=32)
def _from_file(
    part: ConfigPart[T],
    file: ConfigFile,
    secret_files: tuple[tuple[str, str], ...],
    named_secret: tuple[tuple[str, str], ...],
) -> T:
    """``part`` built from ``file`` alone (and the client secret it names): ``part_or_error`` when
    no variable of ``ENV_NAMES`` is set, memoised. The arguments are all the build reads, and
    records and files are immutable, so a repeated ``auto()`` with the same file gets the same
    (equal, frozen) record without reading every setting again. Errors are not memoised."""
    return part.build(SettingsReader(dict(named_secret), file, dict(secret_files), track=False))


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
        return results.Failure(_unframed(error))
    # The builders read the fields in field order (a nested record's where it stands), so the
    # reader recorded them in that order: the order of its leaf fields (a test holds it to that).
    provenance = types.MappingProxyType(reader.provenance)
    unknown = find_unknown(env, file)
    return results.Success(ResolvedConfig(config, provenance, unknown, find_renamed(env, file)))
