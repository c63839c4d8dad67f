"""Reading settings from an environment mapping and a parsed file, with provenance. Pure.

Precedence per setting, as the reference: the first environment variable that is set (even to
``""``), else for an INI file its option (an INI file never falls through to YAML), else for a
YAML file its key, else the default. A value that counts as unset (``""``, ``0``, an empty YAML
list) gives the default without consulting lower sources, except a bool, where ``""`` is false.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Literal, TypeAlias, TypeVar, cast

import attrs

from ctxcore.core.config import catalogue as s
from ctxcore.core.config.catalogue import Setting, ini_name
from ctxcore.core.config.file import MISSING, ConfigFile
from ctxcore.core.config.values import InvalidValue
from ctxcore.core.errors import ClientSecretFileNotFound, ConfigError, shown_path

__all__ = [
    "Provenance",
]

T = TypeVar("T")
D = TypeVar("D")

Source = Literal["env", "file", "default"]


@attrs.frozen(repr=False)
class Provenance:
    """Where a field's value came from, and the lower-precedence values it hid.

    ``source`` is ``"env"``, ``"file"`` or ``"default"``; ``name`` the environment variable or
    the file key (YAML ``admin.endpoint`` or INI ``[platform] url``); ``location`` the file path
    with ``:line`` where known; ``value`` what this source gives the field; ``detail`` a note
    (a value that counts as unset, an invalid shadowed value, where a client secret was read);
    ``renamed_to`` the name to use instead when ``name`` is one the reference renamed (so a
    reader of ``--explain`` sees both). Secret values never appear in the ``repr`` or
    ``describe()``.
    """

    source: Source
    name: str | None = None
    location: str | None = None
    shadowed: tuple[Provenance, ...] = ()
    value: object = None
    detail: str | None = None
    sensitive: bool = False
    renamed_to: str | None = None

    def shown_value(self) -> str:
        """``repr`` of the value, or ``'<redacted>'`` for a secret that is set."""
        return "'<redacted>'" if self.sensitive and self.value is not None else repr(self.value)

    def describe(self) -> str:
        """One line: ``env FLYTE_X``, ``file admin.endpoint at /p/config.yaml:3``, ``default``."""
        text = self.source if self.name is None else f"{self.source} {self.name}"
        if self.location is not None:
            text += f" at {self.location}"
        if self.detail is not None:
            text += f" ({self.detail})"
        if self.renamed_to is not None:
            text += f" (deprecated: renamed to {self.renamed_to})"
        return text

    def __repr__(self) -> str:
        return (
            f"Provenance(source={self.source!r}, name={self.name!r}, location={self.location!r}, "
            f"value={self.shown_value()}, detail={self.detail!r}, "
            f"renamed_to={self.renamed_to!r}, shadowed={self.shadowed!r})"
        )


class SettingsReader:
    """Reads settings from one environment mapping and one parsed file; records provenance when
    ``track`` is set. Used by the part builders; raises ``ConfigError`` (the public functions
    return it as a ``Failure``)."""

    def __init__(
        self,
        env: Mapping[str, str],
        file: ConfigFile | None,
        secret_files: Mapping[str, str],
        *,
        track: bool,
    ) -> None:
        self.env = env
        self.file = file
        self.secret_files = secret_files
        self.track = track
        self.provenance: dict[str, Provenance] = {}

    def get(self, setting: Setting[T], default: D) -> T | D:
        """The setting's value, or ``default``; records the field's provenance when tracking."""
        if self.track:
            value, origin = self._resolve(setting, default)
            self.provenance[setting.path] = origin
            return default if value is None else value
        value = self._first(setting)
        return default if value is None else value

    def reads_nothing(self, names: frozenset[str]) -> bool:
        """Whether, untracked and without a file, none of ``names`` is set: every setting read
        from them alone then gives its default (a dict is asked in one set operation)."""
        env = self.env  # a plain dict only: another mapping may answer ``get`` its own way
        return (
            not self.track
            and self.file is None
            and type(env) is dict
            and cast("dict[str, str]", env).keys().isdisjoint(names)
        )

    def lookup(self, setting: Setting[T]) -> tuple[T | None, Provenance | None]:
        """The setting's value (``None`` if unset) and, when tracking, its provenance. Records
        nothing (for settings that are not fields, such as ``client_secret_location``)."""
        if self.track:
            return self._resolve(setting, None)
        return self._first(setting), None

    def default(self, path: str, value: D) -> D:
        """A field that no setting feeds: its default, recorded as such."""
        if self.track:
            self.provenance[path] = Provenance("default", value=value)
        return value

    def override(self, path: str, winner: Provenance) -> None:
        """Record that ``winner`` replaced the value recorded for ``path`` (tracking only)."""
        previous = self.provenance.get(path)
        if previous is not None:
            hidden = (attrs.evolve(previous, shadowed=()), *previous.shadowed)
            winner = attrs.evolve(winner, shadowed=hidden)
        self.provenance[path] = winner

    def secret_file_text(self, location: str) -> str:
        """The pre-read content of the client secret file, or ``ClientSecretFileNotFound``
        naming the file and where its location was configured."""
        text = self.secret_files.get(location)
        if text is not None:
            return text
        origin = self._resolve(s.CREDENTIALS_CLIENT_SECRET_LOCATION, None)[1]
        reason = f"the client secret file {shown_path(location)} does not exist"
        if origin.source == "env":
            raise ClientSecretFileNotFound(reason, env_var=origin.name, path=location)
        file = self.file
        key = origin.name
        raise ClientSecretFileNotFound(
            reason,
            file=None if file is None else file.location,
            line=None if file is None or key is None else file.line_of(key),
            key=key,
            path=location,
        )

    # --- reading ---------------------------------------------------------------------------

    def _first(self, setting: Setting[T]) -> T | None:
        env = self.env
        for name in setting.env_names:
            raw = env.get(name)
            if raw is not None:
                return _from_env(setting, name, raw)
        file = self.file
        if file is None:
            return None
        if not file.is_yaml:
            for section, option in setting.ini_keys:
                raw = file.ini_value(section, option)
                if raw is not None:
                    return _from_ini(setting, file, section, option, raw)
            return None
        parts = setting.yaml_parts
        if parts is None:
            return None
        raw_yaml = file.yaml_value(parts)
        return None if raw_yaml is MISSING else _from_yaml(setting, file, parts, raw_yaml)

    def _resolve(self, setting: Setting[T], default: object) -> tuple[T | None, Provenance]:
        sensitive = setting.sensitive
        found = sources_set(setting, self.env, self.file)
        fallback = Provenance("default", value=default, sensitive=sensitive)
        if not found:
            return None, fallback
        value: T | None = None
        origins: list[Provenance] = []
        for index, (source, name, location, read) in enumerate(found):
            rename = setting.renames.get(name)
            renamed_to = None if rename is None else rename.new
            try:
                candidate = read()
            except ConfigError as error:
                if index == 0:
                    raise
                invalid = f"invalid: {error.reason}"
                origins.append(
                    Provenance(source, name, location, detail=invalid, renamed_to=renamed_to)
                )
                continue
            if index == 0:
                value = candidate
            detail = None if candidate is not None else "counts as unset: the default applies"
            shown = default if candidate is None else candidate
            origins.append(
                Provenance(source, name, location, (), shown, detail, sensitive, renamed_to)
            )
        winner = attrs.evolve(origins[0], shadowed=(*origins[1:], fallback))
        return value, winner


Found: TypeAlias = tuple[Source, str, str | None, Callable[[], T | None]]
"""A source that sets a setting: ``env`` or ``file``, the name it is set under, the file and
line, and how to read its value (reading may raise ``ConfigError``)."""


def sources_set(
    setting: Setting[T], env: Mapping[str, str], file: ConfigFile | None
) -> list[Found[T]]:
    """Every source that sets ``setting``, in precedence order: its variables (its own, then the
    fallbacks, then the old names), then for an INI file its options in the same order, or for
    a YAML file its key. The first one's value is the setting's; reading it is left to the
    caller (an INI value is interpolated when read, so it may fail)."""
    found: list[Found[T]] = []
    for name in setting.env_names:
        raw = env.get(name)
        if raw is not None:
            found.append(("env", name, None, functools.partial(_from_env, setting, name, raw)))
    if file is not None and not file.is_yaml:
        for section, option in setting.ini_keys:
            if file.has_ini_option(section, option):
                key = ini_name(section, option)
                read: Callable[[], T | None]
                read = functools.partial(_read_ini, setting, file, section, option)
                found.append(("file", key, file.where(key), read))
    elif file is not None and setting.yaml_parts is not None and _in_yaml(setting.yaml_parts, file):
        parts = setting.yaml_parts
        key = ".".join(parts)
        read_yaml = functools.partial(_read_yaml, setting, file, parts)
        found.append(("file", key, file.where(key), read_yaml))
    return found


def _from_env(setting: Setting[T], name: str, raw: str) -> T | None:
    try:
        return setting.kind.from_text(raw)
    except InvalidValue as error:
        raise ConfigError(error.reason, env_var=name) from None


def _from_ini(
    setting: Setting[T], file: ConfigFile, section: str, option: str, raw: str
) -> T | None:
    try:
        return setting.kind.from_text(raw)
    except InvalidValue as error:
        raise file.error(ini_name(section, option), error.reason) from None


def _read_ini(setting: Setting[T], file: ConfigFile, section: str, option: str) -> T | None:
    raw = file.ini_value(section, option)
    return None if raw is None else _from_ini(setting, file, section, option, raw)


def _from_yaml(
    setting: Setting[T], file: ConfigFile, parts: tuple[str, ...], raw: object
) -> T | None:
    try:
        return setting.kind.from_yaml(raw)
    except InvalidValue as error:
        raise file.error(".".join(parts), error.reason) from None


def _in_yaml(parts: tuple[str, ...], file: ConfigFile) -> bool:
    """Whether the YAML file has the key of ``parts`` (a wrong shape on the way counts: reading
    it then raises the error)."""
    try:
        return file.yaml_value(parts) is not MISSING
    except ConfigError:
        return True


def _read_yaml(setting: Setting[T], file: ConfigFile, parts: tuple[str, ...]) -> T | None:
    """The value of a key ``_in_yaml`` found (or the error of a wrong shape on the way): the
    file is immutable, so it is still there."""
    return _from_yaml(setting, file, parts, file.yaml_value(parts))
