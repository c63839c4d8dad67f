"""An already-read configuration file: YAML (``~/.flyte/config.yaml``) or legacy INI.

Parsing text is pure (``parse_config_file``) and bounded: the text by ``MAX_CONFIG_FILE_CHARS``,
a YAML document by ``MAX_YAML_NODES`` (an alias counted as the nodes it repeats, so "billion
laughs" is refused before it is built), an INI file's interpolation by what one read may produce
(``ctxcore.core.config.ini``: only what is read is interpolated). Every problem is a
``ConfigError`` naming the file and, where known, the line and key. ``ConfigFile(location)``
keeps the reference's constructor: without ``text`` the installed ambient reads the file.
"""

from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING, Final, Protocol, cast

import attrs

from ctxcore.core import results
from ctxcore.core._records import init_fields, made
from ctxcore.core._repr import fields_repr
from ctxcore.core.ambient import current_ambient
from ctxcore.core.config.ini import IniDocument, IniProblem, IniProblemKind, ini_lines, parse_ini
from ctxcore.core.config.values import describe_type
from ctxcore.core.errors import (
    MAX_REASON_CHARS,
    ConfigError,
    IniDuplicateOptionError,
    IniDuplicateSectionError,
    IniFileError,
    IniInternalSectionError,
    IniInterpolationDepthError,
    IniInterpolationError,
    IniInterpolationMissingOptionError,
    IniInterpolationSyntaxError,
    IniMissingSectionHeaderError,
    IniParsingError,
    clipped,
)
from ctxcore.core.results import unwrap_or_raise

if TYPE_CHECKING:
    from collections.abc import Callable

    from returns.result import Result
    from yaml.error import Mark
    from yaml.events import Event
    from yaml.nodes import Node

    from ctxcore.core.config.entries import LegacyConfigEntry, YamlConfigEntry

__all__ = [
    "ConfigFile",
    "get_specified_images",
]

MAX_CONFIG_FILE_CHARS: Final = 1 << 20
"""Largest configuration file accepted (1 MiB); a larger one is refused unparsed."""

MISSING: Final = object()
"""What ``ConfigFile.yaml_value`` returns for a key the file does not have."""

MAX_YAML_NODES: Final = 10_000
"""The most nodes a YAML document may have, an alias counting as the nodes it repeats. A
configuration file has tens of nodes, a large one hundreds; the bound refuses "billion laughs"
(455 bytes whose aliases expand to 387 million strings) and a 1 MiB list of half a million items
(seconds and hundreds of MiB to load) after reading at most this many, in milliseconds."""

_UNCOUNTED_CHARS: Final = MAX_YAML_NODES // 4
"""The longest document without an alias whose nodes are not counted: a character makes at most
three nodes (``?`` alone is a mapping, a null key and a null value), a longer text fewer than
two, so this many characters stay well within ``MAX_YAML_NODES``."""

_MAX_KEY_DEPTH: Final = 8
"""How deep key lines are recorded: the catalogue's deepest YAML key has three parts, and a
deeper (or aliased, self-referencing) document costs nothing more to walk."""

_MAX_TAG_CHARS: Final = 60
"""How much of a YAML tag an error shows (a tag is written by the file's author, any length)."""

