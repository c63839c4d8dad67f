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

import contextvars
import os
import stat
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal, Protocol, TypeAlias, overload

from ctxcore.core.config.records import SecretsConfig
from ctxcore.core.errors import (
    SecretFileError,
    SecretNameError,
    SecretNotFoundError,
    SecretPermissionError,
    SecretProviderError,
    SecretProviderTimeoutError,
    SecretValueError,
)
from ctxcore.core.ports import SecretProvider
from ctxcore.effects.environment import process_environment, process_environment_bytes
from ctxcore.shell.bounded_read import MAX_SECRET_FILE_BYTES, read_at_most, utf8_or_none
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.redaction import remember_secret

__all__ = [
    "SecretsManager",
]

EncodeMode = Literal["r", "rb"]

_FORBIDDEN_IN_NAMES = ("/", "\\", "\x00")

DEFAULT_PROVIDER_TIMEOUT: Final = 10.0
"""Seconds a secret provider may take to answer one lookup (``provider_timeout``)."""


class DeclaredSecret(Protocol):
    """A declared secret (flytekit's ``Secret``): group, key, version; ``env_var`` if any."""

    @property
    def group(self) -> str | None: ...
    @property
    def key(self) -> str | None: ...
    @property
    def group_version(self) -> str | None: ...


Declared: TypeAlias = "tuple[str | None, str | None, str | None] | DeclaredSecret"
"""What ``verify`` takes: a ``(group, key, group_version)`` triple or a ``Secret`` record."""


