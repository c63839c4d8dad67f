"""An already-read configuration file: YAML (``~/.flyte/config.yaml``) or legacy INI.

Parsing text is pure (``parse_config_file``) and bounded (``MAX_CONFIG_FILE_CHARS``); every
problem is a ``ConfigError`` naming the file and, where known, the line. ``ConfigFile(location)``
keeps the reference's constructor: without ``text`` the installed ambient reads the file.
"""

from __future__ import annotations

import configparser
import copy
import re
from typing import TYPE_CHECKING, Final

import attrs
from returns.result import Failure, Result, Success

from ctxcore.core._records import init_fields, made
from ctxcore.core.ambient import current_ambient
from ctxcore.core.config.values import describe_type
from ctxcore.core.errors import ConfigError
from ctxcore.core.results import unwrap_or_raise

if TYPE_CHECKING:
    from yaml.nodes import Node

__all__ = [
    "ConfigFile",
    "get_specified_images",
]

MAX_CONFIG_FILE_CHARS: Final = 1 << 20
"""Largest configuration file accepted (1 MiB); a larger one is refused unparsed."""

MISSING: Final = object()
"""What ``ConfigFile.yaml_value`` returns for a key the file does not have."""

_MAX_KEY_DEPTH: Final = 8
"""How deep key lines are recorded: the catalogue's deepest YAML key has three parts, and a
deeper (or aliased, self-referencing) document costs nothing more to walk."""

YamlData = dict[object, object]
IniData = dict[str, dict[str, str]]


def is_yaml_location(location: str) -> bool:
    """The reference's rule: YAML when the location ends in ``yaml`` or ``yml`` (no dot needed)."""
    return location.endswith(("yaml", "yml"))


@attrs.frozen(init=False)
class ConfigFile:
    """A parsed configuration file. Equal when location and text are equal.

    ``ConfigFile(location)`` reads the file (through the installed ambient, as the reference
    read it);
    ``ConfigFile(location, text)`` parses the given text and reads nothing. Both raise
    ``ConfigError`` for malformed content; ``parse_config_file`` returns it as a ``Result``.
    """

    location: str
    text: str = attrs.field(repr=False)
    _yaml: YamlData | None = attrs.field(eq=False, repr=False)
    _ini: IniData | None = attrs.field(eq=False, repr=False)
    _lines: dict[str, int] = attrs.field(eq=False, repr=False)

    def __init__(self, location: str, text: str | None = None) -> None:
        if text is None:
            source = current_ambient().read_config_file(location)
        else:
            source = unwrap_or_raise(parse_config_file(location, text))
        init_fields(self, source.location, source.text, source._yaml, source._ini, source._lines)

    @property
    def is_yaml(self) -> bool:
        """Whether the file is YAML (else legacy INI), by the location's suffix."""
        return self._ini is None

    @property
    def yaml_config(self) -> dict[object, object] | None:
        """A copy of the YAML content (``None`` for INI, or an empty YAML document)."""
        return copy.deepcopy(self._yaml) if self._yaml else None

    @property
    def legacy_config(self) -> dict[str, dict[str, str]] | None:
        """A copy of the INI content, section -> option -> value (``None`` for YAML)."""
        return None if self._ini is None else {s: dict(o) for s, o in self._ini.items()}

    def line_of(self, key: str) -> int | None:
        """The 1-based line of a YAML dotted key or an INI ``[section] option``, if known."""
        line = self._lines.get(key)
        if line is None and key.startswith("[") and "] " in key:
            line = self._lines.get("[DEFAULT] " + key.split("] ", 1)[1])
        return line

    def where(self, key: str) -> str:
        """``location:line`` for a key, or the location alone."""
        line = self.line_of(key)
        return self.location if line is None else f"{self.location}:{line}"

    def error(self, key: str, reason: str) -> ConfigError:
        """A ``ConfigError`` about ``key`` in this file."""
        return ConfigError(reason, file=self.location, line=self.line_of(key), key=key)

    def ini_value(self, section: str, option: str) -> str | None:
        """The INI option's value (defaults merged, as configparser does), or ``None``."""
        if self._ini is None:
            return None
        options = self._ini.get(section)
        return None if options is None else options.get(option)

    def ini_section(self, section: str) -> dict[str, str]:
        """A copy of one INI section's options (``{}`` if absent or for YAML)."""
        options = None if self._ini is None else self._ini.get(section)
        return {} if options is None else dict(options)

    @property
    def has_yaml_content(self) -> bool:
        """Whether the file is YAML with a non-empty top-level mapping."""
        return bool(self._yaml)

    def yaml_value(self, parts: tuple[str, ...]) -> object:
        """The YAML value at a key path, or ``MISSING``. A null on the way counts as missing;
        any other non-mapping on the way is a ``ConfigError``."""
        node: object = self._yaml
        for depth, part in enumerate(parts):
            if node is None:
                return MISSING
            if not isinstance(node, dict):
                key = ".".join(parts[:depth])
                raise self.error(key, f"expected a mapping, found {describe_type(node)}")
            node = node.get(part, MISSING)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            if node is MISSING:
                return MISSING
        return node  # pyright: ignore[reportUnknownVariableType]


