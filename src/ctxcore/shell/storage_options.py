"""``get_additional_fsspec_call_kwargs`` under the reference's name and signature.

The reference read the upload chunk size from ``_F_P_WRITE_CHUNK_SIZE`` once, at import; this
reads it at each call (``env``, or the process environment), and the pure rule is
``ctxcore.core.storage.options``'.
"""

from __future__ import annotations

from collections.abc import Mapping

from ctxcore.core.storage import options
from ctxcore.effects.environment import process_environment

__all__ = [
    "get_additional_fsspec_call_kwargs",
]


def get_additional_fsspec_call_kwargs(
    protocol: str | tuple[str, ...],
    method_name: str,
    *,
    env: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The extra keyword arguments ctxcore passes to the fsspec method ``method_name`` (its
    ``__name__``; underscores are ignored) of a file system of ``protocol``: uploads (``put``)
    to s3 and gs go in pieces of ``_F_P_WRITE_CHUNK_SIZE`` bytes (8 MiB unless set), as
    ``{"chunksize": n}`` (to s3 also with ``max_concurrency``, as many parts at once as fit in
    32 MiB); downloads from s3 stream (``{"max_concurrency": 1}``); everything else gets
    ``{}``. A chunk size that is not a positive number is a ``ValueError`` naming the variable."""
    chunk_size = options.write_chunk_bytes(process_environment() if env is None else env)
    return options.get_additional_fsspec_call_kwargs(protocol, method_name, chunk_size)
