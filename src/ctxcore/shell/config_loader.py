"""The configuration edge: finding and reading config files, and the ``X.auto`` entry points.

Every function that reads accepts ``env`` (default ``os.environ``), so tests and embedding SDKs
inject an environment. Discovery runs on every call (the reference memoised it for the life of
the process); parsed files are cached by path and ``stat`` identity (device, inode, mtime, size),
so an edited file is re-read. Nothing warns and carries on: bad input raises ``ConfigError``.
"""

from __future__ import annotations

import functools
import io
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Final, TypeVar

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config.catalogue import ENV_NAMES
from ctxcore.core.config.file import MAX_CONFIG_FILE_CHARS, ConfigFile, parse_config_file
from ctxcore.core.config.records import Config
from ctxcore.core.config.resolve import (
    ConfigPart,
    ResolvedConfig,
    client_secret_location_or_error,
    client_secret_variable,
    part_or_error,
    resolve_config,
)
from ctxcore.core.config.unknown import (
    ENV_PREFIX,
    RenamedName,
    UnknownName,
    find_renamed,
    find_unknown,
    unknown_env_names,
)
from ctxcore.core.errors import ConfigError, ConfigFileNotFound, shown_path
from ctxcore.core.results import unwrap_or_raise
from ctxcore.effects.environment import process_environment, set_variables
from ctxcore.effects.logs import developer_logger
from ctxcore.shell.bounded_read import MAX_SECRET_FILE_BYTES, read_at_most

__all__ = [
    "load_config_file",
    "read_file_if_exists",
]

T = TypeVar("T")

CONFIG_OVERRIDE_ENV: Final = "_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE"
"""Highest-priority config file location (set by pyflyte); an empty value disables both
this and ``FLYTECTL_CONFIG`` (the reference's rule)."""

FLYTECTL_CONFIG_ENV: Final = "FLYTECTL_CONFIG"
"""The config file location flytectl and pyflyte share."""

LOCAL_CONFIG_NAME: Final = "flytekit.config"
"""Looked for in the current directory after the variables."""

MAX_READ_FILE_BYTES: Final = 16 << 20
"""Largest file ``read_file_if_exists`` reads (16 MiB): it reads secrets, certificates and
small scripts named by configuration; a larger file is a mistake, not a setting."""

_CACHE_SIZE: Final = 32
"""How many parsed files are kept: a process reads one or two config files; a bound keeps a
process that reads many (a test suite, a server) from holding them all."""


