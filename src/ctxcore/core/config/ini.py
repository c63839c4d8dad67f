"""Legacy INI configuration files: parsed once, interpolated only where read, within bounds.

How this works. ``parse_ini`` runs configparser without interpolation and keeps each section's
own raw options and the ``[DEFAULT]`` options apart (a section inherits the defaults when it is
read, so a file of many sections and many defaults costs its size, not their product). Reading
a value (``IniDocument.value``), a section or the whole file then expands ``%(name)s`` as
configparser's ``BasicInterpolation`` does (``%%`` is ``%``, names are looked up lower-cased in
the section, then the defaults; a reference to a value with a ``%`` in it is expanded in turn, at
most ``MAX_INTERPOLATION_DEPTH`` deep), with one difference: a read stops once it has produced
``MAX_READ_CHARS`` characters, where each reference followed and each option read count as
``_BOOKKEEPING_CHARS``. A value that nests ten references ten deep is refused after a few
milliseconds instead of being built (it would be a gigabyte), and an option nobody reads is
never expanded: the reference, which read options through configparser, also expanded only
what it read.

Problems are ``Failure``s carrying an ``IniProblem``: which of configparser's errors the
reference raised for it (``kind``) and a reason that names options, never a value's text (a value
may be a secret); ``ConfigFile`` turns them into the ``IniFileError`` of that kind (a
``ConfigError`` and a ``configparser.Error``) naming the file, line and key.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, Literal

import attrs

from ctxcore.core import results
from ctxcore.core._repr import fields_repr
from ctxcore.core.errors import MAX_SHOWN_CHARS, clipped, shown

if TYPE_CHECKING:
    from returns.result import Result

__all__: list[str] = []

MAX_INTERPOLATION_DEPTH: Final = configparser.MAX_INTERPOLATION_DEPTH
"""How deep references may nest (configparser's 10): a value refers to one that refers to one
... ten values down."""

MAX_INI_LINES: Final = 10_000
"""The most lines an INI file may have. A legacy configuration has tens; configparser spends
about 10 µs and 1 KiB on each line (100,000 sections, under 1 MiB, took seconds and 90 MiB),
so the bound keeps parsing any file to a tenth of a second and a few MiB."""

MAX_READ_CHARS: Final = 1 << 20
"""What one read (a value, a section or the whole file) may produce: as much as the largest
file holds (``MAX_CONFIG_FILE_CHARS``), so a real file reads whole, and an interpolation bomb
stops within a few MiB and milliseconds."""

_BOOKKEEPING_CHARS: Final = 16
"""What a reference followed, or an option read, counts against ``MAX_READ_CHARS``: a reference
to an empty value produces nothing, yet following ten million of them takes seconds."""

_REFERENCE: Final = re.compile(r"%\(([^)]+)\)s")
"""A reference, as configparser's ``BasicInterpolation`` reads it."""

IniProblemKind = Literal[
    "parsing",
    "missing-section-header",
    "duplicate-section",
    "duplicate-option",
    "interpolation",
    "interpolation-syntax",
    "interpolation-missing-option",
    "interpolation-depth",
]
"""Which ``configparser`` error the reference raised for a problem (``interpolation`` and
``parsing`` alone: the base class, for what only ctxcore refuses, such as a bound)."""


@attrs.frozen
class IniProblem:
    """What is wrong with an INI file or one of its values, and where (when known)."""

    __repr__ = fields_repr

    kind: IniProblemKind
    reason: str
    line: int | None = None
    section: str | None = None
    option: str | None = None


@attrs.frozen
class IniDocument:
    """The raw options of an INI file: each section's own, and the ``[DEFAULT]`` ones."""

    __repr__ = fields_repr

    sections: Mapping[str, Mapping[str, str]]
    defaults: Mapping[str, str]

    def has_section(self, section: str) -> bool:
        """Whether the file has ``[section]`` (``[DEFAULT]`` is not a section)."""
        return section in self.sections

    def has_option(self, section: str, option: str) -> bool:
        """Whether ``section`` has ``option`` of its own or by default."""
        own = self.sections.get(section)
        return own is not None and (option in own or option in self.defaults)

    def value(self, section: str, option: str) -> Result[str | None, IniProblem]:
        """The option's interpolated value (``None`` if the section or option is missing), or
        the reason it cannot be read."""
        own = self.sections.get(section)
        if own is None:
            return results.Success(None)
        raw = own.get(option, self.defaults.get(option))
        if raw is None:
            return results.Success(None)
        return (
            _Read(own, self.defaults)
            .interpolate(option, raw)
            .alt(lambda problem: attrs.evolve(problem, section=section, option=option))
        )

    def section(self, section: str) -> Result[dict[str, str], IniProblem]:
        """One section's options, its own and the defaults, interpolated (``{}`` if absent)."""
        own = self.sections.get(section)
        if own is None:
            return results.Success({})
        return (
            _Read(own, self.defaults)
            .options()
            .alt(lambda problem: attrs.evolve(problem, section=section))
        )

    def everything(self) -> Result[dict[str, dict[str, str]], IniProblem]:
        """Every section's options, as ``section``: within one read's bound in all."""
        read = _Read({}, self.defaults)
        result: dict[str, dict[str, str]] = {}
        for name, own in self.sections.items():
            read.own = own
            options = read.options()
            if isinstance(options, results.Failure):
                problem = options.failure()
                reason = f"[{_name(name)}] {problem.reason}"
                return results.Failure(attrs.evolve(problem, reason=reason, section=name))
            result[name] = options.unwrap()
        return results.Success(result)


class _Read:
    """One read: the section being read, the defaults, and what is left of ``MAX_READ_CHARS``."""

    def __init__(self, own: Mapping[str, str], defaults: Mapping[str, str]) -> None:
        self.own = own
        self.defaults = defaults
        self.left = MAX_READ_CHARS

    def options(self) -> Result[dict[str, str], IniProblem]:
        names = dict.fromkeys((*self.own, *self.defaults))
        values: dict[str, str] = {}
        for name in names:
            raw = self.own.get(name, self.defaults.get(name, ""))
            value = self.interpolate(name, raw)
            if isinstance(value, results.Failure):
                problem = value.failure()
                reason = f"option {_name(name)}: {problem.reason}"
                return results.Failure(attrs.evolve(problem, reason=reason, option=name))
            values[name] = value.unwrap()
        return results.Success(values)

    def interpolate(self, option: str, raw: str) -> Result[str, IniProblem]:
        self.left -= _BOOKKEEPING_CHARS + len(option)
        if "%" not in raw:
            return results.Success(raw) if self.left >= 0 else results.Failure(self._too_much())
        out: list[str] = []
        problem = self._expand(raw, out, 1)
        return results.Success("".join(out)) if problem is None else results.Failure(problem)

    def _expand(self, rest: str, out: list[str], depth: int) -> IniProblem | None:
        """Append the expansion of ``rest`` to ``out``; the problem, if any (configparser's
        ``_interpolate_some``, bounded)."""
        if depth > MAX_INTERPOLATION_DEPTH:
            return IniProblem(
                "interpolation-depth",
                f"'%' references nest more than {MAX_INTERPOLATION_DEPTH} deep",
            )
        while rest:
            cut = rest.find("%")
            literal = rest if cut < 0 else rest[:cut]
            self.left -= len(literal)
            if self.left < 0:
                return self._too_much()
            out.append(literal)
            if cut < 0:
                return None
            rest = rest[cut:]
            follows = rest[1:2]
            if follows == "%":
                out.append("%")
                rest = rest[2:]
                continue
            if follows != "(":
                return IniProblem(
                    "interpolation-syntax",
                    "a '%' must be followed by '%' or '(' (write '%%' for a literal '%')",
                )
            match = _REFERENCE.match(rest)
            if match is None:
                return IniProblem(
                    "interpolation-syntax", "a '%(' that is not a '%(name)s' reference"
                )
            name = match.group(1).lower()
            rest = rest[match.end() :]
            value = self.own.get(name, self.defaults.get(name))
            if value is None:
                return IniProblem(
                    "interpolation-missing-option",
                    f"'%' refers to option {shown(name)}, which is not set",
                )
            self.left -= _BOOKKEEPING_CHARS
            if "%" in value:
                problem = self._expand(value, out, depth + 1)
                if problem is not None:
                    return problem
            else:
                self.left -= len(value)
                if self.left < 0:
                    return self._too_much()
                out.append(value)
        return None

    @staticmethod
    def _too_much() -> IniProblem:
        return IniProblem(
            "interpolation", f"'%' interpolation comes to more than {MAX_READ_CHARS} characters"
        )


# --- parsing -------------------------------------------------------------------------------


def parse_ini(text: str) -> Result[IniDocument, IniProblem]:
    """The document, or what is wrong with the text and on which line (never the line's text:
    it may hold a secret)."""
    if text.count("\n", 0, len(text) - 1) >= MAX_INI_LINES:
        reason = f"the file has more than {MAX_INI_LINES} lines"
        return results.Failure(IniProblem("parsing", reason, MAX_INI_LINES + 1))
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text.removeprefix("\ufeff"))
    except configparser.Error as error:
        return results.Failure(_problem(error))
    defaults = dict(parser.defaults())
    for name in defaults:  # then a section's items are its own options, without the defaults
        parser.remove_option(parser.default_section, name)
    sections = {name: dict(parser.items(name, raw=True)) for name in parser.sections()}
    return results.Success(IniDocument(sections, defaults))


