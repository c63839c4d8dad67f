"""Secrets: looked up in the environment, then in files under the secrets directory.

Names are the reference's (``_FSEC_<GROUP>[_<VERSION>][_<KEY>]`` and
``<default_dir>/<group>/<version>/<file_prefix><key>``), so existing containers keep working.
Unlike the reference, a name that would leave the secrets directory is refused, an empty
environment variable does not hide a secret file, a binary read of a variable returns its bytes
(from ``os.environb``), and no value ever reaches a repr, an error or a log line.

How no value reaches an error: an error is raised only where no value is at hand. A decode
or encode error carries its whole input (``.object``), and raising anything while handling it
keeps it as ``__context__`` (``from None`` only hides it from the printed traceback), so those
are caught in a helper that answers ``None`` and the typed error is raised after, outside the
``except``. Where a value was read, the local holding it is deleted before raising, since error
reporters (Sentry, rich tracebacks) send every frame's locals. A file that cannot be opened is
chained to its ``OSError``, which holds the path and the reason, never content.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, overload

from ctxcore.core.config.records import SecretsConfig
from ctxcore.core.errors import (
    SecretFileError,
    SecretNameError,
    SecretNotFoundError,
    SecretPermissionError,
    SecretValueError,
)
from ctxcore.effects.environment import process_environment, process_environment_bytes
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.local_io import MAX_SECRET_FILE_BYTES, read_at_most

__all__ = [
    "SecretsManager",
]

EncodeMode = Literal["r", "rb"]

_FORBIDDEN_IN_NAMES = ("/", "\\", "\x00")

_MAX_REMEMBERED_NAMES = 4096
"""How many (group, key, version) names a manager keeps derived: a task reads a handful of
secrets, often; a manager asked for endless names must not grow without end."""


def _checked(part: str, value: str | None) -> str | None:
    if not value:
        return None
    if value.strip() in ("", ".", "..") or any(c in value for c in _FORBIDDEN_IN_NAMES):
        raise SecretNameError(
            part, value, "is not a plain name: no '/', '\\', NUL, '.' or '..' are allowed"
        )
    return value


def _parts(group: str | None, key: str | None, group_version: str | None) -> list[str]:
    parts = [
        p
        for p in (
            _checked("group", group),
            _checked("group_version", group_version),
            _checked("key", key),
        )
        if p
    ]
    if not parts:
        raise SecretNameError("name", "", "is empty: give at least a group or a key")
    return parts


def _utf8_text(content: bytes) -> str | None:
    """``content`` as UTF-8 text, or ``None`` (see the module: the decode error holds it)."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _environment_bytes(value: str) -> bytes | None:
    """The bytes ``os.environb`` holds for the ``os.environ`` value ``value``, or ``None`` for
    text that has none (a lone surrogate that is no escaped byte; see the module)."""
    try:
        return os.fsencode(value)
    except UnicodeEncodeError:
        return None


def _cannot_read(error: OSError) -> str:
    return f"cannot be read: {error.strerror or type(error).__name__}"


