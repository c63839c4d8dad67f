"""What a transfer will do, decided purely: every decision of ``get``, ``put`` and
``put_raw_data``, as functions from the call and a few facts to a small plan.

Why: the decisions (where a file lands when its destination is a directory, which end of a
directory transfer gets a trailing separator, what an object store's ``put`` is given, which
objects get their metadata afterwards, where a value is staged, what is refused) are the part
of file access worth testing on their own, and they need no disk. ``ctxcore.shell.file_access``
gathers the facts (a stat each, or an object store's answer), calls a planner, and performs the
plan it gets back with ``ctxcore.shell.local_io`` and the object store.

The planners take the separators as arguments: the local one is ``os.sep``, which the core may
not ask for. Random names are effects too: a planner that needs some says how many
(``RawData.fresh_names``, ``StageValue``), and the shell draws them and hands them in.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import TypeAlias, cast

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.errors import InvalidUploadError, SpecialFileError
from ctxcore.core.storage import paths
from ctxcore.core.storage.kinds import Special
from ctxcore.core.storage.options import (
    get_additional_fsspec_call_kwargs,
    upload_metadata_kwargs,
    upload_part_bytes,
    uploads_metadata_after_put,
)

STAGED_FILE_NAME = "staged"
"""The name of a staged value's file: fixed, since it is alone in a fresh directory."""

REMOTE_SEP = "/"
"""The separator of object names: what a local tree's relative paths become in a store."""

# -- facts the shell gathers -----------------------------------------------------------------


@attrs.frozen
class DiskFacts:
    """What the local disk says about a transfer's two ends (``file://`` removed), a stat
    each, and a walk of a source directory. The planners ask nothing about a remote end: it is
    never a local directory, and never special."""

    __repr__ = fields_repr

    source_is_directory: bool = False
    destination_is_directory: bool = False
    source_special: Special | None = None
    """The source, or the first file below a source directory, when it is neither a regular
    file nor a directory (a device, a FIFO, a socket...)."""
    destination_special: Special | None = None
    """The destination, when it is there and neither a regular file nor a directory."""
    source_real: str | None = None
    destination_real: str | None = None
    """Both ends with every link and ``..`` resolved, when the source is a local directory and
    the destination local (a tree copied into itself is refused); ``None`` otherwise."""


# -- steps: what the shell performs ----------------------------------------------------------


@attrs.frozen
class Copy:
    """Copy the local file ``source`` to the local file ``destination``; with ``recursive``,
    the files below the directory ``source`` into the directory ``destination`` (created, or
    merged into). Each file appears whole or not at all."""

    __repr__ = fields_repr

    source: str
    destination: str
    recursive: bool


@attrs.frozen
class Download:
    """Download the object ``source`` to the local file ``destination``; with ``recursive``,
    the objects below the store's directory ``source`` into the directory ``destination``.
    Each file appears whole or not at all."""

    __repr__ = fields_repr

    source: str
    destination: str
    recursive: bool

    @property
    def probe(self) -> str:
        """The name to ask the store about the source (does it exist, is it a directory):
        stores do not answer for a name with a trailing separator."""
        return self.source.rstrip(REMOTE_SEP)


@attrs.frozen
class Upload:
    """Put the local ``source`` (a directory's files when ``recursive``) to an object store;
    ``plan_remote_put`` says how, once the store's protocol is known."""

    __repr__ = fields_repr

    source: str
    destination: str
    recursive: bool


@attrs.frozen
class Refuse:
    """Refuse the transfer: it cannot be done, and nothing was touched. ``special`` is the
    special file that it would have read or replaced, if that is why."""

    __repr__ = fields_repr

    reason: str
    special: Special | None = None

    @classmethod
    def special_file(cls, special: Special) -> Refuse:
        """Refuse to read or replace ``special``."""
        return cls(special.error().message, special)

    def error(self) -> InvalidUploadError | SpecialFileError:
        """The error to raise."""
        return InvalidUploadError(self.reason) if self.special is None else self.special.error()


@attrs.frozen
class Get:
    """A download: its step, and the ends as the caller named them after the directory rule
    (``source`` for errors, ``destination`` to return)."""

    __repr__ = fields_repr

    step: Copy | Download
    source: str
    destination: str


@attrs.frozen
class Put:
    """An upload: its step, and the destination to return."""

    __repr__ = fields_repr

    step: Copy | Upload
    destination: str


# -- get and put -----------------------------------------------------------------------------