YamlData = dict[object, object]


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

    __repr__ = fields_repr

    location: str
    text: str = attrs.field(repr=False)
    _yaml: YamlData | None = attrs.field(eq=False, repr=False)
    _ini: IniDocument | None = attrs.field(eq=False, repr=False)
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
        """A copy of the INI content, section -> option -> interpolated value, the defaults in
        every section (``None`` for YAML). A value that cannot be interpolated is a
        ``ConfigError`` naming it."""
        if self._ini is None:
            return None
        everything = self._ini.everything()
        if isinstance(everything, results.Failure):
            problem = everything.failure()
            key = None if problem.section is None else f"[{problem.section}]"
            if key is not None and problem.option is not None:
                key = f"{key} {problem.option}"
            raise _ini_error(self.location, problem, None if key is None else self.line_of(key))
        return everything.unwrap()

    def line_of(self, key: str) -> int | None:
        """The 1-based line of a YAML dotted key or an INI ``[section] option``, if known."""
        line = self._lines.get(key)
        if line is None and key.startswith("[") and "] " in key:
            line = self._lines.get("[DEFAULT] " + key.split("] ", 1)[1])
        return line

    def keys(self) -> tuple[str, ...]:
        """Every key the file sets, in the file's order: YAML dotted keys (each mapping key
        reachable through mappings, at most eight deep) or INI ``[section]`` headers and
        ``[section] option`` names (options lower-cased, as configparser reads them)."""
        return tuple(self._lines)

    def ini_options(self) -> tuple[tuple[str, str], ...]:
        """Every ``(section, option)`` the INI file sets, in the file's order, ``[DEFAULT]``'s
        options under ``DEFAULT`` (none for YAML). From the parsed file, not from ``keys()``:
        a section named ``a] b`` has the header key ``[a] b]``, which reads as option ``b]``
        of section ``a``."""
        if self._ini is None:
            return ()
        pairs = [("DEFAULT", option) for option in self._ini.defaults]
        pairs += [(name, option) for name, own in self._ini.sections.items() for option in own]
        lines = self._lines
        return tuple(sorted(pairs, key=lambda pair: lines[f"[{pair[0]}] {pair[1]}"]))

    def where(self, key: str) -> str:
        """``location:line`` for a key, or the location alone."""
        line = self.line_of(key)
        return self.location if line is None else f"{self.location}:{line}"

    def error(self, key: str, reason: str) -> ConfigError:
        """A ``ConfigError`` about ``key`` in this file."""
        return ConfigError(reason, file=self.location, line=self.line_of(key), key=key)

    def get(self, c: LegacyConfigEntry[object] | YamlConfigEntry[object]) -> object:
        """The reference's ``ConfigFile.get``: an INI option as its entry's type (configparser's
        ``getboolean``, ``getint``, ``get``; a ``list`` split at commas), or a YAML key's value
        (``None`` when missing). An option the file does not set is a
        ``ConfigOptionNotFoundError`` (also configparser's ``NoOptionError``)."""
        from ctxcore.core.config.entries import get_from_file  # entries.py imports this module

        return get_from_file(self, c)

    def has_ini_option(self, section: str, option: str) -> bool:
        """Whether the INI file sets ``option`` in ``section`` (or in ``[DEFAULT]``), without
        interpolating it."""
        return self._ini is not None and self._ini.has_option(section, option)

    def ini_value(self, section: str, option: str) -> str | None:
        """The INI option's value (defaults merged and ``%(name)s`` interpolated, as
        configparser does), or ``None``. A value that cannot be interpolated (a bad ``%``, a
        missing reference, references too deep or too large) is a ``ConfigError`` naming the
        file, line and key."""
        if self._ini is None:
            return None
        value = self._ini.value(section, option)
        if isinstance(value, results.Failure):
            raise self._ini_error(f"[{section}] {option}", value.failure())
        return value.unwrap()

    def ini_section(self, section: str) -> dict[str, str]:
        """A copy of one INI section's options, interpolated (``{}`` if absent or for YAML)."""
        if self._ini is None:
            return {}
        options = self._ini.section(section)
        if isinstance(options, results.Failure):
            raise self._ini_error(f"[{section}]", options.failure())
        return options.unwrap()

    def _ini_error(self, key: str, problem: IniProblem) -> IniFileError:
        return _ini_error(self.location, problem, self.line_of(key), key)

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
        return results.Failure(
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
        return results.Failure(error)
    return results.Success(made(ConfigFile, location, text, data, ini, lines))


# --- YAML ------------------------------------------------------------------------------------


def _line_of_character(text: str, character: int) -> int:
    """The line of the first ``character`` in ``text``: the one the reader refused (libyaml's
    ``ReaderError.position`` counts UTF-8 bytes, not characters, so it is not used)."""
    return text[: text.find(chr(character))].count("\n") + 1


def _parse_yaml(location: str, text: str) -> tuple[YamlData | None, dict[str, int]]:
    import yaml  # deferred: `import ctxcore` stays cheap

    try:
        past = _past_node_bound(text)
        loaded = _load(text) if past is None else None
    except yaml.MarkedYAMLError as error:
        # Every error of libyaml's (and PyYAML's) scanner, parser, composer and safe
        # constructor says what is wrong (problem) and where (problem_mark); many say in what
        # too (context, context_mark): "found duplicate anchor 'x'; first occurrence" on one
        # line, "second occurrence" on another.
        mark = cast("Mark", error.problem_mark)
        reason = cast("str", error.problem)
        if error.context is not None:
            context_line = cast("Mark", error.context_mark).line + 1
            reason = f"{error.context} on line {context_line}, {reason}"
        reason = clipped(reason, MAX_REASON_CHARS)
        raise ConfigError(f"malformed YAML: {reason}", file=location, line=mark.line + 1) from None
    except UnicodeEncodeError as error:
        # libyaml reads UTF-8, which a str holding a lone surrogate cannot be encoded to
        surrogate = error.object[error.start]
        raise ConfigError(
            f"malformed YAML: {surrogate!r} is a lone surrogate, not text",
            file=location,
            line=text.count("\n", 0, error.start) + 1,
        ) from None
    except yaml.reader.ReaderError as error:  # loading raises no other kind of YAMLError
        raise ConfigError(
            f"malformed YAML: {error.reason} character {error.character!r}",
            file=location,
            line=_line_of_character(text, error.character),
        ) from None
    except RecursionError:
        raise ConfigError("malformed YAML: nested too deeply", file=location) from None
    if loaded is None:
        raise ConfigError(
            f"the document has more than {MAX_YAML_NODES} nodes (an alias counts as the nodes "
            "it repeats)",
            file=location,
            line=past,
        )
    node, data = loaded
    if data is not None and not isinstance(data, dict):  # then it was made of a node
        raise ConfigError(
            f"expected a mapping at the top level, found {describe_type(data)}",
            file=location,
            line=cast("Node", node).start_mark.line + 1,
        )
    lines: dict[str, int] = {}
    if node is not None:
        _collect_yaml_lines(node, "", lines, set(), 0)
    return data, lines  # pyright: ignore[reportUnknownVariableType]


def _load(text: str) -> tuple[Node | None, object]:
    """The document's node and the value made of it (``None`` and ``None`` when empty)."""
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        return node, None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


_UNREADABLE_VALUE: Final = (ValueError, TypeError, LookupError, AttributeError, OverflowError)
"""What PyYAML's constructors raise for a scalar they cannot make: ``!!int abc``, an integer of
more than 4300 digits, the 30th of February, ``!!bool maybe``, ``!!timestamp xyz``, and an
empty ``!!int ''`` or ``!!float ''`` (an ``IndexError``: they read its first character)."""


def _past_node_bound(text: str) -> int | None:
    """The line where the document passes ``MAX_YAML_NODES`` nodes, or ``None`` if it has no
    more than that.

    A first pass over the parser's events, before anything is built: a scalar or a collection
    is one node, an alias as many as its anchor's node spanned (an anchor still open, a
    recursive alias, counts one). It stops as soon as the count passes the bound, so a hostile
    document costs at most about ``MAX_YAML_NODES`` events. A short document without an alias
    cannot pass the bound and is not counted (the count is half the cost of loading it).
    """
    if "*" not in text and len(text) <= _UNCOUNTED_CHARS:
        return None
    from yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        NodeEvent,
    )

    loader = _loader_class()(text)
    spans: dict[object, int] = {}
    open_collections: list[tuple[object, int]] = []
    nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, AliasEvent):
                nodes += spans.get(event.anchor, 1)
            elif isinstance(event, NodeEvent):
                nodes += 1
                if isinstance(event, CollectionStartEvent):
                    open_collections.append((event.anchor, nodes - 1))
                elif event.anchor is not None:
                    spans[event.anchor] = 1
            elif isinstance(event, CollectionEndEvent):
                anchor, before = open_collections.pop()
                if anchor is not None:
                    spans[anchor] = nodes - before
            if nodes > MAX_YAML_NODES:  # the parser marks where every event starts
                return cast("Mark", event.start_mark).line + 1
    finally:
        loader.dispose()
    return None


