"""Checkpoints: the previous attempt's state to restore, this attempt's state to save."""

from __future__ import annotations

import io
import os
import weakref
from pathlib import Path

from ctxcore.core.ports import TempDirs
from ctxcore.effects.tempdirs import SystemTempDirs
from ctxcore.shell import local_io
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.file_access import FileAccessProvider

__all__ = [
    "Checkpoint",
    "SyncCheckpoint",
]


class Checkpoint:
    """The checkpoint interface; ``SyncCheckpoint`` is the implementation."""

    def prev_exists(self) -> bool:
        """Whether a previous checkpoint can be restored."""
        raise NotImplementedError("Use one of the derived classes")

    def restore(self, path: str | Path | None = None) -> Path | None:
        """Download the previous checkpoint into ``path``; ``None`` when there is none."""
        raise NotImplementedError("Use one of the derived classes")

    def save(self, cp: str | Path | io.IOBase) -> None:
        """Upload a file, a directory's contents or a reader's bytes as this checkpoint."""
        raise NotImplementedError("Use one of the derived classes")

    def read(self) -> bytes | None:
        """The bytes of the single file of the previous checkpoint, or ``None``."""
        raise NotImplementedError("Use one of the derived classes")

    def write(self, b: bytes) -> None:
        """Save ``b`` as this checkpoint."""
        raise NotImplementedError("Use one of the derived classes")


class SyncCheckpoint(Checkpoint):
    """Saves to ``checkpoint_dest`` and restores from ``checkpoint_src``, synchronously.

    Transfers go through ``file_access`` (default: the current context's). The scratch
    directory is created on first use and removed when the checkpoint is garbage collected.
    Local destinations are written atomically, so a reader sees the previous checkpoint or
    the complete new one; a remote file (``write``) is one object and appears whole, while a
    remote directory appears object by object.
    """

    SRC_LOCAL_FOLDER = "prev_cp"
    TMP_DST_PATH = "_dst_cp"

    def __init__(
        self,
        checkpoint_dest: str,
        checkpoint_src: str | None = None,
        *,
        file_access: FileAccessProvider | None = None,
        tempdirs: TempDirs | None = None,
    ) -> None:
        self._checkpoint_dest = checkpoint_dest
        self._checkpoint_src = checkpoint_src or None
        self._file_access = file_access
        self._tempdirs = tempdirs or SystemTempDirs()
        self._scratch: str | None = None
        self._prev_download_path: Path | None = None

    def __repr__(self) -> str:
        return (
            f"SyncCheckpoint(checkpoint_dest={self._checkpoint_dest!r}, "
            f"checkpoint_src={self._checkpoint_src!r})"
        )

    @property
    def checkpoint_dest(self) -> str:
        """Where this attempt's checkpoint goes."""
        return self._checkpoint_dest

    @property
    def checkpoint_src(self) -> str | None:
        """Where the previous attempt's checkpoint is, if any."""
        return self._checkpoint_src

    def prev_exists(self) -> bool:
        return self._checkpoint_src is not None

    def restore(self, path: str | Path | None = None) -> Path | None:
        """Download the previous checkpoint's directory once; later calls return the same
        path. The target must be an existing directory. A missing source raises
        ``DataNotFoundError`` and nothing is cached."""
        if self._checkpoint_src is None:
            return None
        if self._prev_download_path is not None:
            return self._prev_download_path
        if path is None:
            target = Path(self._scratch_dir(), self.SRC_LOCAL_FOLDER)
            local_io.make_directories(str(target))
        else:
            target = Path(path)
        if not local_io.is_directory(str(target)):
            raise ValueError("Checkpoints can be restored to a directory only.")
        self._access().download_directory(self._checkpoint_src, str(target))
        self._prev_download_path = target
        return target

    def save(self, cp: str | Path | io.IOBase) -> None:
        fa = self._access()
        if isinstance(cp, (str, Path)):
            local = Path(cp)
            if local_io.is_directory(str(local)):
                fa.upload_directory(str(local), self._checkpoint_dest)
            else:
                sep = fa.sep(fa.raw_output_fs) if fa.is_remote(self._checkpoint_dest) else os.sep
                fa.upload(str(local), self._checkpoint_dest.rstrip(sep) + sep + local.name)
            return
        if not isinstance(cp, io.IOBase):  # pyright: ignore[reportUnnecessaryIsInstance] - untyped callers
            raise ValueError(
                f"Only a valid path or IOBase type (reader) should be provided, received {type(cp)}"
            )
        staged = Path(self._scratch_dir(), self.TMP_DST_PATH)
        local_io.copy_stream(cp, str(staged))
        self.save(staged)

    def read(self) -> bytes | None:
        restored = self.restore()
        if restored is None:
            return None
        entries = local_io.list_directory(str(restored))
        if not entries:
            return None
        if len(entries) > 1:
            raise ValueError(f"Expected exactly one checkpoint - found {len(entries)}")
        return local_io.read_file(str(restored / entries[0]))

    def write(self, b: bytes) -> None:
        self.save(io.BytesIO(b))

    def _access(self) -> FileAccessProvider:
        if self._file_access is not None:
            return self._file_access
        current = FlyteContextManager.current_context().file_access
        if not isinstance(current, FileAccessProvider):
            raise TypeError(
                "SyncCheckpoint needs a FileAccessProvider: the current context's file access "
                f"is a {type(current).__name__}; pass file_access= explicitly"
            )
        return current

    def _scratch_dir(self) -> str:
        if self._scratch is None:
            self._scratch = self._tempdirs.make("ctxcore-checkpoint-")
            weakref.finalize(self, local_io.remove_tree, self._scratch)
        return self._scratch