def _provider_name(provider: SecretProvider) -> str:
    name = getattr(provider, "name", None)
    return name if isinstance(name, str) and name else type(provider).__name__


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
    ``providers`` (``SecretProvider``s) are asked after the environment and the files, in
    order, each within ``provider_timeout`` seconds (``None``: no limit).
    """

    def __init__(
        self,
        secrets_cfg: SecretsConfig | None = None,
        *,
        env: Mapping[str, str] | None = None,
        environb: Mapping[bytes, bytes] | None = None,
        providers: Sequence[SecretProvider] = (),
        provider_timeout: float | None = DEFAULT_PROVIDER_TIMEOUT,
    ) -> None:
        if provider_timeout is not None and not provider_timeout > 0:
            raise ValueError(f"provider_timeout must be positive or None, not {provider_timeout!r}")
        self._providers = tuple(providers)
        self._provider_timeout = provider_timeout
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
        *,
        env_var: str | None = None,
    ) -> str: ...
    @overload
    def get(
        self,
        group: str | None,
        key: str | None,
        group_version: str | None,
        encode_mode: Literal["rb"],
        *,
        env_var: str | None = None,
    ) -> bytes: ...
    @overload
    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        *,
        encode_mode: Literal["rb"],
        env_var: str | None = None,
    ) -> bytes: ...
    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        encode_mode: EncodeMode = "r",
        *,
        env_var: str | None = None,
    ) -> str | bytes:
        """The secret, stripped: from ``env_var`` (a secret declared under its own variable),
        else the environment, else its file, else the providers in order.

        A file that cannot be read is ``SecretFileError`` (``SecretPermissionError``, also a
        ``PermissionError``, when it may not be); a text read of a file that is not UTF-8 is
        ``SecretFileError``; a binary read of an injected variable whose text has no bytes is
        ``SecretValueError``. All are ``ValueError``s that say where, never what. A provider that
        fails is ``SecretProviderError`` (``SecretProviderTimeoutError`` when it is too slow),
        naming the provider, never a value.
        """
        if encode_mode not in ("r", "rb"):
            raise ValueError(f"encode_mode must be 'r' or 'rb', not {encode_mode!r}")
        bare, path = self._name(group, key, group_version)
        if env_var:
            declared = self._env_value(env_var, encode_mode)
            if declared is not None:
                remember_secret(declared)
                return declared
        name = self._env_prefix + bare
        if encode_mode == "r":  # inline: the lookup every task makes, often
            value = self._env.get(name)
            if not value and self._unprefixed_allowed():
                name, value = bare, self._env.get(bare)
            if value and (stripped := value.strip()):
                remember_secret(stripped)
                return stripped
        else:
            data = self._env_bytes(name)
            if not data and self._unprefixed_allowed():
                name, data = bare, self._env_bytes(bare)
            if data and (stripped_data := data.strip()):
                remember_secret(stripped_data)
                return stripped_data
        content = self._read_file(path)
        if content is None:
            answer = self._first_answer(group, key, group_version)
            if answer is not None:
                remember_secret(answer)
                return answer if encode_mode == "r" else answer.encode("utf-8")
            raise SecretNotFoundError(group, key, name, path, self._looked_in(env_var))
        if encode_mode == "rb":
            remember_secret(content.strip())
            return content.strip()
        text = utf8_or_none(content)
        if text is None:
            del content  # see the module: no frame of the traceback holds the secret
            raise SecretFileError(path, "is not UTF-8 text; read it with encode_mode='rb'")
        remember_secret(text.strip())
        return text.strip()

    def verify(self, declared: Iterable[Declared]) -> None:
        """Check that every declared secret (a ``(group, key, group_version)`` triple or a
        ``Secret`` record, whose ``env_var`` is looked at first if it has one) can be found,
        reading no value it does not need. One ``SecretNotFoundError`` lists every missing
        secret and where each was looked for (``missing``).

        A secret is missing exactly when ``get`` (text mode) would raise
        ``SecretNotFoundError``: the same sources in the same order, each deciding as ``get``
        does, so a check at start-up predicts the first read. A variable counts when ``get``
        would take it (set and not blank; the unprefixed name only when the prefixed one is
        unset or empty), a file when there is one to open (``get`` reads it, or fails with its
        own typed error), a provider when its answer is not blank, as ``get`` skips a blank
        answer and asks the next one. No file is read, and no provider is asked once a source
        is found; a provider's answer is dropped at once."""
        missing: list[SecretNotFoundError] = []
        for item in declared:
            if isinstance(item, tuple):
                group, key, version = item
                env_var = None
            else:
                group, key, version = item.group, item.key, item.group_version
                declared_var: object = getattr(item, "env_var", None)
                env_var = declared_var if isinstance(declared_var, str) else None
            absent = self._absent(group, key, version, env_var)
            if absent is not None:
                missing.append(absent)
        if missing:
            first = missing[0]
            raise SecretNotFoundError(
                first.group,
                first.key,
                first.env_var,
                first.file_path,
                first.looked_in,
                tuple(missing),
            )

    def _absent(
        self, group: str | None, key: str | None, version: str | None, env_var: str | None
    ) -> SecretNotFoundError | None:
        bare, path = self._name(group, key, version)
        env = self._env
        if env_var and env.get(env_var, "").strip():
            return None
        name = self._env_prefix + bare
        value = env.get(name)
        if not value and self._unprefixed_allowed():  # as get: an empty prefixed one is unset
            value = env.get(bare)
        if (value and value.strip()) or self._file_there(path):
            return None
        if self._first_answer(group, key, version) is not None:
            return None
        return SecretNotFoundError(group, key, name, path, self._looked_in(env_var))

    def _first_answer(self, group: str | None, key: str | None, version: str | None) -> str | None:
        """The first provider's answer that is not blank, stripped (``None`` when none has
        one): what ``get`` returns from the providers, and ``verify`` looks for."""
        for provider in self._providers:
            answer = self._ask(provider, group, key, version)
            if answer is not None and (answer := answer.strip()):
                return answer
        return None

    @staticmethod
    def _file_there(path: str) -> bool:
        """Whether ``get`` would read ``path`` rather than go on to the providers: something
        that is not a directory is there (``_read_file`` answers ``None`` for nothing, a
        directory or a parent that is a file; anything else it reads, or fails to with a typed
        error). Nothing is read."""
        try:
            return not stat.S_ISDIR(os.stat(path).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError:  # a loop of links, a name too long, no permission: get fails there too
            return True

    def _looked_in(self, env_var: str | None) -> tuple[str, ...]:
        declared = (f"env {env_var}",) if env_var else ()
        return (*declared, *(f"provider {_provider_name(p)}" for p in self._providers))

    def _env_value(self, name: str, encode_mode: EncodeMode) -> str | bytes | None:
        if encode_mode == "r":
            value = self._env.get(name)
            return value.strip() or None if value else None
        data = self._env_bytes(name)
        return data.strip() or None if data else None

    def _ask(
        self, provider: SecretProvider, group: str | None, key: str | None, version: str | None
    ) -> str | None:
        """The provider's answer, within the timeout; a failure is ``SecretProviderError``
        naming the provider and the kind of failure (the provider's error is dropped, in a
        helper frame, so that no chain holds what it might say)."""
        name = _provider_name(provider)
        answers: list[object] = []
        failures: list[str] = []

        def call() -> None:
            try:
                answers.append(provider.lookup(group or "", key, version))
            except Exception as error:
                failures.append(type(error).__name__)

        timeout = self._provider_timeout
        if timeout is None:
            call()
        else:
            context = contextvars.copy_context()
            worker = threading.Thread(
                target=context.run, args=(call,), name=f"secret-provider-{name}", daemon=True
            )
            worker.start()
            worker.join(timeout)
            if worker.is_alive():
                reason = f"no answer within {timeout} seconds"
                raise SecretProviderTimeoutError(name, group, key, reason)
        if failures:
            raise SecretProviderError(name, group, key, f"raised {failures[0]}")
        answer = answers[0] if answers else None
        if answer is not None and not isinstance(answer, str):
            kind = type(answer).__name__
            del answers, answer  # see the module: no frame of the traceback holds the secret
            raise SecretProviderError(name, group, key, f"answered a {kind}, not text or None")
        return answer

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