class _Loader(Protocol):
    """What this module asks of a PyYAML loader."""

    def check_event(self) -> bool: ...
    def get_event(self) -> Event: ...
    def get_single_node(self) -> Node | None: ...
    def construct_document(self, node: Node) -> object: ...
    def dispose(self) -> None: ...


@functools.cache
def _loader_class() -> Callable[[str], _Loader]:
    """The safe loader (libyaml's when there is one) that says on which line a scalar could
    not be made into its type (see ``_UNREADABLE_VALUE``)."""
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor

    def construct_object(self: SafeConstructor, node: Node, deep: bool = False) -> object:
        try:
            made: object = SafeConstructor.construct_object(self, node, deep)  # pyright: ignore[reportUnknownMemberType]
        except _UNREADABLE_VALUE:
            tag = clipped(str(node.tag), _MAX_TAG_CHARS)
            raise ConstructorError(
                None, None, f"a value that cannot be read as {tag}", node.start_mark
            ) from None
        return made

    base: type[object] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    loader = type("Loader", (base,), {"construct_object": construct_object})
    return cast("Callable[[str], _Loader]", loader)


def _collect_yaml_lines(
    node: Node, prefix: str, lines: dict[str, int], seen: set[int], depth: int
) -> None:
    """Record the line of every mapping key reachable through mappings (aliases walked once)."""
    from yaml.nodes import MappingNode

    if depth >= _MAX_KEY_DEPTH or id(node) in seen or not isinstance(node, MappingNode):
        return
    seen.add(id(node))
    pairs: list[tuple[Node, Node]] = node.value
    for key_node, value_node in pairs:
        # A scalar: the document was made, and the safe constructor makes every collection a
        # list, dict or set, none of which a mapping accepts as a key.
        key_text: str = key_node.value
        path = prefix + key_text
        lines.setdefault(path, key_node.start_mark.line + 1)
        _collect_yaml_lines(value_node, path + ".", lines, seen, depth + 1)