class _FileCache:
    """Parsed files by (location, device, inode, mtime_ns, size); bounded, thread-safe. The
    values are immutable, so sharing them is safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, int, int, int, int], ConfigFile] = OrderedDict()

    def get(self, key: tuple[str, int, int, int, int]) -> ConfigFile | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple[str, int, int, int, int], value: ConfigFile) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > _CACHE_SIZE:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def after_fork_in_child(self) -> None:
        """A fresh lock for a forked child, whose parent may have forked while another thread
        held it (the entries are whole: each change is made under the lock)."""
        self._lock = threading.Lock()


_CACHE: Final = _FileCache()
if sys.platform != "win32":  # no fork there
    os.register_at_fork(after_in_child=_CACHE.after_fork_in_child)


def clear_config_file_cache() -> None:
    """Forget every parsed file (they are re-read on next use anyway when they change)."""
    _CACHE.clear()


def _stat_or_not_found(location: str, named_by: str | None) -> os.stat_result:
    try:
        return os.stat(location)
    except FileNotFoundError:
        reason = (
            f"names the config file {shown_path(location)}, which does not exist"
            if named_by
            else "the file does not exist"
        )
        raise ConfigFileNotFound(
            reason,
            env_var=named_by,
            file=None if named_by else location,
            path=location,
        ) from None
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read the file: {error}", file=location) from None


def _utf8(data: bytes) -> str | int:
    """``data`` as UTF-8 text, or the offset of its first byte that is not: never the decode
    error, which holds all of ``data`` (its ``.object``, a config file's secrets with it) and
    would stay in the chain of an error raised while handling it (as ``__context__``: ``from
    None`` only hides it from the printed traceback)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start


def _decode(location: str, data: bytes) -> str:
    text = _utf8(data)
    if isinstance(text, int):
        line = data.count(b"\n", 0, text) + 1
        raise ConfigError("the file is not valid UTF-8", file=location, line=line)
    return text


def _read_bounded(location: str, limit: int) -> bytes:
    data = read_at_most(location, limit)
    if len(data) > limit:
        del data  # error reporters send the locals of every frame; a secret file's are secret
        raise ConfigError(f"the file is larger than {limit} bytes", file=location)
    return data


def read_config_file(location: str, *, named_by: str | None = None) -> ConfigFile:
    """Read and parse the file at ``location`` (cached while its ``stat`` is unchanged).

    A missing file is ``ConfigFileNotFound`` (a ``FileNotFoundError``); ``named_by`` is the
    environment variable that named it, for the message. Malformed content, a directory, an
    unreadable or oversized file are ``ConfigError`` naming the file (and line).
    """
    status = _stat_or_not_found(location, named_by)
    key = (location, status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        data = _read_bounded(location, MAX_CONFIG_FILE_CHARS)
    except OSError as error:
        raise ConfigError(f"cannot read the file: {error.strerror}", file=location) from None
    parsed = unwrap_or_raise(parse_config_file(location, _decode(location, data)))
    _CACHE.put(key, parsed)
    return parsed


def _home(env: Mapping[str, str]) -> str:
    return env.get("HOME") or os.path.expanduser("~")


@functools.lru_cache(maxsize=8)
def _user_config_paths(home: str) -> tuple[str, str]:
    """``~/.flyte/config`` and ``~/.flyte/config.yaml`` for a home directory (a pure function
    of the string, memoised: path joining is a measurable part of an env-only ``auto``)."""
    flyte_dir = os.path.join(home, ".flyte")
    return os.path.join(flyte_dir, "config"), os.path.join(flyte_dir, "config.yaml")


def find_config_file(env: Mapping[str, str] | None = None) -> tuple[str, str | None] | None:
    """The config file discovery would use, and the variable that named it (if any).

    Order: ``_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE``, else ``FLYTECTL_CONFIG`` (an empty override
    disables both); ``./flytekit.config``; ``~/.flyte/config``; ``~/.flyte/config.yaml``, where
    ``~`` is ``HOME`` in ``env`` (the user's home directory when ``env`` has none).
    A variable naming a file that does not exist is ``ConfigFileNotFound``.
    """
    environ = process_environment() if env is None else env
    named_by = CONFIG_OVERRIDE_ENV if CONFIG_OVERRIDE_ENV in environ else FLYTECTL_CONFIG_ENV
    named = environ.get(named_by)
    if named:
        path = os.path.abspath(named)
        _stat_or_not_found(path, named_by)
        return path, named_by
    if os.path.exists(LOCAL_CONFIG_NAME):
        return os.path.abspath(LOCAL_CONFIG_NAME), None
    for path in _user_config_paths(_home(environ)):
        if os.path.exists(path):
            return path, None
    return None


@attrs.frozen
class DiscoveryStep:
    """One candidate of config-file discovery: what names it (``candidate``: a variable, or
    the place, ``./flytekit.config``), the path it gives (``None`` for a variable that is not
    set), whether it was ``taken``, and why (or why not)."""

    __repr__ = fields_repr

    candidate: str
    path: str | None
    taken: bool
    reason: str

    def describe(self) -> str:
        """One line: ``FLYTECTL_CONFIG (/p/c.yaml): taken: ...``."""
        where = "" if self.path is None else f" ({self.path})"
        return f"{self.candidate}{where}: {'taken: ' if self.taken else ''}{self.reason}"


def explain_discovery(env: Mapping[str, str] | None = None) -> tuple[DiscoveryStep, ...]:
    """Every candidate of ``find_config_file``'s order, which one it takes and why each other
    was skipped (or not looked at, after the one taken). Raises nothing: a variable naming a
    file that does not exist is said (``find_config_file`` raises ``ConfigFileNotFound``)."""
    environ = process_environment() if env is None else env
    steps: list[DiscoveryStep] = []
    taken = False
    later = "not looked at: an earlier candidate was taken"
    override_set = CONFIG_OVERRIDE_ENV in environ
    for variable in (CONFIG_OVERRIDE_ENV, FLYTECTL_CONFIG_ENV):
        named = environ.get(variable)
        path = os.path.abspath(named) if named else None
        if taken:
            steps.append(DiscoveryStep(variable, path, False, later))
        elif variable == FLYTECTL_CONFIG_ENV and override_set:
            reason = f"not looked at: {CONFIG_OVERRIDE_ENV} is set (an empty one disables both)"
            steps.append(DiscoveryStep(variable, path, False, reason))
        elif named is None:
            steps.append(DiscoveryStep(variable, None, False, "not set"))
        elif path is None:
            steps.append(DiscoveryStep(variable, None, False, "set to empty"))
        elif os.path.exists(path):
            taken = True
            steps.append(DiscoveryStep(variable, path, True, "the variable names it"))
        else:
            taken = True  # find_config_file stops here, with ConfigFileNotFound
            reason = "names a file that does not exist: discovery fails here"
            steps.append(DiscoveryStep(variable, path, False, reason))
    home_config, home_yaml = _user_config_paths(_home(environ))
    places = (
        ("./" + LOCAL_CONFIG_NAME, os.path.abspath(LOCAL_CONFIG_NAME)),
        ("~/.flyte/config", home_config),
        ("~/.flyte/config.yaml", home_yaml),
    )
    for candidate, path in places:
        if taken:
            steps.append(DiscoveryStep(candidate, path, False, later))
        elif os.path.exists(path):
            taken = True
            steps.append(DiscoveryStep(candidate, path, True, "it exists"))
        else:
            steps.append(DiscoveryStep(candidate, path, False, "does not exist"))
    return tuple(steps)


def load_config_file(
    config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
) -> ConfigFile | None:
    """The reference's ``get_config_file``: a ``ConfigFile`` as is, a path read, or ``None``
    discovered (see ``find_config_file``); ``None`` when there is no file at all."""
    if isinstance(config_file, ConfigFile):
        return config_file
    if config_file is not None:
        return read_config_file(config_file)
    found = find_config_file(env)
    if found is None:
        return None
    path, named_by = found
    return read_config_file(path, named_by=named_by)


def read_secret_files(env: Mapping[str, str], file: ConfigFile | None) -> dict[str, str]:
    """Pre-read the configured client-secret file for the pure resolver: ``{path: text}``, or
    ``{}`` when none is configured or it does not exist (the resolver then raises
    ``ClientSecretFileNotFound`` naming where it was configured).

    A file that cannot be read or is not UTF-8 is a ``ConfigError`` that names it; neither the
    error nor its chain nor the frames of its traceback hold the content.
    """
    location = client_secret_location_or_error(env, file)
    if isinstance(location, ConfigError):
        raise location
    if not location:
        return {}
    try:
        data = _read_bounded(location, MAX_SECRET_FILE_BYTES)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(
            f"cannot read the client secret file {shown_path(location)}: {error.strerror}"
        ) from None
    text = _utf8(data)
    if isinstance(text, int):
        del data  # error reporters send the locals of every frame of a traceback
        raise ConfigError(f"the client secret file {shown_path(location)} is not valid UTF-8")
    return {location: text}


_MAX_REPORTED: Final = 4096
"""How many unknown and renamed names a process remembers having reported: past that, no more
are reported (a process fed endless names must not grow without end, nor log without end)."""


class _Reported:
    """The unknown and renamed names this process has reported (thread-safe, bounded)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: set[tuple[str, str]] = set()

    def new(self, names: list[UnknownName | RenamedName]) -> list[UnknownName | RenamedName]:
        """Those of ``names`` not reported before, now remembered as reported."""
        fresh: list[UnknownName | RenamedName] = []
        with self._lock:
            for name in names:
                key = (name.location or name.kind, name.name)
                if key in self._names or len(self._names) >= _MAX_REPORTED:
                    continue
                self._names.add(key)
                fresh.append(name)
        return fresh

    def seen(self, kind: str, name: str) -> bool:
        """Whether ``name`` was reported (a set's membership test needs no lock)."""
        return (kind, name) in self._names

    def forget(self) -> None:
        with self._lock:
            self._names.clear()

    def after_fork_in_child(self) -> None:
        self._lock = threading.Lock()


_REPORTED: Final = _Reported()
if sys.platform != "win32":
    os.register_at_fork(after_in_child=_REPORTED.after_fork_in_child)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _unknown_in_file(file: ConfigFile) -> tuple[UnknownName, ...]:
    return find_unknown({}, file)


def report_names(env: Mapping[str, str], file: ConfigFile | None) -> None:
    """Tell the developer logger, once per process per name, of each config-file key and
    ``FLYTE_*`` variable that no entry reads (``ResolvedConfig.unknown``) and of each old name
    of a renamed setting that is set, with its new name (``ResolvedConfig.renamed``); never
    fails."""
    names: list[UnknownName | RenamedName] = []
    if file is not None:
        names.extend(_unknown_in_file(file))
    variables = [name for name in unknown_env_names(env) if not _REPORTED.seen("env", name)]
    if variables:  # a suggestion is looked for once per name
        names.extend(find_unknown(dict.fromkeys(variables, ""), None))
    names.extend(find_renamed(env, file))
    if not names:
        return
    for name in _REPORTED.new(names):
        developer_logger.warning("ctxcore config: %s", name.describe())


def forget_reported_unknown() -> None:
    """Report every unknown and renamed name again, as if to a new process (for tests)."""
    _REPORTED.forget()


_CONFIG_VARIABLES: Final = frozenset({*ENV_NAMES, CONFIG_OVERRIDE_ENV, FLYTECTL_CONFIG_ENV, "HOME"})
"""Every variable configuration reads but the one ``client_secret_env_var`` names: the
settings' (``ENV_NAMES``) and discovery's."""


def read_config_environment(
    source: Mapping[str, str], config_file: str | ConfigFile | None = None
) -> tuple[dict[str, str], ConfigFile | None]:
    """The variables of ``source`` (an environment) that configuration looks at, each read
    once, and the config file they and ``config_file`` give.

    The variables are those of ``_CONFIG_VARIABLES`` and every ``FLYTE_*`` one that is set, in
    ``source``'s order (``set_variables``: for the process's environment, no miss per unset
    variable), and the one a configured ``client_secret_env_var`` names: discovery and the
    resolver read no other, and the unknown names are ``FLYTE_*`` ones, so the record they
    give, its errors, its provenance and its unknown names are those of all of ``source``."""
    variables = set_variables(_CONFIG_VARIABLES, ENV_PREFIX, source)
    file = load_config_file(config_file, env=variables)
    variable = client_secret_variable(variables, file)
    if variable and variable not in variables:
        value = source.get(variable)
        if value is not None:
            variables[variable] = value
    return variables, file


def _configured(
    config_file: str | ConfigFile | None, env: Mapping[str, str] | None
) -> tuple[Mapping[str, str], ConfigFile | None]:
    """The environment configuration reads (the process's when ``env`` is ``None``, see
    ``read_config_environment``) and the config file."""
    if env is None:
        return read_config_environment(process_environment(), config_file)
    return env, load_config_file(config_file, env=env)


def auto_part(
    part: ConfigPart[T],
    config_file: str | ConfigFile | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> T:
    """What ``X.auto(config_file)`` returns: the record from the environment, then the file,
    then defaults."""
    environ, file = _configured(config_file, env)
    # The secret files read go straight into the call, not into a local of this frame, from
    # which an error is raised (``_unframed`` in ``ctxcore.core.config.resolve``).
    built = part_or_error(
        part,
        environ,
        file,
        secret_files=read_secret_files(environ, file) if part.reads_client_secret else None,
    )
    if isinstance(built, ConfigError):
        raise built
    report_names(environ, file)
    return built


def explain_config(
    config_file: str | ConfigFile | None = None, *, env: Mapping[str, str] | None = None
) -> ResolvedConfig:
    """``Config.explain``: the resolved config with the provenance of every field."""
    environ, file = _configured(config_file, env)
    # As in ``auto_part``: no local of this frame holds the secret files read.
    return unwrap_or_raise(
        resolve_config(environ, file, secret_files=read_secret_files(environ, file))
    )


def local_sandbox_path(config: Config) -> str:
    """``config.local_sandbox_path``, or (when it is ``None``) a new ``flyte*`` temporary
    directory made now: the shell's decision on first use."""
    if config.local_sandbox_path:
        return config.local_sandbox_path
    return tempfile.mkdtemp(prefix="flyte")


def read_file_if_exists(
    filename: str | os.PathLike[str] | None, encoding: str | None = None
) -> str | None:
    """The reference's ``read_file_if_exists``: the text of ``filename`` (decoded with
    ``encoding``, the locale's by default, newlines translated as ``Path.read_text`` does), or
    ``None`` for no name (``None`` or ``""``).

    A file that does not exist raises ``FileNotFoundError``, as the reference did. Unlike the
    reference, a FIFO or device is refused at once (``SpecialFileError``) instead of blocking,
    and a file larger than ``MAX_READ_FILE_BYTES`` is a ``ConfigError`` naming it.
    """
    if not filename:
        return None
    path = os.fspath(filename)
    data = read_at_most(path, MAX_READ_FILE_BYTES)
    if len(data) > MAX_READ_FILE_BYTES:
        raise ConfigError(f"the file {shown_path(path)} is larger than {MAX_READ_FILE_BYTES} bytes")
    with io.TextIOWrapper(io.BytesIO(data), encoding=encoding) as text:
        return text.read()