def _problem(error: configparser.Error) -> IniProblem:
    """What a configparser error means, and its line."""
    if isinstance(error, configparser.MissingSectionHeaderError):
        reason = "an option before any [section] header"
        return IniProblem("missing-section-header", reason, error.lineno)
    if isinstance(error, configparser.DuplicateSectionError):
        reason = f"section [{_name(error.section)}] appears twice"
        return IniProblem("duplicate-section", reason, error.lineno, error.section)
    if isinstance(error, configparser.DuplicateOptionError):
        reason = f"option {shown(error.option)} appears twice in [{_name(error.section)}]"
        return IniProblem("duplicate-option", reason, error.lineno, error.section, error.option)
    if isinstance(error, configparser.ParsingError):
        first = error.errors[0][0] if error.errors else None
        line = first if isinstance(first, int) else None
        reason = "a line that is neither '[section]' nor 'option = value'"
        return IniProblem("parsing", reason, line)
    return IniProblem("parsing", type(error).__name__)


def _name(name: str) -> str:
    """A section or option name as a message shows it (a name is as long as its author wants)."""
    return clipped(name, MAX_SHOWN_CHARS)


_SECTION_LINE: Final = re.compile(r"\[(?P<name>.+)\]")


def ini_lines(text: str) -> dict[str, int]:
    """Lines of section headers (``[name]``) and options (``[name] option``), by scanning the
    text as configparser reads it: after a byte-order mark, each line a comment, a
    continuation of the last option's value (indented deeper than that option, as long as
    there is one in the section), a header or an option; so every option configparser reads
    has its line (a property test holds them together)."""
    lines: dict[str, int] = {}
    section = ""
    option_indent: int | None = None  # deeper lines continue the last option's value
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        stripped = line.strip()  # configparser's lines, as read_string splits them
        if not stripped or stripped[0] in "#;":
            continue
        indent = len(line) - len(line.lstrip())
        if option_indent is not None and indent > option_indent:
            continue
        header = _SECTION_LINE.match(stripped)
        if header:
            section = header.group("name")
            option_indent = None
            lines.setdefault(f"[{section}]", number)
            continue
        cut = min((i for i in (stripped.find("="), stripped.find(":")) if i >= 0), default=-1)
        if cut > 0 and section:
            option = stripped[:cut].strip().lower()
            lines.setdefault(f"[{section}] {option}", number)
            option_indent = indent
    return lines
