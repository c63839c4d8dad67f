"""Checkpoints: the previous attempt's state to restore, this attempt's state to save."""

from __future__ import annotations

import io
import os
import weakref
from pathlib import Path

from ctxcore.core.errors import UploadDataError
from ctxcore.core.ports import TempDirs
from ctxcore.core.storage import checkpoint, paths, plan
from ctxcore.effects.tempdirs import SystemTempDirs
from ctxcore.shell import local_io
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.timing import timeit

__all__ = [
    "Checkpoint",
    "SyncCheckpoint",
]


class Checkpoint:
    """The checkpoint interface; ``SyncCheckpoint`` is the implementation."""

    def prev_exists(self) -> bool:
        """Whether a previous checkpoint can be restored."""
        raise NotImplementedError("Use one of the derived classes")

    def restore(self, path: str | os.PathLike[str] | None = None) -> Path | None:
        """Download the previous checkpoint into ``path``; ``None`` when there is none."""
        raise NotImplementedError("Use one of the derived classes")

    def save(self, cp: str | os.PathLike[str] | io.IOBase) -> None:
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

    Both locations are strings or ``os.PathLike`` (kept as strings). Transfers go through
    ``file_access`` (default: the current context's). The scratch
    directory is created on first use and removed when the checkpoint is garbage collected.

    A local save is all or nothing, even under ``kill -9``: the new checkpoint is built
    beside the destination and swapped in by one atomic step, so a reader (a retry, or
    flytekit, which reads the same layout) finds the previous checkpoint or the complete new
    one, never a mix, and each save replaces the whole checkpoint (see
    ``ctxcore.core.storage.checkpoint``). A remote save is uploaded object by object into the
    destination prefix, as the reference did: each object appears whole, but a save killed
    midway leaves some objects new and some old, and the files of an earlier save stay; save
    one file (``write``, or an archive) for all or nothing on an object store.
    """

    SRC_LOCAL_FOLDER = "prev_cp"
    TMP_DST_PATH = checkpoint.STREAM_FILE_NAME

    def __init__(
        self,
        checkpoint_dest: str | os.PathLike[str],
        checkpoint_src: str | os.PathLike[str] | None = None,
        *,
        file_access: FileAccessProvider | None = None,
        tempdirs: TempDirs | None = None,
    ) -> None:
        self._checkpoint_dest = os.fspath(checkpoint_dest)
        self._checkpoint_src = os.fspath(checkpoint_src) if checkpoint_src else None
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

    def restore(self, path: str | os.PathLike[str] | None = None) -> Path | None:
        """Download the previous checkpoint's directory once; later calls return the same
        path. The target must be an existing directory. A missing source raises
        ``DataNotFoundError`` and nothing is cached. A local source is read while no save
        can swap it."""
        source = self._checkpoint_src
        if source is None:
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
        if paths.is_remote(source):
            self._access().download_directory(source, str(target))
        else:
            with local_io.reading_published(paths.strip_file_header(source)):
                self._access().download_directory(source, str(target))
        self._prev_download_path = target
        return target

    def save(self, cp: str | os.PathLike[str] | io.IOBase) -> None:
        """Save a file, a directory's files or what is left of a binary reader as this
        attempt's checkpoint, replacing the previous save (locally all or nothing). Failures
        raise ``UploadDataError`` (a special file, or a source and destination of which one
        holds the other, are refused before anything is written)."""
        if isinstance(cp, (str, os.PathLike)):
            self._save(os.fspath(cp))
            return
        if not isinstance(cp, io.IOBase):  # pyright: ignore[reportUnnecessaryIsInstance] - untyped callers
            raise ValueError(
                f"Only a valid path or IOBase type (reader) should be provided, received {type(cp)}"
            )
        if not paths.is_remote(self._checkpoint_dest):
            self._save(cp)
            return
        staged = Path(self._scratch_dir(), self.TMP_DST_PATH)
        local_io.copy_stream(cp, str(staged))
        self._save(str(staged))

    def read(self) -> bytes | None:
        """The bytes of the previous checkpoint's one file (temporaries a killed writer left
        in it are not counted), ``None`` when there is no previous checkpoint or it is
        empty."""
        restored = self.restore()
        if restored is None:
            return None
        entries = [
            entry
            for entry in local_io.list_directory(str(restored))
            if not checkpoint.is_temporary(entry)
        ]
        if not entries:
            return None
        if len(entries) > 1:
            raise ValueError(f"Expected exactly one checkpoint - found {len(entries)}")
        return local_io.read_file(str(restored / entries[0]))

    def write(self, b: bytes) -> None:
        self.save(io.BytesIO(b))

    def _save(self, cp: str | io.IOBase) -> None:
        """Save the local path ``cp`` (or, to a local checkpoint, the reader ``cp``) as
        planned."""
        fa, destination = self._access(), self._checkpoint_dest
        source = cp if isinstance(cp, str) else None
        facts = (
            plan.DiskFacts() if source is None else local_io.checkpoint_facts(source, destination)
        )
        planned = checkpoint.plan_save(source, destination, facts, os.sep)
        if isinstance(planned, checkpoint.PutData):
            fa.put_data(planned.source, planned.destination, is_multipart=planned.recursive)
            return
        described = source if source is not None else f"<{type(cp).__name__}>"
        if isinstance(planned, plan.Refuse):
            error = planned.error()
            raise UploadDataError(
                described, destination, facts.source_is_directory, str(error)
            ) from error
        if not isinstance(cp, str):
            fill = local_io.fill_with_stream(cp, checkpoint.STREAM_FILE_NAME)
        elif planned.name is None:
            fill = local_io.fill_with_tree(cp)
        else:
            fill = local_io.fill_with_file(cp, planned.name)
        try:
            with timeit(f"Upload data to {destination}"):
                local_io.publish_tree(paths.strip_file_header(destination), fill)
        except Exception as error:
            raise UploadDataError(
                described, destination, facts.source_is_directory, str(error)
            ) from error

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