class SecretsManager:
    """Looks secrets up by group, key and version.

    ``get`` tries ``<env_prefix><NAME>`` and, in local execution modes (or outside any
    execution), the unprefixed ``<NAME>``; then the file. ``sm.<group>.<key>`` is
    ``sm.get(group, key)``. ``env`` replaces ``os.environ`` (for tests and embedding SDKs);
    ``environb`` is what binary reads (``encode_mode="rb"``) look variables up in: by default
    ``os.environb`` when ``env`` is not given either, else the bytes of ``env``'s values (as
    ``os.fsencode`` gives them, which for ``os.environ`` are ``os.environb``'s).
    """

    def __init__(
        self,
        secrets_cfg: SecretsConfig | None = None,
        *,
        env: Mapping[str, str] | None = None,
        environb: Mapping[bytes, bytes] | None = None,
    ) -> None:
        environment = process_environment() if env is None else env
        cfg = secrets_cfg if secrets_cfg is not None else SecretsConfig.auto(env=environment)
        self._env = environment
        if environb is None and env is None:
            environb = process_environment_bytes()
        self._environb = environb
        self._base_dir = cfg.default_dir.strip()
        self._file_prefix = cfg.file_prefix.strip()
        self._env_prefix = cfg.env_prefix.strip()
        self._names: dict[tuple[str | None, str | None, str | None], tuple[str, str]] = {}

    def __repr__(self) -> str:
        return (
            f"SecretsManager(env_prefix={self._env_prefix!r}, default_dir={self._base_dir!r}, "
            f"file_prefix={self._file_prefix!r})"
        )

    @property
    def env_prefix(self) -> str:
        """The prefix of secret environment variables (``_FSEC_`` by default)."""
        return self._env_prefix

    def get_secrets_env_var(
        self, group: str | None = None, key: str | None = None, group_version: str | None = None
    ) -> str:
        """``<env_prefix><GROUP>[_<VERSION>][_<KEY>]`` (upper case; empty parts skipped)."""
        return self._env_prefix + self._name(group, key, group_version)[0]

    def get_secrets_file(
        self, group: str | None = None, key: str | None = None, group_version: str | None = None
    ) -> str:
        """``<default_dir>/<group>/<version>/<file_prefix><key>`` (lower case)."""
        return self._name(group, key, group_version)[1]

    @overload
    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        encode_mode: Literal["r"] = "r",
    ) -> str: ...
    @overload
    def get(
        self,
        group: str | None,
        key: str | None,
        group_version: str | None,
        encode_mode: Literal["rb"],
    ) -> bytes: ...
    @overload
    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        *,
        encode_mode: Literal["rb"],
    ) -> bytes: ...
    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        encode_mode: EncodeMode = "r",
    ) -> str | bytes:
        """The secret, stripped: from the environment, else from its file.

        A file that cannot be read is ``SecretFileError`` (``SecretPermissionError``, also a
        ``PermissionError``, when it may not be); a text read of a file that is not UTF-8 is
        ``SecretFileError``; a binary read of an injected variable whose text has no bytes is
        ``SecretValueError``. All are ``ValueError``s that say where, never what.
        """
        if encode_mode not in ("r", "rb"):
            raise ValueError(f"encode_mode must be 'r' or 'rb', not {encode_mode!r}")
        bare, path = self._name(group, key, group_version)
        env_var = self._env_prefix + bare
        if encode_mode == "r":  # inline: the lookup every task makes, often
            value = self._env.get(env_var)
            if not value and self._unprefixed_allowed():
                env_var, value = bare, self._env.get(bare)
            if value and (stripped := value.strip()):
                return stripped
        else:
            data = self._env_bytes(env_var)
            if not data and self._unprefixed_allowed():
                env_var, data = bare, self._env_bytes(bare)
            if data and (stripped_data := data.strip()):
                return stripped_data
        content = self._read_file(path)
        if content is None:
            raise SecretNotFoundError(group, key, env_var, path)
        if encode_mode == "rb":
            return content.strip()
        text = _utf8_text(content)
        if text is None:
            del content  # see the module: no frame of the traceback holds the secret
            raise SecretFileError(path, "is not UTF-8 text; read it with encode_mode='rb'")
        return text.strip()

    def __getattr__(self, group: str) -> _GroupSecrets:
        if group.startswith("_"):
            raise AttributeError(group)
        return _GroupSecrets(self, group)

    def _env_bytes(self, name: str) -> bytes | None:
        """The variable ``name`` as bytes, from ``environb`` or else made from ``env``'s text."""
        if self._environb is not None:
            return self._environb.get(os.fsencode(name))
        text = self._env.get(name)
        if not text:
            return None
        data = _environment_bytes(text)
        if data is None:
            del text  # see the module: no frame of the traceback holds the secret
            raise SecretValueError(
                name,
                "is text without a bytes form (not what os.environ holds); "
                "read it with encode_mode='r'",
            )
        return data

    def _name(
        self, group: str | None, key: str | None, group_version: str | None
    ) -> tuple[str, str]:
        cache_key = (group, key, group_version)
        found = self._names.get(cache_key)
        if found is None:
            parts = _parts(group, key, group_version)
            files = [p.lower() for p in parts]
            files[-1] = self._file_prefix + files[-1]
            found = ("_".join(p.upper() for p in parts), os.path.join(self._base_dir, *files))
            if len(self._names) < _MAX_REMEMBERED_NAMES:
                self._names[cache_key] = found
        return found

    @staticmethod
    def _unprefixed_allowed() -> bool:
        state = FlyteContextManager.current_context().execution_state
        return state is None or state.is_local_execution()

    @staticmethod
    def _read_file(path: str) -> bytes | None:
        """The file's content; ``None`` when there is no file (nothing, a directory, a parent
        that is a file)."""
        try:
            content = read_at_most(path, MAX_SECRET_FILE_BYTES)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None
        except PermissionError as error:
            raise SecretPermissionError(path, _cannot_read(error)) from error
        except OSError as error:  # a loop of links, a name too long, an I/O error, ...
            raise SecretFileError(path, _cannot_read(error)) from error
        if len(content) > MAX_SECRET_FILE_BYTES:
            del content  # see the module: no frame of the traceback holds the secret
            raise SecretFileError(path, f"is larger than {MAX_SECRET_FILE_BYTES} bytes")
        return content


class _GroupSecrets:
    """``sm.<group>``: its attributes are the group's keys."""

    __slots__ = ("_group", "_manager")

    def __init__(self, manager: SecretsManager, group: str) -> None:
        self._manager = manager
        self._group = group

    def __repr__(self) -> str:
        return f"<secrets of group {self._group!r}>"

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self._manager.get(self._group, key)
