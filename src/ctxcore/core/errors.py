"""The error hierarchy: one base class, frozen error records that say what and where.

Errors are values: the core returns them inside ``returns.result.Failure``; the reference-named
methods at the compatible face raise them. Each subclasses the exception the reference raised
(``ValueError``, ``RuntimeError``, ...) so ported ``except`` clauses keep working.
"""

from __future__ import annotations

import attrs


@attrs.frozen(auto_exc=True, slots=False)
class CtxcoreError(Exception):
    """Base of every error ctxcore raises or returns."""

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        """A one-line, human-readable description of what went wrong and where."""
        return type(self).__name__

    def __reduce__(self) -> tuple[type[CtxcoreError], tuple[object, ...]]:
        # Frozen exceptions cannot be restored attribute by attribute; rebuild from the fields.
        return (type(self), self.args)


@attrs.frozen(auto_exc=True, slots=False)
class IdentifierError(CtxcoreError, ValueError):
    """A string that does not parse as an identifier.

    The message has the reference's ``FlyteValueException`` form:
    ``Value error!  Received: <value>. <reason>``.
    """

    value: str
    reason: str

    @property
    def message(self) -> str:
        return f"Value error!  Received: {self.value}. {self.reason}"


@attrs.frozen(auto_exc=True, slots=False)
class ContextStackError(CtxcoreError, RuntimeError):
    """The context stack was used in a way that would corrupt it."""

    reason: str

    @property
    def message(self) -> str:
        return self.reason


@attrs.frozen(auto_exc=True, slots=False)
class NodeError(CtxcoreError, ValueError, AssertionError):
    """A node was built or overridden with invalid values.

    The reference raised ``AssertionError`` for some of these checks and ``ValueError`` for
    others; this one type satisfies both ``except`` clauses.
    """

    node_id: str
    reason: str

    @property
    def message(self) -> str:
        return f"node {self.node_id!r}: {self.reason}"


@attrs.frozen(auto_exc=True, slots=False)
class DataNotFoundError(CtxcoreError, ValueError):
    """A download source that does not exist (the reference's ``FlyteDataNotFoundException``)."""

    path: str

    @property
    def message(self) -> str:
        return f"Value error!  Received: {self.path}. File not found"


@attrs.frozen(auto_exc=True, slots=False)
class DataTransferError(CtxcoreError, RuntimeError):
    """A download or upload that failed; the original error is the ``__cause__``."""

    source: str
    destination: str
    recursive: bool
    reason: str

    @property
    def direction(self) -> str:
        """``get`` or ``put``."""
        return "get"

    @property
    def message(self) -> str:
        return (
            f"Failed to {self.direction} data from {self.source} to {self.destination} "
            f"(recursive={self.recursive}).\n\nOriginal exception: {self.reason}"
        )


@attrs.frozen(auto_exc=True, slots=False)
class DownloadDataError(DataTransferError):
    """A download failed (the reference's ``FlyteDownloadDataException``)."""


@attrs.frozen(auto_exc=True, slots=False)
class UploadDataError(DataTransferError):
    """An upload failed (the reference's ``FlyteUploadDataException``)."""

    @property
    def direction(self) -> str:
        return "put"


@attrs.frozen(auto_exc=True, slots=False)
class InvalidUploadError(CtxcoreError, AssertionError, ValueError):
    """Something that cannot be uploaded: a missing file, a symlink, an unreadable stream, an
    unsupported type (the reference raised ``FlyteAssertion``, an ``AssertionError``)."""

    reason: str

    @property
    def message(self) -> str:
        return self.reason