def recursive_paths(
    source: str, destination: str, *, source_is_directory: bool, sep: str
) -> tuple[str, str]:
    """The ends of a directory transfer: the source ends in ``sep`` when it is remote or a
    local directory (so that its contents move, not itself); the destination always does."""
    if paths.is_remote(source) or source_is_directory:
        source = paths.with_trailing_sep(source, sep)
    return source, paths.with_trailing_sep(destination, sep)


def _landing(destination: str, name: str, recursive: bool, facts: DiskFacts, sep: str) -> str:
    """Where a single file lands: in the directory ``destination``, as ``name``, when it is an
    existing directory or ends in ``sep``; else at ``destination`` itself (as a tree does)."""
    if not recursive and (facts.destination_is_directory or destination.endswith(sep)):
        return paths.join(destination, name, sep=sep)
    return destination


def plan_get(
    source: str, destination: str, recursive: bool, facts: DiskFacts, sep: str
) -> Get | Refuse:
    """How ``get`` brings ``source`` (local or remote) to the local ``destination``.

    A file that lands in a directory is named as the last ``/``-part of its source. A special
    file as the source, below it or as the destination is refused, as is a local directory
    copied to itself or below itself.
    """
    refused = _refuse_special(facts) or _refuse_into_itself(source, destination, facts, sep)
    if refused is not None:
        return refused
    if recursive:
        source, destination = recursive_paths(
            source, destination, source_is_directory=facts.source_is_directory, sep=sep
        )
    name = paths.get_file_tail(source)
    local = _landing(paths.strip_file_header(destination), name, recursive, facts, sep)
    if paths.is_remote(source):
        return Get(Download(source, local, recursive), source, destination)
    return Get(Copy(paths.strip_file_header(source), local, recursive), source, destination)


def plan_put(
    source: str, destination: str, recursive: bool, facts: DiskFacts, sep: str
) -> Put | Refuse:
    """How ``put`` sends the local ``source`` to ``destination`` (local or remote).

    A directory transfer of anything but a directory is refused, as is a special file as the
    source, below it or as the destination, and a directory copied to itself or below itself.
    A file that lands in a local directory is named as the last ``sep``-part of its source.
    """
    refused = _refuse_special(facts) or _refuse_into_itself(source, destination, facts, sep)
    if refused is not None:
        return refused
    source = paths.strip_file_header(source)
    if recursive:
        if not facts.source_is_directory:
            return Refuse(f"Source path {source} is not a directory")
        source, destination = recursive_paths(
            source, destination, source_is_directory=True, sep=sep
        )
    if paths.is_remote(destination):
        return Put(Upload(source, destination, recursive), destination)
    name = source.rsplit(sep, 1)[-1]
    local = _landing(paths.strip_file_header(destination), name, recursive, facts, sep)
    return Put(Copy(source, local, recursive), destination)


def _refuse_special(facts: DiskFacts) -> Refuse | None:
    """Only regular files and directories are transferred: a device would be read until the
    disk is full, a FIFO until a writer closes it."""
    special = facts.source_special or facts.destination_special
    return None if special is None else Refuse.special_file(special)


def _refuse_into_itself(source: str, destination: str, facts: DiskFacts, sep: str) -> Refuse | None:
    """A directory copied to itself or below itself is refused: the copy would hold the copy
    (and the temporary directory it is written in, which is made beside its destination)."""
    inside = (
        facts.source_is_directory
        and facts.source_real is not None
        and facts.destination_real is not None
        and paths.is_within(facts.destination_real, facts.source_real, sep)
    )
    if not inside:
        return None
    return Refuse(
        f"Destination {destination} is inside the source directory {source}: a copy there "
        "would contain itself"
    )


# -- uploads to an object store --------------------------------------------------------------


class ObjectNaming(enum.Enum):
    """How the objects that an upload wrote are named, to set their metadata afterwards (as
    fsspec's ``put`` names them)."""

    TREE = "tree"
    """One object per file below the source: the destination followed by its relative path."""
    INTO_DIRECTORY = "into-directory"
    """The destination is a directory: one object, named as the source, in it."""
    ASK_STORE = "ask-store"
    """``INTO_DIRECTORY`` when the store says the destination is a directory, else the
    destination itself."""


@attrs.frozen
class RemotePut:
    """One ``put`` call to an object store, and the metadata to set afterwards (``None``: the
    store took it with ``put``, or there is none)."""

    __repr__ = fields_repr

    source: str
    destination: str
    recursive: bool
    kwargs: Mapping[str, object]
    metadata_after: Mapping[str, str] | None
    naming: ObjectNaming


