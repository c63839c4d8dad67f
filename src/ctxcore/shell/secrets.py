"""Secrets: looked up in the environment, then in files under the secrets directory.

Names are the reference's (``_FSEC_<GROUP>[_<VERSION>][_<KEY>]`` and
``<default_dir>/<group>/<version>/<file_prefix><key>``), so existing containers keep working.
Unlike the reference, a name that would leave the secrets directory is refused, an empty
environment variable does not hide a secret file, and no value ever reaches a repr, an error
or a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, overload

from ctxcore.core.config.records import SecretsConfig
from ctxcore.core.errors import SecretFileError, SecretNameError, SecretNotFoundError
from ctxcore.effects.environment import process_environment
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


class SecretsManager:
    """Looks secrets up by group, key and version.

    ``get`` tries ``<env_prefix><NAME>`` and, in local execution modes (or outside any
    execution), the unprefixed ``<NAME>``; then the file. ``sm.<group>.<key>`` is
    ``sm.get(group, key)``. ``env`` replaces ``os.environ`` (for tests and embedding SDKs).
    """

    def __init__(
        self,
        secrets_cfg: SecretsConfig | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> None:
        environment = process_environment() if env is None else env
        cfg = secrets_cfg if secrets_cfg is not None else SecretsConfig.auto(env=environment)
        self._env = environment
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
        """The secret, stripped: from the environment, else from its file."""
        if encode_mode not in ("r", "rb"):
            raise ValueError(f"encode_mode must be 'r' or 'rb', not {encode_mode!r}")
        bare, path = self._name(group, key, group_version)
        env_var = self._env_prefix + bare
        value = self._env.get(env_var)
        if not value and self._unprefixed_allowed():
            env_var, value = bare, self._env.get(bare)
        if value and value.strip():
            stripped = value.strip()
            return stripped.encode("utf-8") if encode_mode == "rb" else stripped
        content = self._read_file(path)
        if content is None:
            raise SecretNotFoundError(group, key, env_var, path)
        if encode_mode == "rb":
            return content.strip()
        try:
            return content.decode("utf-8").strip()
        except UnicodeDecodeError:
            # The decode error would carry the secret's bytes: say only where and what.
            raise SecretFileError(
                path, "is not UTF-8 text; read it with encode_mode='rb'"
            ) from None

    def __getattr__(self, group: str) -> _GroupSecrets:
        if group.startswith("_"):
            raise AttributeError(group)
        return _GroupSecrets(self, group)

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
        try:
            content = read_at_most(path, MAX_SECRET_FILE_BYTES)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None
        if len(content) > MAX_SECRET_FILE_BYTES:
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
