"""Path rules of file access, as pure functions of strings (the reference's conventions)."""

from __future__ import annotations

import re

_PROTOCOL = re.compile(r"(::|://)")
FILE_HEADER = "file://"


def get_protocol(path: str) -> str:
    """The protocol of ``path`` (``s3://b/k`` -> ``s3``), ``file`` when it has none.

    The same answer as ``fsspec.utils.get_protocol``, without importing fsspec.
    """
    parts = _PROTOCOL.split(path, maxsplit=1)
    return parts[0] if len(parts) > 1 else "file"


def is_remote(path: str) -> bool:
    """Whether ``path`` is outside the local file system (``s3://``, ``gs://``, ``http://`` ...)."""
    return get_protocol(path) != "file"


def is_local_protocol(protocol: str | tuple[str, ...]) -> bool:
    """Whether a file system of ``protocol`` (fsspec gives some a tuple of names) is the local
    one."""
    return "file" in protocol if isinstance(protocol, tuple) else protocol in ("file", "local")


def strip_file_header(path: str) -> str:
    """``path`` without a leading ``file://`` (only the first occurrence, only at the start)."""
    return path[len(FILE_HEADER) :] if path.startswith(FILE_HEADER) else path


def get_file_tail(path: str) -> str:
    """The part after the last ``/`` (``/a/b/`` -> ``""``)."""
    return path.rsplit("/", 1)[-1]


def join(*args: str, sep: str = "/") -> str:
    """Join with ``sep`` after removing exactly one trailing separator from the first part.

    No other normalisation, as in the reference: ``join("s3://b//", "a") == "s3://b//a"``.
    """
    if not args:
        raise ValueError("Must provide at least one argument")
    base, *rest = args
    if base.endswith(sep):
        base = base[: -len(sep)]
    return sep.join([base, *rest])


def with_trailing_sep(path: str, sep: str) -> str:
    """``path`` ending in exactly one more ``sep`` unless it already ends in one."""
    return path if path.endswith(sep) else path + sep


def generate_new_custom_path(
    raw_output_prefix: str, sep: str, stem: str, alt: str | None = None
) -> str:
    """``raw_output_prefix`` with its bucket (element 2 of ``scheme://bucket/...``) replaced by
    ``alt`` when given, and ``stem`` appended.

    A local prefix has no bucket: ``alt`` there is an error (the reference replaced a directory).
    """
    parts = raw_output_prefix.split(sep)[:-1]
    if alt is not None:
        if not is_remote(raw_output_prefix) or len(parts) < 3:
            raise ValueError(
                f"alt={alt!r} replaces the bucket of a remote prefix;"
                f" {raw_output_prefix!r} has none"
            )
        parts[2] = alt
    parts.append(stem)
    return sep.join(parts)


def is_within(path: str, directory: str, sep: str) -> bool:
    """Whether ``path`` is ``directory`` or below it, both absolute and normalised (no ``..``,
    no links: ``os.path.realpath``'s answers), as strings: ``/a/bc`` is not within ``/a/b``."""
    return path == directory or path.startswith(directory.rstrip(sep) + sep)