def plan_remote_put(
    upload: Upload,
    protocol: str | tuple[str, ...],
    kwargs: Mapping[str, object],
    execution_metadata: Mapping[str, str] | None,
    chunk_size: int,
    largest_file_bytes: int = 0,
) -> RemotePut:
    """The arguments of ``put`` to a store of ``protocol``.

    Execution metadata (merged over the caller's ``metadata``/``Metadata``) goes under the
    name the store takes (see ``upload_metadata_kwargs``); stores that take none with ``put``
    (adlfs) get it set on each object afterwards, the caller's own ``metadata`` included.
    Uploads to s3/gs go in ``chunk_size`` pieces, larger ones when the largest file would need
    too many (``upload_part_bytes``).
    """
    call = dict(kwargs)
    after_put = uploads_metadata_after_put(protocol)
    if execution_metadata or (after_put and "metadata" in call):
        given = call.pop("metadata", None) or call.pop("Metadata", None)
        call.update(upload_metadata_kwargs(protocol, execution_metadata or {}, given))
    later = call.pop("metadata", None) if after_put else None
    part = upload_part_bytes(chunk_size, largest_file_bytes)
    call.update(get_additional_fsspec_call_kwargs(protocol, "put", part))
    if upload.recursive:
        naming = ObjectNaming.TREE
    elif upload.destination.endswith(REMOTE_SEP):
        naming = ObjectNaming.INTO_DIRECTORY
    else:
        naming = ObjectNaming.ASK_STORE
    # ``later`` is None or the mapping upload_metadata_kwargs made: no other value reaches it.
    after = cast("Mapping[str, str] | None", later)
    return RemotePut(upload.source, upload.destination, upload.recursive, call, after, naming)


def written_objects(
    put: RemotePut, *, files: Sequence[str], store_says_directory: bool, sep: str
) -> tuple[str, ...]:
    """The objects that ``put`` writes, as fsspec's ``put`` names them: where a single file is
    put, and which objects get metadata afterwards.

    ``files`` are the paths below the source, relative to it and ``sep``-separated (the facts
    of a ``TREE``); ``store_says_directory`` is the store's answer for ``ASK_STORE``.
    """
    if put.naming is ObjectNaming.TREE:
        return tuple(put.destination + name.replace(sep, REMOTE_SEP) for name in files)
    if put.naming is ObjectNaming.INTO_DIRECTORY or store_says_directory:
        name = put.source.rsplit(sep, 1)[-1]
        return (put.destination.rstrip(REMOTE_SEP) + REMOTE_SEP + name,)
    return (put.destination,)


# -- put_raw_data ----------------------------------------------------------------------------


@attrs.frozen
class LocalPath:
    """A local path given to ``put_raw_data``, and what the disk says about it."""

    __repr__ = fields_repr

    path: str
    exists: bool
    """Whether anything is there (a dangling symbolic link is)."""
    is_link: bool = False
    is_directory: bool = False
    special: Special | None = None
    """The path itself, when it is neither a regular file nor a directory (what is below a
    directory is ``put``'s to check)."""


@attrs.frozen
class InMemory:
    """A value held by the process: bytes, or a stream (``BytesIO``, ...) read whole."""

    __repr__ = fields_repr

    type_name: str
    readable: bool = True


@attrs.frozen
class Unsupported:
    """Anything else."""

    __repr__ = fields_repr

    type_repr: str


RawValue: TypeAlias = "LocalPath | InMemory | Unsupported"
"""What ``put_raw_data`` was given, as far as the planner needs to know it."""


@attrs.frozen
class RawData:
    """A ``put_raw_data`` call, as far as it decides where the value goes."""

    __repr__ = fields_repr

    value: RawValue
    upload_prefix: str | None = None
    file_name: str | None = None
    skip_raw_data_prefix: bool = False

    @property
    def fresh_names(self) -> int:
        """How many random names the destination takes, in this order: the prefix when none
        is given, then the file's name when neither ``file_name`` nor a path gives one."""
        return int(self.upload_prefix is None) + int(
            not self.file_name and not isinstance(self.value, LocalPath)
        )


@attrs.frozen
class PutPath:
    """Upload the local path ``source`` with ``put`` (its files when ``recursive``)."""

    __repr__ = fields_repr

    source: str
    recursive: bool


@attrs.frozen
class WriteValue:
    """Write the value straight to the local file ``path``, atomically."""

    __repr__ = fields_repr

    path: str
    described: str


