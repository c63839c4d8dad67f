"""Configuration entries as flytekit declares them: ``ConfigEntry`` and its two sources.

flytekit plugins declare their own settings this way (``ConfigEntry(LegacyConfigEntry("mysql",
"host"), YamlConfigEntry("mysql.host"))``) and read them with ``entry.read(cfg)``: the
environment variable ``FLYTE_<SECTION>_<OPTION>`` first, then the legacy INI option (an INI file
never falls through to YAML), then the YAML key, each value put through the entry's transform.
The entries are frozen records generic in their value type: ``ConfigEntry[bool].read()`` is
``bool | None``.

Where ctxcore is stricter than the reference, it says where: a value the transform or the file
cannot turn into the entry's type is a ``ConfigError`` naming the environment variable, or the
file, line and key (the reference handed back the text, or a ``ValueError`` naming nothing).
``entry.explain(cfg)`` gives the ``Provenance`` of a plugin's entry as ``Config.explain()`` gives
the catalogue's. The environment is the installed ambient's unless ``env=`` is given, so the
core stays pure.
"""

from __future__ import annotations

import configparser
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final, Generic, TypeVar, cast, overload

import attrs

from ctxcore.core._records import init_fields
from ctxcore.core._repr import fields_repr
from ctxcore.core.ambient import current_ambient
from ctxcore.core.config.catalogue import env_name, ini_name
from ctxcore.core.config.file import MISSING, ConfigFile
from ctxcore.core.config.reader import Provenance
from ctxcore.core.config.values import describe_type
from ctxcore.core.errors import ConfigError, ConfigOptionNotFoundError, shown