def parse_config_file(location: str, text: str) -> Result[ConfigFile, ConfigError]:
    """Parse ``text`` as the file at ``location`` (YAML or INI by suffix). Pure."""
    if len(text) > MAX_CONFIG_FILE_CHARS:
        return Failure(
            ConfigError(
                f"the file is larger than {MAX_CONFIG_FILE_CHARS} characters", file=location
            )
        )
    try:
        if is_yaml_location(location):
            data, lines = _parse_yaml(location, text)
            ini = None
        else:
            ini, lines = _parse_ini(location, text)
            data = None
    except ConfigError as error:
        return Failure(error)
    return Success(made(ConfigFile, location, text, data, ini, lines))


# --- YAML ------------------------------------------------------------------------------------


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, max(position, 0)) + 1


def _parse_yaml(location: str, text: str) -> tuple[YamlData | None, dict[str, int]]:
    import yaml  # deferred: `import ctxcore` stays cheap

    loader = yaml.CSafeLoader(text) if yaml.__with_libyaml__ else yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data: object = None if node is None else loader.construct_document(node)  # pyright: ignore[reportUnknownMemberType]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        reason = error.problem or error.context or "malformed YAML"
        raise ConfigError(f"malformed YAML: {reason}", file=location, line=line) from None
    except yaml.reader.ReaderError as error:
        raise ConfigError(
            f"malformed YAML: {error.reason} character {error.character!r}",
            file=location,
            line=_line_at(text, error.position),
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"malformed YAML: {error}", file=location) from None
    except RecursionError:
        raise ConfigError("malformed YAML: nested too deeply", file=location) from None
    finally:
        loader.dispose()
    if data is not None and not isinstance(data, dict):
        line = None if node is None else node.start_mark.line + 1
        raise ConfigError(
            f"expected a mapping at the top level, found {describe_type(data)}",
            file=location,
            line=line,
        )
    lines: dict[str, int] = {}
    if node is not None:
        _collect_yaml_lines(node, "", lines, set(), 0)
    return data, lines  # pyright: ignore[reportUnknownVariableType]


def _collect_yaml_lines(
    node: Node, prefix: str, lines: dict[str, int], seen: set[int], depth: int
) -> None:
    """Record the line of every mapping key reachable through mappings (aliases walked once)."""
    from yaml.nodes import MappingNode, ScalarNode

    if depth >= _MAX_KEY_DEPTH or id(node) in seen or not isinstance(node, MappingNode):
        return
    seen.add(id(node))
    pairs: list[tuple[Node, Node]] = node.value
    for key_node, value_node in pairs:
        if not isinstance(key_node, ScalarNode):
            continue
        key_text: str = key_node.value
        path = prefix + key_text
        lines.setdefault(path, key_node.start_mark.line + 1)
        _collect_yaml_lines(value_node, path + ".", lines, seen, depth + 1)


