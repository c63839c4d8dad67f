"""Every error ctxcore raises or returns: one base class, frozen records that say what and where.

Errors are values: the core returns them inside ``returns.result.Failure``; the reference-named
methods at the compatible face raise them. Each subclasses the exception the reference raised
(``ValueError``, ``RuntimeError``, ``FileNotFoundError``, ...) so ported ``except`` clauses keep
working. Messages never contain a secret value. Names end in ``Error``; the two that did not
keep their old names as aliases (``ConfigFileNotFound``, ``ClientSecretFileNotFound``).

Messages are bounded whatever the input: a bad value is shown through ``shown`` (a ``repr`` of
at most ``MAX_SHOWN_CHARS``, whose cost does not grow with the value), and many reasons through
``listed`` (the first ``MAX_REASONS``, each clipped, and a count of the rest). A decoder's error
is then at most a few KiB, however large or hostile the input that caused it.

Every error is a frozen attrs exception. A class that adds fields is decorated
(``@attrs.frozen(auto_exc=True, slots=False, repr=False)``); one that only adds a name, a base
or a message is not: it inherits its parent's fields, ``__init__``, frozenness and pickling
unchanged, and each decorated class would cost every first use of ctxcore 0.2 ms of generated
code (``tests/core/test_errors_pickling.py`` holds every error to the same behaviour).
"""

from __future__ import annotations

import configparser
import datetime
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Literal, cast

import attrs

__all__ = [
    "AmbientError",
    "ClientSecretFileNotFound",
    "ClientSecretFileNotFoundError",
    "ConfigError",
    "ConfigFileNotFound",
    "ConfigFileNotFoundError",
    "ConfigOptionNotFoundError",
    "ContextStackError",
    "CtxcoreError",
    "DataNotFoundError",
    "DataTransferError",
    "DownloadDataError",
    "EnvelopeError",
    "FlyteDataNotFoundException",
    "IdentifierError",
    "ImageError",
    "IniDuplicateOptionError",
    "IniDuplicateSectionError",
    "IniFileError",
    "IniInternalSectionError",
    "IniInterpolationDepthError",
    "IniInterpolationError",
    "IniInterpolationMissingOptionError",
    "IniInterpolationSyntaxError",
    "IniMissingSectionHeaderError",
    "IniParsingError",
    "InvalidUploadError",
    "MissingCredentialsError",
    "MissingExtraError",
    "NodeError",
    "RetryDeadlineError",
    "SecretFileError",
    "SecretNameError",
    "SecretNotFoundError",
    "SecretPermissionError",
    "SecretProviderError",
    "SecretProviderTimeoutError",
    "SecretValueError",
    "SignalInstallError",
    "SpecialFileError",
    "TaskAttributeError",
    "TransportError",
    "TransportStage",
    "UploadDataError",
]

# --- bounded messages ----------------------------------------------------------------------------

MAX_SHOWN_CHARS: Final = 80
"""How much of a bad value a message shows: enough to recognise it, and a message stays one
line whatever the input."""

MAX_REASONS: Final = 5
"""How many reasons a message lists before it counts the rest: the first few say what is wrong,
and a count says how much more (half a million wrong list items made a 34 MB message)."""

MAX_REASON_CHARS: Final = 600
"""The longest single reason a message lists, so that ``MAX_REASONS`` of them and their count
stay within 4 KiB."""

MAX_SHOWN_PATH_CHARS: Final = 600
"""How much of a file path a message shows: a real path fits (they are rarely half as long),
while one read from outside input (a variable naming a config or secret file) stays bounded."""

_MAX_SHOWN_DEPTH: Final = 4
"""How deep ``shown`` looks into nested lists and mappings (and into a value that contains
itself): enough to recognise a value."""

_MAX_PRINTED_INT_BITS: Final = 14_000
"""The largest integer ``shown`` prints (about 4,200 digits): Python refuses to print one of more
than 4,300 digits, and printing costs time quadratic in the digits."""

_PLAIN_TYPES: Final = (bool, float, type(None), datetime.date, datetime.timedelta)
"""Types whose ``repr`` is short whatever the value."""