__all__ = [
    "ConfigEntry",
    "LegacyConfigEntry",
    "YamlConfigEntry",
    "bool_transformer",
    "comma_list_transformer",
    "entries_of",
    "get_config_file",
    "int_transformer",
    "set_if_exists",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
K = TypeVar("K")

_FALSE_WORDS: Final = frozenset({"false", "0", "off", "no"})
"""What ``bool_transformer`` reads as false (the empty string too); any other text is true."""

_INI_BOOLEANS: Final = MappingProxyType(dict(configparser.ConfigParser.BOOLEAN_STATES))
"""What an INI file may say for a boolean, as configparser's ``getboolean`` reads it."""


def exists(value: object) -> bool:
    """The reference's ``_exists``: any bool counts; otherwise the value must be truthy."""
    return isinstance(value, bool) or (value is not None and bool(value))


# --- transformers: the reference's, typed -----------------------------------------------------


@overload
def bool_transformer(config_val: str) -> bool: ...
@overload
def bool_transformer(config_val: T) -> T: ...
def bool_transformer(config_val: object) -> object:
    """Text is false when empty or ``false``, ``0``, ``off``, ``no`` (any case), else true; any
    other value (a YAML boolean) is returned as is."""
    if type(config_val) is str:
        return bool(config_val) and config_val.lower() not in _FALSE_WORDS
    return config_val


@overload
def comma_list_transformer(config_val: str) -> list[str]: ...
@overload
def comma_list_transformer(config_val: T) -> T: ...
def comma_list_transformer(config_val: object) -> object:
    """Text split at every comma (no trimming, as the reference); any other value as is."""
    if type(config_val) is str:
        return config_val.split(",")
    return config_val


@overload
def int_transformer(config_val: str) -> int: ...
@overload
def int_transformer(config_val: T) -> T: ...
def int_transformer(config_val: object) -> object:
    """Text as an integer; any other value as is. Text that is not an integer is a
    ``ConfigError`` (a ``ValueError``): the reference logged a warning and returned the text,
    which then stood where an integer was expected."""
    if type(config_val) is str:
        try:
            return int(config_val)
        except ValueError:
            raise ConfigError(f"not an integer: {shown(config_val)}") from None
    return config_val


def set_if_exists(d: dict[K, T], k: K, v: T | None) -> dict[K, T]:
    """Set ``d[k] = v`` when ``v`` is set (any bool, or anything truthy) and return ``d``, which
    is changed in place, as the reference does."""
    if v is not None and exists(v):
        d[k] = v
    return d


def get_config_file(c: str | ConfigFile | None) -> ConfigFile | None:
    """A ``ConfigFile`` as is, a path read and parsed, or (``None``) the discovered file; ``None``
    when there is none. Discovery is the reference's (``Config.auto`` uses the same) and goes
    through the installed ambient."""
    return current_ambient().load_config_file(c, None)


# --- the entries ------------------------------------------------------------------------------


@attrs.frozen(init=False)
class LegacyConfigEntry(Generic[T_co]):
    """An INI ``[section] option`` and its environment variable ``FLYTE_<SECTION>_<OPTION>``;
    ``type_`` is the value's type (``str`` unless given)."""

    __repr__ = fields_repr

    section: str
    option: str
    type_: type[T_co]

    @overload
    def __init__(self: LegacyConfigEntry[str], section: str, option: str) -> None: ...
    @overload
    def __init__(self, section: str, option: str, type_: type[T_co]) -> None: ...
    def __init__(self, section: str, option: str, type_: type[Any] = str) -> None:
        init_fields(self, section, option, type_)

    def get_env_name(self) -> str:
        """``FLYTE_<SECTION>_<OPTION>``, upper-cased."""
        return env_name(self.section, self.option)

    def read_from_env(
        self, transform: Callable[[Any], T] | None = None, *, env: Mapping[str, str] | None = None
    ) -> T | str | None:
        """The environment variable's text through ``transform`` (``None`` when unset; an empty
        value is set). ``env`` defaults to the ambient's environment."""
        environ = current_ambient().environment() if env is None else env
        name = self.get_env_name()
        raw = environ.get(name)
        if raw is None:
            return None
        return raw if transform is None else _transformed(transform, raw, name)

    def read_from_file(
        self, cfg: ConfigFile | None, transform: Callable[[Any], T] | None = None
    ) -> T | object | None:
        """The option's value in an INI file through ``transform``; ``None`` when the file does
        not set it."""
        if not cfg:
            return None
        try:
            value = cfg.get(self)
        except ConfigOptionNotFoundError:
            return None
        if transform is None:
            return value
        return _transformed(transform, value, (cfg, ini_name(self.section, self.option)))


@attrs.frozen(init=False)
class YamlConfigEntry(Generic[T_co]):
    """A dotted key of the YAML config file (``admin.endpoint``, as flytectl names it);
    ``config_value_type`` is the value's type (``str`` unless given)."""

    __repr__ = fields_repr

    switch: str
    config_value_type: type[T_co]

    @overload
    def __init__(self: YamlConfigEntry[str], switch: str) -> None: ...
    @overload
    def __init__(self, switch: str, config_value_type: type[T_co]) -> None: ...
    def __init__(self, switch: str, config_value_type: type[Any] = str) -> None:
        init_fields(self, switch, config_value_type)

    @property
    def parts(self) -> tuple[str, ...]:
        """The key's parts, as the file is walked."""
        return tuple(self.switch.split("."))

    def read_from_file(
        self, cfg: ConfigFile | None, transform: Callable[[Any], T] | None = None
    ) -> T | object | None:
        """The key's value in a YAML file through ``transform``; ``None`` when the file does not
        set it (or sets it to an empty value)."""
        if not cfg or not cfg.has_yaml_content:
            return None
        value = cfg.get(self)
        if not exists(value):
            return None
        if transform is None:
            return value
        return _transformed(transform, value, (cfg, self.switch))


_Where = str | tuple[ConfigFile, str]
"""Where a value was read: an environment variable, or a config file and its key (the only two
places, so an error always names one)."""

_DEFAULT_TRANSFORMS: Final[Mapping[type[Any], Callable[[Any], Any]]] = MappingProxyType(
    {bool: bool_transformer, list: comma_list_transformer, int: int_transformer}
)


@attrs.frozen(init=False)
class ConfigEntry(Generic[T_co]):
    """One setting: its legacy INI option and environment variable, its YAML key (optional),
    and the transform that makes its value (for ``bool``, ``int`` and ``list`` entries the
    matching ``*_transformer`` unless given). ``sensitive`` entries never show their value in a
    provenance ``repr``.

    ``read(cfg)`` is ``T | None``: the environment variable first, else the file, else ``None``.
    """

    __repr__ = fields_repr

    legacy_default_transforms: ClassVar[Mapping[type[Any], Callable[[Any], Any]]] = (
        _DEFAULT_TRANSFORMS
    )

    legacy: LegacyConfigEntry[Any]
    yaml_entry: YamlConfigEntry[Any] | None
    transform: Callable[[Any], T_co] | None
    sensitive: bool = False

    @overload
    def __init__(
        self,
        legacy: LegacyConfigEntry[T_co],
        yaml_entry: YamlConfigEntry[Any] | None = None,
        transform: None = None,
        *,
        sensitive: bool = False,
    ) -> None: ...
    @overload
    def __init__(
        self,
        legacy: LegacyConfigEntry[Any],
        yaml_entry: YamlConfigEntry[Any] | None,
        transform: Callable[[Any], T_co],
        *,
        sensitive: bool = False,
    ) -> None: ...
    @overload
    def __init__(  # the transform by name, without a YAML entry
        self,
        legacy: LegacyConfigEntry[Any],
        yaml_entry: YamlConfigEntry[Any] | None = None,
        *,
        transform: Callable[[Any], T_co],
        sensitive: bool = False,
    ) -> None: ...
    def __init__(
        self,
        legacy: LegacyConfigEntry[Any],
        yaml_entry: YamlConfigEntry[Any] | None = None,
        transform: Callable[[Any], Any] | None = None,
        *,
        sensitive: bool = False,
    ) -> None:
        if transform is None:
            transform = _DEFAULT_TRANSFORMS.get(legacy.type_)
        init_fields(self, legacy, yaml_entry, transform, sensitive)

    @property
    def env_var(self) -> str:
        """The environment variable: ``FLYTE_<SECTION>_<OPTION>``."""
        return self.legacy.get_env_name()

    def read(
        self, cfg: ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> T_co | None:
        """The value: from the environment variable, else the INI option (for an INI file), else
        the YAML key (for a YAML file), else ``None``. ``env`` defaults to the ambient's."""
        value = self._lookup(cfg, env, everything=False).value
        return cast("T_co | None", value)  # _checked made it the entry's type

    def explain(
        self, cfg: ConfigFile | None = None, *, env: Mapping[str, str] | None = None
    ) -> Provenance:
        """Where the value comes from, as ``Config.explain()`` says it for its own fields: the
        winning source (``env``, ``file`` or ``default``), its name and location, the value
        ``read`` returns, and in ``shadowed`` the lower-precedence sources that are set (one
        whose value is invalid says why), the default ``None`` last."""
        return self._lookup(cfg, env, everything=True)

    def _lookup(
        self, cfg: ConfigFile | None, env: Mapping[str, str] | None, *, everything: bool
    ) -> Provenance:
        """The first source that is set (and, with ``everything``, the ones it hides). Without
        ``everything`` the file is not read once the environment has the value, as the
        reference's ``read``."""
        environ = current_ambient().environment() if env is None else env
        fallback = Provenance("default", sensitive=self.sensitive)
        name = self.env_var
        raw = environ.get(name)
        if raw == "" and self.transform is int_transformer:  # the reference's callers: unset
            unset = "counts as unset: the default applies"
            return Provenance("env", name, shadowed=(fallback,), detail=unset)
        found: list[Provenance] = []
        if raw is not None:
            read = self.legacy.read_from_env(self.transform, env=environ)
            value = self._checked(read, name)
            found.append(Provenance("env", name, value=value, sensitive=self.sensitive))
            if not everything:
                return found[0]
        try:
            origin = self._from_file(cfg)
        except ConfigError as error:
            if not found:
                raise
            key = error.key or (cfg.location if cfg else None)
            where = None if cfg is None or error.key is None else cfg.where(error.key)
            origin = Provenance("file", key, where, detail=f"invalid: {error.reason}")
        if origin is not None:
            found.append(origin)
        if not found:
            return fallback
        return attrs.evolve(found[0], shadowed=(*found[1:], fallback))

    def _from_file(self, cfg: ConfigFile | None) -> Provenance | None:
        if not cfg:
            return None
        if cfg.is_yaml and self.yaml_entry is not None:
            key = self.yaml_entry.switch
            value = self.yaml_entry.read_from_file(cfg, self.transform)
        else:  # an INI file, or (finding nothing, as the reference asked) a YAML one
            key = ini_name(self.legacy.section, self.legacy.option)
            value = self.legacy.read_from_file(cfg, self.transform)
        if value is None:
            return None
        value = self._checked(value, (cfg, key))
        return Provenance("file", key, cfg.where(key), value=value, sensitive=self.sensitive)

    def _checked(self, value: object, where: _Where) -> object:
        """``value``, when it is of the entry's declared type or a custom transform made it (a
        YAML number, for a ``str`` entry, as its text: ``Config.auto`` reads it so); else a
        ``ConfigError`` naming where it was read (so ``read`` is what its type says)."""
        declared = self.legacy.type_
        if value is None or self.transform not in (None, *_DEFAULT_TRANSFORMS.values()):
            return value
        if isinstance(value, declared) and not (declared is int and isinstance(value, bool)):
            return value
        if declared is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        reason = f"expected {declared.__name__}, found {describe_type(value)}"
        if declared not in _DEFAULT_TRANSFORMS and declared is not str:
            reason += f" (give the entry a transform that makes a {declared.__name__})"
        raise _error(where, reason)


def entries_of(*groups: object) -> dict[str, ConfigEntry[object]]:
    """The entries of ``groups`` by name, in declaration order: a class's ``ConfigEntry``
    attributes as ``Class.NAME``; a module's own classes' entries the same way (and its
    top-level entries as ``NAME``). What ``ResolvedConfig.with_entries`` and ``python -m
    ctxcore config --entries`` explain: ``entries_of(ctxcore.config_entries)`` is the reference's
    catalogue."""
    found: dict[str, ConfigEntry[object]] = {}
    for group in groups:
        if isinstance(group, type):
            found.update(_class_entries(group))
            continue
        module = getattr(group, "__name__", None)
        for name, value in vars(group).items():
            if isinstance(value, ConfigEntry):
                found[name] = cast("ConfigEntry[object]", value)
            elif isinstance(value, type) and value.__module__ == module:
                found.update(_class_entries(value))
    return found


def _class_entries(group: type[object]) -> dict[str, ConfigEntry[object]]:
    return {
        f"{group.__name__}.{name}": cast("ConfigEntry[object]", value)
        for name, value in vars(group).items()
        if isinstance(value, ConfigEntry)
    }


# --- reading one entry from a file (``ConfigFile.get``) ---------------------------------------


def get_from_file(
    cfg: ConfigFile, entry: LegacyConfigEntry[object] | YamlConfigEntry[object]
) -> object:
    """``ConfigFile.get(entry)``: an INI option converted as configparser's ``getboolean``,
    ``getint`` or ``get`` (a ``list`` split at commas), or a YAML key's value (``None`` when
    missing). An INI option the file does not set (or any, in a YAML file) is
    ``ConfigOptionNotFoundError``, also configparser's ``NoOptionError``; a YAML entry of an INI
    or empty file is ``NotImplementedError``, as the reference raised."""
    if isinstance(entry, LegacyConfigEntry):
        return _get_legacy(cfg, entry)
    if not cfg.has_yaml_content:
        raise NotImplementedError(
            "Support for other config types besides .ini / .config files not yet supported"
        )
    value = cfg.yaml_value(entry.parts)
    return None if value is MISSING else value


def _get_legacy(cfg: ConfigFile, entry: LegacyConfigEntry[object]) -> object:
    section, option = entry.section, entry.option
    raw = cfg.ini_value(section, option)
    if raw is None:
        what = "a YAML file has no" if cfg.is_yaml else "the file does not set"
        raise ConfigOptionNotFoundError(
            f"{what} option {shown(option)} in section [{shown(section)[1:-1]}]",
            file=cfg.location,
            section=section,
            option=option,
        )
    key = ini_name(section, option)
    declared = entry.type_
    if issubclass(declared, bool):
        value = _INI_BOOLEANS.get(raw.lower())
        if value is None:
            raise cfg.error(
                key, f"not a boolean: {shown(raw)} (accepted: true/false, 1/0, yes/no, on/off)"
            )
        return value
    if issubclass(declared, int):
        try:
            return int(raw)
        except ValueError:
            raise cfg.error(key, f"not an integer: {shown(raw)}") from None
    if issubclass(declared, list):
        return raw.split(",")
    return raw


def _transformed(transform: Callable[[Any], T], value: object, where: _Where) -> T:
    """``transform(value)``; a ``ValueError`` or ``TypeError`` it raises becomes a ``ConfigError``
    naming where the value was read (still a ``ValueError``; never showing the value)."""
    try:
        return transform(value)
    except ConfigError as error:
        reason = error.reason
    except (ValueError, TypeError) as error:
        reason = f"the entry's transform refused the value: {type(error).__name__}"
    raise _error(where, reason) from None


def _error(where: _Where, reason: str) -> ConfigError:
    """A ``ConfigError`` naming the environment variable, or the file, line and key."""
    if isinstance(where, str):
        return ConfigError(reason, env_var=where)
    file, key = where
    return file.error(key, reason)
