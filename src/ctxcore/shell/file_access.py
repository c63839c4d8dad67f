"""File and object-store access for a context (local sandbox and raw-output prefix)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from ctxcore.effects.entropy import Entropy, OsEntropy


class FileAccessProvider:
    """Reads and writes a context's data: a local sandbox plus a raw-output prefix.

    Construction creates nothing on disk; the sandbox directory is created when first written.
    """

    def __init__(
        self,
        local_sandbox_dir: str | os.PathLike[str],
        raw_output_prefix: str,
        *,
        entropy: Entropy | None = None,
    ) -> None:
        if not local_sandbox_dir:
            raise ValueError(
                "FileAccessProvider needs to be created with a valid local_sandbox_dir"
            )
        self._local_sandbox_dir = Path(os.path.join(local_sandbox_dir, "local_flytekit"))
        sep = "/" if "://" in raw_output_prefix else os.sep
        self._raw_output_prefix = (
            raw_output_prefix if raw_output_prefix.endswith(sep) else raw_output_prefix + sep
        )
        self._entropy = entropy or OsEntropy()

    @property
    def local_sandbox_dir(self) -> Path:
        """``<local_sandbox_dir>/local_flytekit``."""
        return self._local_sandbox_dir

    @property
    def raw_output_prefix(self) -> str:
        """The raw-output prefix, always ending in a separator."""
        return self._raw_output_prefix

    def get_random_string(self) -> str:
        """32 random lowercase hexadecimal characters."""
        return self._entropy.random_hex()

    def get_random_local_path(self, file_path_or_file_name: str | None = None) -> str:
        """``<sandbox>/<random>[/<tail>]``; nothing is created."""
        path = os.path.join(self._local_sandbox_dir, self.get_random_string())
        if file_path_or_file_name:
            tail = posixpath.split(file_path_or_file_name)[1]
            if tail:
                path = os.path.join(path, tail)
        return path