# --- INI -------------------------------------------------------------------------------------

_SECTION_LINE: Final = re.compile(r"\[(?P<name>.+)\]")


def _ini_lines(text: str) -> dict[str, int]:
    """Lines of section headers (``[name]``) and options (``[name] option``), by scanning."""
    lines: dict[str, int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;" or line[0] in " \t":
            continue
        header = _SECTION_LINE.match(stripped)
        if header:
            section = header.group("name")
            lines.setdefault(f"[{section}]", number)
            continue
        cut = min((i for i in (stripped.find("="), stripped.find(":")) if i >= 0), default=-1)
        if cut > 0 and section:
            option = stripped[:cut].strip().lower()
            lines.setdefault(f"[{section}] {option}", number)
    return lines


def _ini_problem(error: configparser.Error) -> tuple[str, int | None]:
    """What a configparser error means, and its line; never the line's text (it may hold a
    secret)."""
    if isinstance(error, configparser.MissingSectionHeaderError):
        return "an option before any [section] header", error.lineno
    if isinstance(error, configparser.DuplicateSectionError):
        return f"section [{error.section}] appears twice", error.lineno
    if isinstance(error, configparser.DuplicateOptionError):
        return f"option {error.option!r} appears twice in [{error.section}]", error.lineno
    if isinstance(error, configparser.ParsingError):
        first = error.errors[0][0] if error.errors else None
        line = first if isinstance(first, int) else None
        return "a line that is neither '[section]' nor 'option = value'", line
    return type(error).__name__, None


def _parse_ini(location: str, text: str) -> tuple[IniData, dict[str, int]]:
    text = text.removeprefix("\ufeff")
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text, source=location)
    except configparser.Error as error:
        reason, line = _ini_problem(error)
        raise ConfigError(f"malformed INI: {reason}", file=location, line=line) from None
    lines = _ini_lines(text)
    if parser.has_section("internal"):
        raise ConfigError(
            "the file cannot contain a section for internal only configurations",
            file=location,
            line=lines.get("[internal]"),
            key="[internal]",
        )
    data: IniData = {}
    try:
        for section in parser.sections():
            data[section] = {
                option: parser.get(section, option) for option in parser.options(section)
            }
    except configparser.InterpolationError as error:
        key = f"[{error.section}] {error.option}"
        raise ConfigError(
            "bad '%' interpolation (write '%%' for a literal '%')",
            file=location,
            line=lines.get(key) or lines.get(f"[DEFAULT] {error.option}"),
            key=key,
        ) from None
    return data, lines


# --- images ----------------------------------------------------------------------------------


def get_specified_images(cfg: ConfigFile | None) -> dict[str, str] | None:
    """Named images of a config file: INI ``[images]`` options or the YAML ``images`` mapping.

    ``None`` file → ``{}``; no such section or key → ``{}``; an empty YAML document → ``None``.
    Environment variables are not consulted. A YAML ``images`` that is not a mapping of strings
    is a ``ConfigError`` naming the file and line.
    """
    if cfg is None:
        return {}
    if not cfg.is_yaml:
        return cfg.ini_section("images")
    if not cfg.has_yaml_content:
        return None
    images = cfg.yaml_value(("images",))
    if images is MISSING or images is None:
        return {}
    if not isinstance(images, dict):
        raise cfg.error(
            "images", f"expected a mapping of image names, found {describe_type(images)}"
        )
    entries: dict[object, object] = images  # pyright: ignore[reportUnknownVariableType]
    result: dict[str, str] = {}
    for name, image in entries.items():
        key = f"images.{name}"
        if not isinstance(image, str):
            raise cfg.error(key, f"expected an image name, found {describe_type(image)}")
        result[str(name)] = image
    return result
