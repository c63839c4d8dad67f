"""Names that no configuration entry reads (a config file's keys and ``FLYTE_*`` variables), and
old names of renamed settings. Pure.

A misspelt key (``admin.endpoitn``) or variable (``FLYTE_PLATFORM_ULR``) is not an error (the
reference read what it knew and ignored the rest, and a file is shared with flytectl, which
knows more keys), but it is almost always a mistake, so ``ResolvedConfig.unknown`` lists each,
with where it is and, when a known name is close, a suggestion.

Known are: every setting of the catalogue (each of its variables, INI options and YAML keys,
and the old names the reference renamed, which are read but never suggested),
the configuration entries passed in (a plugin's, ``entries_of(MyPlugin)``), and the names that
the reference, flytectl and the platform use outside that catalogue (``KNOWN_ENV_NAMES``,
``KNOWN_YAML_KEYS``, ...). A key under a known key (``admin.endpoint.x``) is not listed again:
the value's type is the resolver's concern.

The other names worth a note are old ones: flytekit renamed a few settings over its history
(the table in the configuration guide). A config written for the older release still works:
the old name is read, after the setting's own names in each source (``Setting.old_names``), so
the new name wins when both are set. Each old name found is a ``RenamedName`` in
``ResolvedConfig.renamed``, told to the developer logger once per process and printed by
``python -m ctxcore config --check`` as a warning, not a failure: the name works, but the next
reader of the file should learn the one the reference documents today. Only the catalogue's
old names are looked up (a few variables and INI options).

Bounded: the names looked at are what the file's bounded parse recorded (keys at most eight
deep, a document of at most ``MAX_YAML_NODES`` nodes) and the environment's ``FLYTE_*``
variables; at most ``MAX_UNKNOWN_NAMES`` are listed; a suggestion is looked for only for a name
of at most ``MAX_SUGGESTED_CHARS`` characters, among a fixed list of candidates.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final, Literal

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config import catalogue as s
from ctxcore.core.config.catalogue import ini_name
from ctxcore.core.config.reader import sources_set
from ctxcore.core.errors import MAX_REASON_CHARS, clipped

if TYPE_CHECKING:
    from ctxcore.core.config.entries import ConfigEntry
    from ctxcore.core.config.file import ConfigFile

__all__ = [
    "RenamedName",
    "UnknownName",
]

MAX_UNKNOWN_NAMES: Final = 100
"""The most unknown names listed: a real file has a few mistakes; a hostile one is not listed
to its end."""

MAX_SUGGESTED_CHARS: Final = 100
"""The longest name a suggestion is looked for (comparing costs the product of the lengths)."""

_CUTOFF: Final = 0.8
"""How close a known name must be (``difflib``'s ratio) to be suggested."""

ENV_PREFIX: Final = "FLYTE_"
"""The environment variables checked: the reference's configuration namespace."""

PLATFORM_ENV_PREFIX: Final = "FLYTE_INTERNAL_"
"""Variables the platform sets in a task's container (execution and task identifiers, the
image): never a user's mistake, so never listed."""

KNOWN_ENV_NAMES: Final = frozenset(
    {
        # read by the reference outside its configuration catalogue
        "FLYTE_ATTEMPT_NUMBER",
        "FLYTE_DEFAULT_DOMAIN",
        "FLYTE_DEFAULT_PROJECT",
        "FLYTE_EXIT_ON_USER_EXCEPTION",
        "FLYTE_FAIL_ON_ERROR",
        "FLYTE_FORCE_PUSH_IMAGE_SPEC",
        "FLYTE_IMG_FAST_FAIL",
        "FLYTE_PUSH_IMAGE_SPEC",
        "FLYTE_PYTHON_PACKAGE_ROOT",
        "FLYTE_SDK_DEV_LOGGING_LEVEL",
        "FLYTE_SDK_LOGGING_FORMAT",
        "FLYTE_SDK_RICH_TRACEBACKS",
        "FLYTE_USE_OLD_DC_FORMAT",
    }
)
"""``FLYTE_*`` variables that are not settings of the catalogue but are read (by the reference,
in flytekit 1.16.31's sources) and so are not mistakes."""

KNOWN_YAML_KEYS: Final = frozenset(
    {
        # flytectl's admin client (the file is shared with it)
        "admin.authorizationHeader",
        "admin.authorizationServerUrl",
        "admin.defaultServiceConfig",
        "admin.maxBackoffDelay",
        "admin.maxMessageSizeBytes",
        "admin.maxRetries",
        "admin.perRetryTimeout",
        "admin.tokenRefreshWindow",
        "admin.tokenUrl",
        "admin.useAudienceFromAdmin",
        "admin.useAuth",
        # flytectl's storage (the reference reads storage.connection.*)
        "storage.connection.auth-type",
        "storage.connection.disable-ssl",
        "storage.connection.region",
        "storage.container",
        "storage.enable-multicontainer",
        "storage.type",
    }
)
"""YAML keys outside the catalogue that flytectl reads from the same file."""

KNOWN_YAML_TREES: Final = frozenset(
    {
        "admin.deviceFlowConfig",
        "admin.pkceConfig",
        "images",
        "logger",
        "storage.cache",
        "storage.defaultHttpClient",
        "storage.limits",
        "storage.signedUrl",
        "storage.stow",
    }
)
"""YAML keys whose whole subtree is known: named images (the reference's ``images``), and
flytectl's logger, storage and auth-flow settings."""

KNOWN_INI_SECTIONS: Final = frozenset({"images"})
"""INI sections whose every option is known (``[images]``: named images)."""

UnknownKind = Literal["env", "yaml", "ini"]


def _what_and_where(kind: str, name: str, location: str | None) -> str:
    """``environment variable NAME`` or ``config file key NAME at FILE:LINE``, each part
    clipped (a hostile file's names and paths are long)."""
    shown = clipped(name, MAX_REASON_CHARS)
    if kind == "env":
        return f"environment variable {shown}"
    if location is None:
        return f"config file key {shown}"
    return f"config file key {shown} at {clipped(location, MAX_REASON_CHARS)}"


@attrs.frozen
class UnknownName:
    """A name no configuration entry reads: a ``FLYTE_*`` environment variable (``kind``
    ``"env"``), a YAML key (``admin.endpoitn``) or an INI option (``[platform] ulr``), with the
    file and line (``location``, ``None`` for a variable) and the close known name
    (``suggestion``) if there is one. Holds no value."""

    __repr__ = fields_repr

    kind: UnknownKind
    name: str
    location: str | None = None
    suggestion: str | None = None

    def describe(self) -> str:
        """One line: what, where, and the suggestion."""
        text = _what_and_where(self.kind, self.name, self.location)
        text += ": no configuration entry reads it"
        if self.suggestion is not None:
            text += f" (did you mean {self.suggestion}?)"
        return text


@attrs.frozen
class KnownNames:
    """What counts as known: variables, INI ``(section, option)`` pairs, YAML keys; the old
    names among them (``old``: variables and ``[section] option`` names the reference renamed,
    known but never suggested); and what is derived from them once (the options of any section,
    for INI ``[DEFAULT]``; the proper prefixes of the YAML keys, ``admin`` and
    ``storage.connection``; the sorted candidates of a suggestion)."""

    __repr__ = fields_repr

    env: frozenset[str]
    ini: frozenset[tuple[str, str]]
    yaml: frozenset[str]
    old: frozenset[str] = frozenset()

    @functools.cached_property
    def ini_options(self) -> frozenset[str]:
        """The options of any section: an INI ``[DEFAULT]`` option counts for every section."""
        return frozenset(option for _, option in self.ini)

    @functools.cached_property
    def yaml_parents(self) -> frozenset[str]:
        """The proper prefixes of the YAML keys and trees: a key that only holds known keys."""
        parents: set[str] = set()
        for key in self.yaml | KNOWN_YAML_TREES:
            parts = key.split(".")
            parents.update(".".join(parts[:end]) for end in range(1, len(parts)))
        return frozenset(parents)

    @functools.cached_property
    def env_candidates(self) -> tuple[str, ...]:
        """The variables a suggestion may name, sorted (so a tie is broken the same way)."""
        return tuple(sorted(self.env - self.old))

    @functools.cached_property
    def ini_candidates(self) -> tuple[str, ...]:
        """The ``[section] option`` names a suggestion may name, sorted; never an old one."""
        names = (ini_name(section, option) for section, option in self.ini)
        return tuple(sorted(name for name in names if name not in self.old))

    @functools.cached_property
    def yaml_candidates(self) -> tuple[str, ...]:
        """The YAML keys a suggestion may name, sorted."""
        return tuple(sorted(self.yaml))

    def with_entries(self, entries: Iterable[ConfigEntry[object]]) -> KnownNames:
        """These, and the names the configuration entries read."""
        env, ini, yaml = set(self.env), set(self.ini), set(self.yaml)
        for entry in entries:
            env.add(entry.env_var)
            ini.add((entry.legacy.section, entry.legacy.option.lower()))
            if entry.yaml_entry is not None:
                yaml.add(entry.yaml_entry.switch)
        return KnownNames(frozenset(env), frozenset(ini), frozenset(yaml), self.old)


def _builtin() -> KnownNames:
    env = {name for setting in s.SETTINGS for name in setting.env_names} | KNOWN_ENV_NAMES
    ini = {
        (section, option.lower()) for setting in s.SETTINGS for section, option in setting.ini_keys
    }
    yaml = {setting.yaml_key for setting in s.SETTINGS if setting.yaml_key is not None}
    old = {name for setting in s.SETTINGS for name in setting.renames}
    return KnownNames(
        frozenset(env), frozenset(ini), frozenset(yaml | KNOWN_YAML_KEYS), frozenset(old)
    )


BUILTIN: Final = _builtin()
"""The names ctxcore's own settings and the reference's other readers know."""


def _suggestion(name: str, candidates: tuple[str, ...]) -> str | None:
    if len(name) > MAX_SUGGESTED_CHARS:
        return None
    import difflib  # only a name nobody knows needs it: importing it costs 1 ms at first use

    close = difflib.get_close_matches(name, candidates, n=1, cutoff=_CUTOFF)
    return close[0] if close else None


def unknown_env_names(env: Mapping[str, str], known: KnownNames = BUILTIN) -> list[str]:
    """The ``FLYTE_*`` variables of ``env`` that are not known, in ``env``'s order (no value is
    read)."""
    return [
        name
        for name in env
        if name.startswith(ENV_PREFIX)
        and name not in known.env
        and not name.startswith(PLATFORM_ENV_PREFIX)
    ]


def unknown_file_keys(file: ConfigFile, known: KnownNames = BUILTIN) -> list[str]:
    """The keys of ``file`` that are not known, in the file's order: YAML dotted keys (the
    highest unknown one of a subtree only) or INI ``[section] option`` names."""
    if file.is_yaml:
        return _unknown_yaml(file.keys(), known)
    return _unknown_ini(file.ini_options(), known)


def _unknown_yaml(keys: Iterable[str], known: KnownNames) -> list[str]:
    found: list[str] = []
    closed: set[str] = set()  # known leaves and trees, and unknown keys: nothing under is listed
    parents = known.yaml_parents
    for key in keys:
        parts = key.split(".")
        if any(".".join(parts[:end]) in closed for end in range(1, len(parts))):
            continue
        if key in known.yaml or key in KNOWN_YAML_TREES:
            closed.add(key)
        elif key not in parents:
            closed.add(key)
            found.append(key)
            if len(found) >= MAX_UNKNOWN_NAMES:
                break
    return found


def _unknown_ini(options: Iterable[tuple[str, str]], known: KnownNames) -> list[str]:
    found: list[str] = []
    for section, option in options:
        if section in KNOWN_INI_SECTIONS or (section, option) in known.ini:
            continue
        if section == "DEFAULT" and option in known.ini_options:
            continue
        found.append(f"[{section}] {option}")
        if len(found) >= MAX_UNKNOWN_NAMES:
            break
    return found


def find_unknown(
    env: Mapping[str, str], file: ConfigFile | None, known: KnownNames = BUILTIN
) -> tuple[UnknownName, ...]:
    """Every config-file key and ``FLYTE_*`` variable that no known entry reads, the file's
    first (in its order), then the environment's; at most ``MAX_UNKNOWN_NAMES``."""
    found: list[UnknownName] = []
    if file is not None:
        kind: UnknownKind = "yaml" if file.is_yaml else "ini"
        candidates = known.yaml_candidates if file.is_yaml else known.ini_candidates
        found.extend(
            UnknownName(kind, key, file.where(key), _suggestion(key, candidates))
            for key in unknown_file_keys(file, known)
        )
    room = MAX_UNKNOWN_NAMES - len(found)
    names = unknown_env_names(env, known)[: max(room, 0)]
    found.extend(
        UnknownName("env", name, None, _suggestion(name, known.env_candidates)) for name in names
    )
    return tuple(found)


# --- old names of renamed settings -------------------------------------------------------------

RENAMED_SETTINGS: Final = tuple(setting for setting in s.SETTINGS if setting.old_names)
"""The settings that have old names: the only ones ``find_renamed`` looks at."""


@attrs.frozen
class RenamedName:
    """An old name that is set: a ``FLYTE_*`` variable (``kind`` ``"env"``) or an INI option
    (``"ini"``, with the file and line in ``location``), the name of the same kind that replaced
    it (``new_name``), where the reference renamed it (``renamed_in``: release, commit, pull
    request), and ``read_instead``: the name whose value is used instead (the new name, or any
    name that comes first), or ``None`` when this one's value is used. Holds no value."""

    __repr__ = fields_repr

    kind: Literal["env", "ini"]
    name: str
    new_name: str
    renamed_in: str
    location: str | None = None
    read_instead: str | None = None

    def describe(self) -> str:
        """One line: what, where, the new name, and whether this one is read."""
        text = _what_and_where(self.kind, self.name, self.location)
        text += f" is deprecated: renamed to {self.new_name} in {self.renamed_in}"
        if self.read_instead is None:
            return text + "; still read"
        return text + f"; not read: {self.read_instead} is set and wins"


def find_renamed(env: Mapping[str, str], file: ConfigFile | None) -> tuple[RenamedName, ...]:
    """Every old name that ``env`` or ``file`` sets, in the catalogue's order, each saying
    whether its value is read or another name's (reading no value)."""
    found: list[RenamedName] = []
    for setting in RENAMED_SETTINGS:
        present = sources_set(setting, env, file)
        for source, name, location, _ in present:
            rename = setting.renames.get(name)
            if rename is None:
                continue
            first = present[0][1]
            found.append(
                RenamedName(
                    "env" if source == "env" else "ini",
                    name,
                    rename.new,
                    rename.renamed_in,
                    location,
                    None if first == name else first,
                )
            )
    return tuple(found)