# --- INI -------------------------------------------------------------------------------------


_INI_ERRORS: Final[dict[IniProblemKind, type[IniFileError]]] = {
    "parsing": IniParsingError,
    "missing-section-header": IniMissingSectionHeaderError,
    "duplicate-section": IniDuplicateSectionError,
    "duplicate-option": IniDuplicateOptionError,
    "interpolation": IniInterpolationError,
    "interpolation-syntax": IniInterpolationSyntaxError,
    "interpolation-missing-option": IniInterpolationMissingOptionError,
    "interpolation-depth": IniInterpolationDepthError,
}
"""The error of each kind of INI problem: also the ``configparser`` error the reference raised."""


def _ini_error(
    location: str, problem: IniProblem, line: int | None, key: str | None = None
) -> IniFileError:
    return _INI_ERRORS[problem.kind](
        problem.reason,
        file=location,
        line=line,
        key=key,
        section=problem.section,
        option=problem.option,
    )


def _parse_ini(location: str, text: str) -> tuple[IniDocument, dict[str, int]]:
    parsed = parse_ini(text)
    if isinstance(parsed, results.Failure):
        problem = parsed.failure()
        malformed = attrs.evolve(problem, reason=f"malformed INI: {problem.reason}")
        raise _ini_error(location, malformed, problem.line)
    document = parsed.unwrap()
    lines = ini_lines(text)
    if document.has_section("internal"):
        raise IniInternalSectionError(
            "the file cannot contain a section for internal only configurations",
            file=location,
            line=lines.get("[internal]"),
            key="[internal]",
            section="internal",
        )
    return document, lines


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