_BRACKETS: Final[dict[type[object], tuple[str, str, str]]] = {
    list: ("[", "]", "[]"),
    tuple: ("(", ")", "()"),
    set: ("{", "}", "set()"),
    frozenset: ("frozenset({", "})", "frozenset()"),
    dict: ("{", "}", "{}"),
}
"""Each container's opening and closing, and what it shows empty (``set()``: ``{}`` is a dict)."""


def clipped(text: str, limit: int) -> str:
    """``text``, or its first ``limit - 3`` characters and ``...`` (at most ``limit`` in all)."""
    if len(text) <= limit:
        return text
    return text[: limit - 3] + "..." if limit >= 3 else text[:limit]


def shown(value: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """The ``repr`` of ``value`` in at most ``limit`` characters (cut with ``...``).

    The cost is bounded by ``limit``, not by the value: strings and bytes are cut before they
    are quoted, lists and mappings are walked only as far as ``limit`` characters (and
    ``_MAX_SHOWN_DEPTH`` levels, so a value that contains itself ends), an integer too long to
    print is described by its size, and an object of another type by its type.
    """
    return clipped(_bounded_repr(value, limit + 1, 0), limit)


def _bounded_repr(value: object, budget: int, depth: int) -> str:
    if isinstance(value, str):
        return repr(value[:budget])
    if isinstance(value, (bytes, bytearray)):
        return repr(bytes(value[:budget]))
    if isinstance(value, int) and not isinstance(value, bool):
        bits = value.bit_length()
        return repr(value) if bits <= _MAX_PRINTED_INT_BITS else f"<an integer of {bits} bits>"
    if isinstance(value, _PLAIN_TYPES):
        return repr(value)
    brackets = _BRACKETS.get(type(value))
    if brackets is None:
        return f"<{type(value).__name__} object>"
    opening, closing, empty = brackets
    if not value:
        return empty
    if depth >= _MAX_SHOWN_DEPTH:
        return f"{opening}...{closing}"
    if isinstance(value, dict):
        pairs = cast("dict[object, object]", value).items()
        items: Iterable[tuple[object, ...]] = pairs
    else:
        items = ((item,) for item in cast("Iterable[object]", value))
    parts: list[str] = []
    used = len(opening) + len(closing)
    for item in itertools.islice(items, budget):
        if used >= budget:
            parts.append("...")
            break
        part = ": ".join(_bounded_repr(piece, budget - used, depth + 1) for piece in item)
        parts.append(part)
        used += len(part) + 2
    if isinstance(value, tuple) and len(parts) == 1:
        return f"{opening}{parts[0]},{closing}"  # "(1)" would read as a number
    return opening + ", ".join(parts) + closing


def shown_path(path: str) -> str:
    """``path`` as a message shows it: quoted, whole up to ``MAX_SHOWN_PATH_CHARS``."""
    return shown(path, MAX_SHOWN_PATH_CHARS)


def listed(reasons: Sequence[str]) -> str:
    """The first ``MAX_REASONS`` reasons (each clipped to ``MAX_REASON_CHARS``) joined by
    ``"; "``, and ``(and N more)`` when there are more."""
    text = "; ".join(clipped(reason, MAX_REASON_CHARS) for reason in reasons[:MAX_REASONS])
    rest = len(reasons) - MAX_REASONS
    return text if rest <= 0 else f"{text} (and {rest} more)"


# --- context, identifiers, nodes ------------------------------------------------------------------


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class CtxcoreError(Exception):
    """Base of every error ctxcore raises or returns."""

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        # One repr for every error, as attrs writes it: the classes say ``repr=False`` because
        # attrs generating one a class was a third of the cost of importing this module, which
        # every first use of ctxcore pays.
        fields = ", ".join(
            f"{field.name}={_field_repr(getattr(self, field.name))}"
            for field in attrs.fields(type(self))
            if field.repr
        )
        return f"{type(self).__name__}({fields})"

    @property
    def message(self) -> str:
        """A one-line, human-readable description of what went wrong and where."""
        return type(self).__name__

    def __reduce__(self) -> tuple[Callable[..., CtxcoreError], tuple[object, ...]]:
        # Frozen exceptions cannot be restored attribute by attribute; rebuild from the fields,
        # by name (some are keyword-only, so ``type(self)(*self.args)`` could not). Only the
        # fields: never a secret (no error holds one), never the ``__dict__`` or a context.
        values = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        return (_rebuilt, (type(self), values))

    @property
    def __context__(self) -> BaseException | None:
        """The exception being handled when this one was raised, unless it was suppressed.

        A context suppressed by ``raise ... from None`` (a parser's error that shows a line
        of a file, which may hold a secret) is never shown; here it is not even returned, so
        that tblib's exception pickling (installed process-wide by ``distributed``), which
        pickles ``__context__``, cannot carry it out of the process.
        """
        if self.__suppress_context__ and self.__cause__ is None:
            return None
        return cast("BaseException | None", _BASE_CONTEXT.__get__(self))

    @__context__.setter
    def __context__(self, value: BaseException | None) -> None:  # pyright: ignore[reportIncompatibleVariableOverride]
        _BASE_CONTEXT.__set__(self, value)


def _field_repr(value: object) -> str:
    """A field as an error's ``repr`` shows it: text (which may be outside input, such as a
    path read from a variable) whole up to ``MAX_SHOWN_PATH_CHARS``, anything else by its
    ``repr``. The repr then stays within a few KiB, as the message does."""
    return shown(value, MAX_SHOWN_PATH_CHARS) if isinstance(value, str) else repr(value)


_BASE_CONTEXT: Final = BaseException.__dict__["__context__"]
"""``BaseException``'s own ``__context__`` descriptor, which ``CtxcoreError`` wraps."""


def _rebuilt(cls: type[CtxcoreError], values: dict[str, object]) -> CtxcoreError:
    """The error of class ``cls`` with the field ``values``: how a pickled error is unpickled."""
    return cls(**values)


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class IdentifierError(CtxcoreError, ValueError):
    """A string that does not parse as an identifier.

    The message has the reference's ``FlyteValueException`` form:
    ``Value error!  Received: <value>. <reason>``.
    """

    value: str
    reason: str

    @property
    def message(self) -> str:
        return f"Value error!  Received: {self.value}. {self.reason}"


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class MissingExtraError(CtxcoreError, ImportError):
    """A feature needs a package of an optional extra that is not installed.

    ``extra`` is the extra to install (``"flyteidl"``: ``pip install 'ctxcore[flyteidl]'``),
    ``module`` the module that could not be imported, ``feature`` what needed it.
    """

    extra: str
    module: str
    feature: str

    @property
    def message(self) -> str:
        return (
            f"{self.feature} needs {self.module}, which is not installed: "
            f"pip install 'ctxcore[{self.extra}]'"
        )


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class ContextStackError(CtxcoreError, RuntimeError):
    """The context stack was used in a way that would corrupt it."""

    reason: str

    @property
    def message(self) -> str:
        return self.reason


class AmbientError(CtxcoreError, RuntimeError):
    """No ambient is installed: the core's shortcuts into the process cannot answer.

    Importing ``ctxcore`` installs the process's ambient; this happens only when it was taken
    away, or the package face was bypassed.
    """

    @property
    def message(self) -> str:
        return (
            "no ambient is installed (importing ctxcore installs the process's; "
            "ctxcore.install_ambient() installs another)"
        )


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class NodeError(CtxcoreError, ValueError, AssertionError):
    """A node was built or overridden with invalid values.

    The reference raised ``AssertionError`` for some of these checks and ``ValueError`` for
    others; this one type satisfies both ``except`` clauses.
    """

    node_id: str
    reason: str

    @property
    def message(self) -> str:
        return f"node {self.node_id!r}: {self.reason}"


# --- data transfers -------------------------------------------------------------------------------


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class DataNotFoundError(CtxcoreError, ValueError):
    """A download source that does not exist (the reference's ``FlyteDataNotFoundException``)."""

    path: str

    @property
    def message(self) -> str:
        return f"Value error!  Received: {self.path}. File not found"


FlyteDataNotFoundException = DataNotFoundError
"""The reference's name of ``DataNotFoundError`` (``flytekit.exceptions.user``), for ported
``except`` clauses: the same class, so either name catches it."""


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class DataTransferError(CtxcoreError, RuntimeError):
    """A download or upload that failed; the original error is the ``__cause__``."""

    source: str
    destination: str
    recursive: bool
    reason: str

    @property
    def direction(self) -> str:
        """``get`` or ``put``."""
        return "get"

    @property
    def message(self) -> str:
        return (
            f"Failed to {self.direction} data from {self.source} to {self.destination} "
            f"(recursive={self.recursive}).\n\nOriginal exception: {self.reason}"
        )


class DownloadDataError(DataTransferError):
    """A download failed (the reference's ``FlyteDownloadDataException``)."""


class UploadDataError(DataTransferError):
    """An upload failed (the reference's ``FlyteUploadDataException``)."""

    @property
    def direction(self) -> str:
        return "put"


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class InvalidUploadError(CtxcoreError, AssertionError, ValueError):
    """Something that cannot be uploaded: a missing file, a symlink, an unreadable stream, an
    unsupported type (the reference raised ``FlyteAssertion``, an ``AssertionError``)."""

    reason: str

    @property
    def message(self) -> str:
        return self.reason


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class SpecialFileError(CtxcoreError, OSError, ValueError):
    """A device, FIFO, socket or other special file where ctxcore reads or transfers only
    regular files and directories: refused before a byte is read (``/dev/zero`` was copied
    until the disk was full; a FIFO blocked its reader for ever).

    An ``OSError``, as the ``shutil.SpecialFileError`` the reference raised for a FIFO, and a
    ``ValueError``, as the other refusals of bad input. ``role`` says what the path was to the
    call (``source``, ``destination``, ``file``), ``kind`` what it is.
    """

    path: str
    kind: str
    role: str = "source"

    @property
    def message(self) -> str:
        return f"{self.role} {self.path} is a {self.kind}, not a regular file or a directory"

    @property
    def strerror(self) -> str:  # type: ignore[override]  # pyright: ignore[reportIncompatibleVariableOverride]
        """Why, without the path, as ``OSError.strerror``."""
        return f"it is a {self.kind}, not a regular file or a directory"

    @property
    def filename(self) -> str:
        """The path, as ``OSError.filename``."""
        return self.path


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class RetryDeadlineError(CtxcoreError, TimeoutError):
    """A storage call whose retries ran out of time: after ``attempts`` attempts over
    ``elapsed_seconds``, the next one could not have begun before the deadline
    (``[aws] retry_deadline_seconds``). The last attempt's error is the ``__cause__``.

    A ``TimeoutError`` (an ``OSError``), as the failures of the calls it wraps are.
    """

    what: str
    attempts: int
    elapsed_seconds: float
    deadline_seconds: float
    next_wait_seconds: float
    reason: str

    @property
    def message(self) -> str:
        reason = clipped(self.reason, MAX_REASON_CHARS)
        plural = "" if self.attempts == 1 else "s"
        return (
            f"{self.what}: gave up after {self.attempts} attempt{plural} over "
            f"{self.elapsed_seconds:.1f} s: the next could begin only in "
            f"{self.next_wait_seconds:.1f} s, past the retry deadline of "
            f"{self.deadline_seconds:g} s (FLYTE_AWS_RETRY_DEADLINE_SECONDS). "
            f"Last error: {reason}"
        )


# --- configuration --------------------------------------------------------------------------------


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class ConfigError(CtxcoreError, ValueError):
    """A configuration value, file or argument that ctxcore refuses, with where it came from.

    At most one of ``env_var`` and ``file`` is set; ``line`` (1-based) and ``key`` (a YAML
    dotted key such as ``admin.insecure`` or an INI ``[section] option``) refine ``file``.
    """

    reason: str
    env_var: str | None = None
    file: str | None = None
    line: int | None = None
    key: str | None = None

    @property
    def where(self) -> str:
        """The place the message names: ``environment variable X`` or ``file, line N, key K``."""
        if self.env_var is not None:
            return f"environment variable {self.env_var}"
        parts: list[str] = []
        if self.file is not None:
            parts.append(f"config file {shown_path(self.file)}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.key is not None:
            parts.append(f"key {self.key}")
        return ", ".join(parts) if parts else "configuration"

    @property
    def message(self) -> str:
        return f"{self.where}: {self.reason}"


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class ConfigFileNotFoundError(ConfigError, FileNotFoundError):
    """A configuration file that was named (argument or ``FLYTECTL_CONFIG``) does not exist."""

    path: str | None = None

    @property
    def filename(self) -> str | None:
        """The missing file, as ``FileNotFoundError.filename``."""
        return self.path


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class ClientSecretFileNotFoundError(ConfigError, FileNotFoundError):
    """``client_secret_location`` names a file that does not exist.

    ``env_var`` or ``file``/``line``/``key`` say where the location was configured; ``path`` is
    the missing file.
    """

    path: str | None = None

    @property
    def filename(self) -> str | None:
        """The missing file, as ``FileNotFoundError.filename``."""
        return self.path


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class ConfigOptionNotFoundError(  # type: ignore[override]  # pyright: ignore[reportIncompatibleVariableOverride]
    ConfigError, configparser.NoSectionError, configparser.NoOptionError
):
    """``ConfigFile.get(LegacyConfigEntry(section, option))`` of an option the file does not set
    (or of any option, in a YAML file).

    Also the ``configparser.NoSectionError`` and ``configparser.NoOptionError`` the reference
    raised, so both ``except`` clauses keep working; ``section`` and ``option`` say which.
    """

    section: str = attrs.field(default="", kw_only=True)
    option: str = attrs.field(default="", kw_only=True)


# --- legacy INI files: also the configparser errors the reference raised --------------------------
# Each class below is also a configparser class, whose stub declares ``message``, ``source``,
# ``lineno``, ``section`` and ``option`` as writeable attributes of narrower types; here they are
# the frozen record's fields and properties (read-only, ``None`` when unknown). The checkers'
# override complaints are therefore silenced class by class: the values are configparser's.


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class IniFileError(ConfigError, configparser.Error):  # type: ignore[override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """A legacy INI file that cannot be read: a ``ConfigError`` naming the file, line and key,
    and a ``configparser.Error``, as the reference's ``configparser`` raised (DESIGN decision 1).

    Each subclass is also the ``configparser`` class the reference raised for its case (a
    missing section header, a section or option given twice, a line that does not parse, a
    ``%`` interpolation that cannot be expanded). ``section`` and ``option`` say where, when
    known; ``source`` and ``lineno`` are configparser's names of ``file`` and ``line``. No
    message shows a line's text: it may hold a secret.
    """

    section: str | None = None
    option: str | None = None

    @property
    def source(self) -> str | None:
        """The file, as configparser names it."""
        return self.file

    @property
    def lineno(self) -> int | None:
        """The 1-based line, as configparser names it."""
        return self.line


class IniParsingError(IniFileError, configparser.ParsingError):  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """A line that is neither a ``[section]`` header nor an ``option = value`` (or a file
    longer than ctxcore reads)."""


class IniMissingSectionHeaderError(IniParsingError, configparser.MissingSectionHeaderError):  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """An option before any ``[section]`` header (what the reference raised for a file that is
    not INI at all)."""


class IniDuplicateSectionError(IniFileError, configparser.DuplicateSectionError):  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """A ``[section]`` that appears twice."""


class IniDuplicateOptionError(IniFileError, configparser.DuplicateOptionError):  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """An option that appears twice in one section."""


class IniInternalSectionError(IniFileError, AssertionError):  # type: ignore[override]
    """A file with an ``[internal]`` section. Also an ``AssertionError``: the reference raised
    ``FlyteAssertion``, one."""


class IniInterpolationError(IniFileError, configparser.InterpolationError):  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """A ``%`` interpolation that cannot be expanded, found when the value is read (as the
    reference found it); this class itself for one that would produce more than ctxcore reads."""


class IniInterpolationSyntaxError(IniInterpolationError, configparser.InterpolationSyntaxError):  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """A ``%`` that is neither ``%%`` nor a ``%(name)s`` reference."""


class IniInterpolationMissingOptionError(  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    IniInterpolationError, configparser.InterpolationMissingOptionError
):
    """A ``%(name)s`` reference to an option that is not set."""


class IniInterpolationDepthError(IniInterpolationError, configparser.InterpolationDepthError):  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleVariableOverride]
    """References that nest deeper than configparser follows (``MAX_INTERPOLATION_DEPTH``)."""


ConfigFileNotFound = ConfigFileNotFoundError
"""The old name of ``ConfigFileNotFoundError``."""

ClientSecretFileNotFound = ClientSecretFileNotFoundError
"""The old name of ``ClientSecretFileNotFoundError``."""


# --- secrets --------------------------------------------------------------------------------------


_MAX_SECRET_NAME_CHARS: Final = 256
"""How much of a secret's group, key, variable and file a ``SecretNotFoundError`` shows: whole for
any real name, and six of them and the places looked in stay within a 4 KiB message."""


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class SecretNotFoundError(CtxcoreError, ValueError):
    """No environment variable, no file and no provider holds the secret; says where it looked.

    ``verify`` raises one for every secret missing: the first in the fields, all of them in
    ``missing`` (each a ``SecretNotFoundError`` of one secret). ``looked_in`` names the other
    places asked (a declared variable, the providers)."""

    group: str | None
    key: str | None
    env_var: str
    file_path: str
    looked_in: tuple[str, ...] = ()
    missing: tuple[SecretNotFoundError, ...] = ()

    @property
    def where(self) -> str:
        """``group=G key=K: env X, file F, ...``: one secret and where it was looked for."""
        places = ", ".join((f"env {self.env_var}", f"file {self.file_path}", *self.looked_in))
        return f"group={self.group} key={self.key}: {places}"

    @property
    def message(self) -> str:
        if len(self.missing) > 1:
            return f"{len(self.missing)} secrets are missing: " + listed(
                [secret.where for secret in self.missing]
            )
        # Each name clipped: a key as long as its author wants is in the message four times.
        group, key, env_var, file_path = (
            clipped(str(name), _MAX_SECRET_NAME_CHARS)
            for name in (self.group, self.key, self.env_var, self.file_path)
        )
        text = (
            f"Please make sure to add secret_requests=[Secret(group={group}, "
            f"key={key})] in @task. Unable to find secret for key {key} in group "
            f"{group} in Env Var:{env_var} and FilePath: {file_path}"
        )
        if self.looked_in:
            text += " nor in " + ", ".join(clipped(p, MAX_REASON_CHARS) for p in self.looked_in)
        return text


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class SecretProviderError(CtxcoreError, RuntimeError):
    """A secret provider that failed: names the provider, the secret's name and the kind of
    failure, never a value (the provider's own error is not kept: it might hold one)."""

    provider: str
    group: str | None
    key: str | None
    reason: str

    @property
    def message(self) -> str:
        return (
            f"secret provider {self.provider} failed for group={self.group} key={self.key}: "
            f"{self.reason}"
        )


class SecretProviderTimeoutError(SecretProviderError, TimeoutError):
    """A secret provider that did not answer within the manager's ``provider_timeout``."""


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class SecretFileError(CtxcoreError, ValueError):
    """A secret file that cannot be used (too large, not text, a loop of symbolic links, a
    name too long for the file system); says where and why, never shows its content.

    A ``ValueError``: for a path that cannot be opened, the reference's ``os.path.exists``
    answered ``False`` and it raised the ``ValueError`` of a missing secret.
    """

    path: str
    reason: str

    @property
    def message(self) -> str:
        return f"secret file {self.path} {self.reason}"


class SecretPermissionError(SecretFileError, PermissionError):
    """A secret file this process may not read.

    Also a ``PermissionError``, what the reference's ``open`` raised, so both ``except``
    clauses keep working.
    """

    @property
    def filename(self) -> str:
        """The file, as ``PermissionError.filename``."""
        return self.path


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class SecretValueError(CtxcoreError, ValueError):
    """A secret environment variable whose value cannot be returned as asked; names the
    variable, never shows the value."""

    env_var: str
    reason: str

    @property
    def message(self) -> str:
        return f"secret environment variable {self.env_var} {self.reason}"


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class SecretNameError(CtxcoreError, ValueError):
    """A group, version or key that is empty or would leave the secrets directory."""

    part: str
    value: str
    reason: str

    @property
    def message(self) -> str:
        return f"secret {self.part} {self.value!r} {self.reason}"


# --- images, serialization, execution parameters --------------------------------------------------


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class ImageError(CtxcoreError, ValueError, AssertionError):
    """An image, image identifier or image configuration that is not valid.

    The reference raised ``ValueError`` for most of these and ``AssertionError`` for an
    identifier without tag or digest; this one type satisfies both ``except`` clauses.
    ``subject`` is the value at fault, ``reason`` the full description.
    """

    subject: str
    reason: str

    @property
    def message(self) -> str:
        return self.reason


TransportStage = Literal["input", "base64", "gzip", "size", "utf-8", "json", "fields"]
"""Where decoding failed: reading the argument, base64, gzip, the size bound, UTF-8, JSON, or
the fields of the settings."""

_STAGE_TEXT: Final[dict[TransportStage, str]] = {
    "input": "not a serialized context",
    "base64": "bad base64",
    "gzip": "bad gzip data",
    "size": "too large",
    "utf-8": "not UTF-8 text",
    "json": "bad JSON",
    "fields": "wrong fields",
}


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class TransportError(CtxcoreError, ValueError):
    """Serialized settings that cannot be decoded.

    ``source`` names what was being decoded (``serialized context`` for ``_F_SS_C``,
    ``settings JSON``, ``settings dict``), ``stage`` where it failed and ``reason`` why (for
    fields, which one: ``$.image_config.default_image.tag``).
    """

    source: str
    stage: TransportStage
    reason: str

    @property
    def message(self) -> str:
        return f"{self.source}: {_STAGE_TEXT[self.stage]}: {self.reason}"


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class TaskAttributeError(CtxcoreError, AttributeError, AssertionError):
    """A task-specific parameter that this execution does not have.

    An ``AttributeError`` (so ``hasattr`` answers ``False``) and an ``AssertionError`` (what the
    reference raised).
    """

    key: str

    @property
    def message(self) -> str:
        return (
            f"{self.key} not available as a parameter in Flyte context"
            " - are you in right task-type?"
        )


# --- hand-off across processes ---------------------------------------------------------------


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class EnvelopeError(CtxcoreError, ValueError):
    """A context envelope (or a custom context meant to travel in one) that cannot be used.

    ``field`` names what is wrong: a JSON path (``$.custom_context``), an environment variable
    (``TRACEPARENT``) or a custom-context key; ``reason`` says why. The message shows at most a
    clipped ``repr`` of a bad value, so it stays short whatever the input.
    """

    field: str
    reason: str

    @property
    def message(self) -> str:
        return f"context envelope: {clipped(self.field, MAX_SHOWN_CHARS)}: {self.reason}"


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class MissingCredentialsError(CtxcoreError, PermissionError):
    """A worker was handed a context whose raw-output store needs credentials that the worker's
    own configuration does not have.

    Raised on first use of the store, instead of writing somewhere else. ``store`` is the
    raw-output prefix; ``missing`` the dotted names of the data-configuration fields
    (``s3.secret_access_key``) the caller had set and the worker lacks. Never a value.
    """

    store: str
    missing: tuple[str, ...]

    @property
    def message(self) -> str:
        names = ", ".join(self.missing)
        return (
            f"the context envelope names the raw-output store {shown(self.store)}, which needs "
            f"credentials this worker's configuration lacks: {names} (a worker reads them from "
            "its own environment or config file; an envelope never carries them)"
        )

    @property
    def strerror(self) -> str:  # type: ignore[override]  # pyright: ignore[reportIncompatibleVariableOverride]
        return self.message


# --- signals --------------------------------------------------------------------------------------


@attrs.frozen(auto_exc=True, slots=False, repr=False)
class SignalInstallError(CtxcoreError, RuntimeError):
    """Signal handlers can only be installed from the main thread of the main interpreter."""

    thread_name: str

    @property
    def message(self) -> str:
        return (
            f"signal handlers can only be installed from the main thread, not from thread "
            f"{self.thread_name!r}"
        )
