"""Configuration errors: what was wrong, and where (environment variable, or file and line).

``ConfigError`` is a ``ValueError``; the two "not found" errors are also ``FileNotFoundError``,
which is what the reference raised for a configured client-secret file that does not exist.
Messages never contain a secret value.
"""

from __future__ import annotations

import attrs

from ctxcore.core.errors import CtxcoreError


@attrs.frozen(auto_exc=True, slots=False)
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
            parts.append(f"config file {self.file!r}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.key is not None:
            parts.append(f"key {self.key}")
        return ", ".join(parts) if parts else "configuration"

    @property
    def message(self) -> str:
        return f"{self.where}: {self.reason}"


@attrs.frozen(auto_exc=True, slots=False)
class ConfigFileNotFound(ConfigError, FileNotFoundError):
    """A configuration file that was named (argument or ``FLYTECTL_CONFIG``) does not exist."""

    path: str | None = None

    @property
    def filename(self) -> str | None:
        """The missing file, as ``FileNotFoundError.filename``."""
        return self.path


@attrs.frozen(auto_exc=True, slots=False)
class ClientSecretFileNotFound(ConfigError, FileNotFoundError):
    """``client_secret_location`` names a file that does not exist.

    ``env_var`` or ``file``/``line``/``key`` say where the location was configured; ``path`` is
    the missing file.
    """

    path: str | None = None

    @property
    def filename(self) -> str | None:
        """The missing file, as ``FileNotFoundError.filename``."""
        return self.path