@attrs.frozen
class StageValue:
    """Write the value into a fresh directory of the sandbox, upload that file, then remove
    the directory: a failing source uploads nothing, and every retry sends the whole value."""

    __repr__ = fields_repr

    described: str
    sandbox: str
    sep: str

    def staging_directory(self, fresh: str) -> str:
        """The fresh directory, named by the random name ``fresh``."""
        return paths.join(self.sandbox, fresh, sep=self.sep)

    def staged_file(self, fresh: str) -> str:
        """The file the value is written to."""
        return paths.join(self.staging_directory(fresh), STAGED_FILE_NAME, sep=self.sep)


@attrs.frozen
class RawDataPlan:
    """Where ``put_raw_data`` puts its value, and how."""

    __repr__ = fields_repr

    destination: str
    step: PutPath | WriteValue | StageValue | Refuse


def plan_raw_data(
    call: RawData,
    fresh: Sequence[str],
    *,
    raw_output_prefix: str,
    raw_output_sep: str,
    sandbox: str,
    local_sep: str,
) -> RawDataPlan:
    """Name the destination and decide the step of ``put_raw_data``.

    The destination is ``<raw output prefix><prefix>/<name>`` (``<prefix>/<name>`` with
    ``skip_raw_data_prefix``), joined with the raw output's separator; the prefix is
    ``upload_prefix`` or a random name, the name ``file_name``, the path's last part or a
    random name. ``fresh`` holds the ``call.fresh_names`` random names. A missing path, a
    symbolic link or a special file is refused, as are unreadable streams and other types, and
    a ``file_name`` or ``upload_prefix`` with a ``..`` part (it would leave the prefix it is
    joined to). A value bound for a remote destination is staged in the sandbox first.
    """
    if len(fresh) != call.fresh_names:
        raise ValueError(f"the call takes {call.fresh_names} random names, not {len(fresh)}")
    names, sep = iter(fresh), raw_output_sep
    prefix = next(names) if call.upload_prefix is None else call.upload_prefix
    base = prefix if call.skip_raw_data_prefix else paths.join(raw_output_prefix, prefix, sep=sep)
    value = call.value
    if call.file_name:
        name = call.file_name
    elif isinstance(value, LocalPath):
        name = paths.get_file_tail(value.path)
    else:
        name = next(names)
    destination = paths.join(base, name, sep=sep)
    escape = _escape(call, raw_output_prefix, {REMOTE_SEP, raw_output_sep, local_sep})
    return RawDataPlan(destination, escape or _raw_step(value, destination, sandbox, local_sep))


def _escape(call: RawData, raw_output_prefix: str, separators: set[str]) -> Refuse | None:
    """A ``file_name`` or ``upload_prefix`` that would climb out of what it is joined to is
    refused: any ``..`` part, between any of the ``separators`` (``/``, the raw output's and
    the local one: Windows reads both). ``upload_prefix`` is joined to the raw-output prefix,
    unless ``skip_raw_data_prefix`` makes it the prefix itself."""
    if call.file_name and _climbs(call.file_name, separators):
        return Refuse(
            f"file_name {call.file_name!r} leaves the prefix it is put under: "
            "a name may not hold '..'"
        )
    prefix = call.upload_prefix
    if not call.skip_raw_data_prefix and prefix and _climbs(prefix, separators):
        return Refuse(
            f"upload_prefix {prefix!r} leaves the raw-output prefix {raw_output_prefix}: "
            "a name may not hold '..'"
        )
    return None


def _climbs(name: str, separators: set[str]) -> bool:
    parts = [name]
    for sep in separators:
        parts = [piece for part in parts for piece in part.split(sep)]
    return ".." in parts


def _raw_step(
    value: RawValue, destination: str, sandbox: str, sep: str
) -> PutPath | WriteValue | StageValue | Refuse:
    if isinstance(value, LocalPath):
        if not value.exists:
            return Refuse(f"File {value.path} does not exist")
        if value.is_link:
            return Refuse(f"File {value.path} is a symlink, can't upload")
        if value.special is not None:
            return Refuse.special_file(value.special)
        return PutPath(value.path, value.is_directory)
    if isinstance(value, Unsupported):
        return Refuse(f"Unsupported lpath type {value.type_repr}")
    if not value.readable:
        return Refuse("Buffered reader must be readable")
    described = f"<{value.type_name}>"
    if paths.is_remote(destination):
        return StageValue(described, sandbox, sep)
    return WriteValue(paths.strip_file_header(destination), described)
