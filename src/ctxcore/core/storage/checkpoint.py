"""What a checkpoint save does, decided purely, and the names of what it leaves beside a local
checkpoint.

How a local save works (performed by ``ctxcore.shell.local_io.publish_tree``): the new
checkpoint is built whole in a temporary directory beside the destination, then swapped in by
one atomic step (``renameat2(RENAME_EXCHANGE)``, or one rename when there was none), and the old
one, now under the temporary name, is removed. A reader of the destination, however the writer
ends, finds the old checkpoint or the new one, never a mix; the destination holds exactly the
checkpoint's files, the layout flytekit reads and writes. Saves of one destination take turns
under a lock file beside it, which a reader shares; holding it, a save removes what a killed
save left (its temporary directories).

Names beside a checkpoint ``<parent>/<name>`` (hidden, never inside it):

- ``.ctxcore-cp-<tag>.lock``: the lock (empty; stays);
- ``.ctxcore-cp-<tag>-<random>.part``: a save's new tree, or the old one being removed.

``<tag>`` is a CRC-32 of ``<name>``: short whatever the name's length. Two names of one parent
with one tag share a lock, which only makes their saves take turns.
"""

from __future__ import annotations

import zlib

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.storage import paths
from ctxcore.core.storage.plan import REMOTE_SEP, DiskFacts, Refuse

TEMPORARY_PREFIX = ".ctxcore-"
"""How every temporary name ctxcore makes beside a destination starts (hidden on POSIX)."""

TEMPORARY_SUFFIX = ".part"
"""How every temporary name ctxcore makes ends."""

STREAM_FILE_NAME = "_dst_cp"
"""The file a reader's bytes are saved as: the reference's ``TMP_DST_PATH``."""


def _tag(name: str) -> str:
    return f"{zlib.crc32(name.encode('utf-8', 'surrogateescape')):08x}"


def lock_name(name: str) -> str:
    """The lock file beside the checkpoint ``name``."""
    return f"{TEMPORARY_PREFIX}cp-{_tag(name)}.lock"


def temporary_name(name: str, fresh: str) -> str:
    """A temporary directory beside the checkpoint ``name``, named by the random ``fresh``."""
    return f"{TEMPORARY_PREFIX}cp-{_tag(name)}-{fresh}{TEMPORARY_SUFFIX}"


def is_leftover(entry: str, name: str) -> bool:
    """Whether ``entry``, beside the checkpoint ``name``, is a save's temporary directory."""
    return entry.startswith(f"{TEMPORARY_PREFIX}cp-{_tag(name)}-") and entry.endswith(
        TEMPORARY_SUFFIX
    )


def is_temporary(entry: str) -> bool:
    """Whether ``entry`` is a name ctxcore gives a temporary file or directory (a killed
    writer's may be found: ctxcore 0.1.0 wrote a single-file checkpoint's inside it)."""
    return entry.startswith(TEMPORARY_PREFIX) and entry.endswith(TEMPORARY_SUFFIX)


@attrs.frozen
class Publish:
    """Replace the local checkpoint ``destination`` by one holding ``source``'s files: a
    directory's files below it, or the one file ``source`` (``None``: the bytes of a reader)
    named ``name``."""

    __repr__ = fields_repr

    source: str | None
    destination: str
    name: str | None = None


@attrs.frozen
class PutData:
    """Upload ``source`` to the object store at ``destination`` (a directory's files when
    ``recursive``), object by object, as the reference did."""

    __repr__ = fields_repr

    source: str
    destination: str
    recursive: bool


def plan_save(
    source: str | None, destination: str, facts: DiskFacts, sep: str
) -> Publish | PutData | Refuse:
    """How ``save`` stores ``source`` (a local file or directory; ``None``: a reader's bytes,
    staged in a local file first when ``destination`` is remote) as the checkpoint
    ``destination``.

    A local checkpoint is published whole (``Publish``); a remote one is uploaded into its
    prefix, a file as ``<destination>/<its name>``. Refused: a special file as the source or
    below it, and, locally, a source and a destination of which one holds the other (the
    published checkpoint would hold itself, or its source would be removed with the old one).
    """
    refused = _refuse(facts, sep)
    if refused is not None:
        return refused
    if paths.is_remote(destination):
        if source is None:
            raise ValueError("a reader's bytes are staged in a file before a remote save")
        if facts.source_is_directory:
            return PutData(source, destination, recursive=True)
        name = source.rsplit(sep, 1)[-1]
        return PutData(source, destination.rstrip(REMOTE_SEP) + REMOTE_SEP + name, False)
    if source is None:
        return Publish(None, destination, STREAM_FILE_NAME)
    if facts.source_is_directory:
        return Publish(source, destination)
    return Publish(source, destination, source.rsplit(sep, 1)[-1])


def _refuse(facts: DiskFacts, sep: str) -> Refuse | None:
    if facts.source_special is not None:
        return Refuse.special_file(facts.source_special)
    source, destination = facts.source_real, facts.destination_real
    if source is None or destination is None:
        return None
    if paths.is_within(destination, source, sep):
        return Refuse(f"The checkpoint {destination} is inside what it saves, {source}")
    if paths.is_within(source, destination, sep):
        return Refuse(f"{source} is inside the checkpoint {destination}, which a save replaces")
    return None
