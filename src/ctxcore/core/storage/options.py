"""fsspec storage options from a ``DataConfig``: what each object store is opened with, and the
extra arguments of its calls.

``s3_setup_args``, ``azure_setup_args`` and ``get_fsspec_storage_options`` are public under the
reference's names and signatures (``flytekit.core.data_persistence``'s). The public
``get_additional_fsspec_call_kwargs`` is the shell's (``ctxcore.shell.storage_options``): it
reads the chunk size from the environment, as the reference did, and asks the one here.

Memory: s3fs reads each part of an upload whole, and aiohttp copies it again into its request,
so an upload holds two copies of every part in flight, and a file smaller than two parts is sent
in one request (four parts' worth). Parts are therefore small (``DEFAULT_WRITE_CHUNK_BYTES``),
as many go at once as ``UPLOAD_MEMORY_BYTES`` allows, and downloads stream one range at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from ctxcore.core.config.records import AzureBlobStorageConfig, DataConfig, S3Config

__all__ = [
    "azure_setup_args",
    "get_fsspec_storage_options",
    "s3_setup_args",
]

DEFAULT_WRITE_CHUNK_BYTES = 8 * 2**20
"""Part size of uploads to s3/gs (``_F_P_WRITE_CHUNK_SIZE`` overrides it): 8 MiB, boto3's own
default, so that no upload holds more than ``UPLOAD_MEMORY_BYTES`` (the reference's 25 MiB let an
object just under 50 MiB take 100 MiB)."""

UPLOAD_MEMORY_BYTES = 32 * 2**20
"""What the parts in flight of one file's upload may take in memory (two copies of each): half of
the 64 MiB that a 1 GiB transfer may grow a process by (benchmark W13), the rest left for the
interpreter and the client's buffers. It sets how many parts go at once."""

MAX_UPLOAD_PARTS = 10_000
"""S3's limit on the parts of one multipart upload: a larger file gets larger parts."""

CHUNK_SIZE_ENV_VAR = "_F_P_WRITE_CHUNK_SIZE"
"""The environment variable that sets the chunk size of uploads, in bytes (the reference's)."""


def write_chunk_bytes(env: Mapping[str, str]) -> int:
    """The chunk size of uploads: ``_F_P_WRITE_CHUNK_SIZE`` when set (a positive number, or a
    ``ValueError`` that names it), else ``DEFAULT_WRITE_CHUNK_BYTES``."""
    raw = env.get(CHUNK_SIZE_ENV_VAR)
    if raw is None:
        return DEFAULT_WRITE_CHUNK_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{CHUNK_SIZE_ENV_VAR}={raw!r} is not a positive number of bytes")
    return value


def upload_part_bytes(configured: int, largest_file_bytes: int) -> int:
    """The part size of an upload whose largest file has ``largest_file_bytes``: the
    configured one, or larger when the file would need more than ``MAX_UPLOAD_PARTS`` parts."""
    return max(configured, -(-largest_file_bytes // MAX_UPLOAD_PARTS))


def upload_concurrency(part_bytes: int) -> int:
    """How many parts of ``part_bytes`` an upload sends at once: as many as keep two copies of
    each within ``UPLOAD_MEMORY_BYTES``, and at least one."""
    return max(1, UPLOAD_MEMORY_BYTES // (2 * max(part_bytes, 1)))


def s3_setup_args(s3_cfg: S3Config, anonymous: bool = False) -> dict[str, object]:
    """Options for s3fs: credentials and endpoint when set, the addressing style as given
    (the reference turned every style into ``virtual``), ``anon`` when anonymous."""
    args: dict[str, object] = {"cache_regions": True}
    if s3_cfg.access_key_id:
        args["key"] = s3_cfg.access_key_id
    if s3_cfg.secret_access_key:
        args["secret"] = s3_cfg.secret_access_key
    if s3_cfg.endpoint is not None:
        args["client_kwargs"] = {"endpoint_url": s3_cfg.endpoint}
    if s3_cfg.adressing_style:
        args["config_kwargs"] = {"s3": {"addressing_style": s3_cfg.adressing_style}}
    if anonymous:
        args["anon"] = True
    return args


def azure_setup_args(
    azure_cfg: AzureBlobStorageConfig, anonymous: bool = False
) -> dict[str, object]:
    """Options for adlfs: each credential only when set, and ``anon``."""
    args: dict[str, object] = {
        name: value
        for name, value in (
            ("account_name", azure_cfg.account_name),
            ("account_key", azure_cfg.account_key),
            ("client_id", azure_cfg.client_id),
            ("client_secret", azure_cfg.client_secret),
            ("tenant_id", azure_cfg.tenant_id),
        )
        if value
    }
    args["anon"] = anonymous
    return args


def get_fsspec_storage_options(
    protocol: str,
    data_config: DataConfig | None = None,
    anonymous: bool = False,
    **kwargs: object,
) -> dict[str, object]:
    """The storage options of ``protocol``; caller ``kwargs`` override configured values.

    Without ``data_config``, ``DataConfig.auto()`` (the environment and the config file, through
    the installed ambient), as in the reference. Unlike the reference, a protocol it has no
    settings for gets ``kwargs`` back (the reference returned ``{}`` and so dropped them), and
    ``local``, ``s3a`` and ``gcs`` are the same as ``file``, ``s3`` and ``gs``.
    """
    if data_config is None:
        data_config = DataConfig.auto()
    if protocol in ("file", "local"):
        return {"auto_mkdir": True, **kwargs}
    if protocol in ("s3", "s3a"):
        return {**s3_setup_args(data_config.s3, anonymous), **kwargs}
    if protocol in ("gs", "gcs"):
        return {**kwargs, "token": "anon"} if anonymous else dict(kwargs)
    if protocol in ("abfs", "abfss"):
        return {**azure_setup_args(data_config.azure, anonymous), **kwargs}
    return dict(kwargs)


def _first(protocol: str | tuple[str, ...]) -> str:
    """A file system's main protocol name (fsspec gives some a tuple of names)."""
    return protocol[0] if isinstance(protocol, tuple) else protocol


def get_additional_fsspec_call_kwargs(
    protocol: str | tuple[str, ...],
    method_name: str,
    chunk_size: int = DEFAULT_WRITE_CHUNK_BYTES,
) -> dict[str, object]:
    """Extra arguments of an fsspec call: uploads to s3/gs go in ``chunk_size`` pieces, to s3
    as many at once as ``upload_concurrency`` says; downloads from s3 stream one request at a
    time (s3fs fetches an object larger than 50 MiB in 50 MiB ranges, ten at once, each read
    whole into memory).

    The public ``ctxcore.get_additional_fsspec_call_kwargs`` takes the reference's arguments and
    the chunk size from ``_F_P_WRITE_CHUNK_SIZE``."""
    first = _first(protocol)
    method = method_name.replace("_", "")
    s3 = first in ("s3", "s3a")
    if method == "put" and (s3 or first in ("gs", "gcs")):
        call: dict[str, object] = {"chunksize": chunk_size}
        if s3:
            call["max_concurrency"] = upload_concurrency(chunk_size)
        return call
    if method in ("get", "getfile") and s3:
        return {"max_concurrency": 1}
    return {}


SHORTEST_ATTEMPT_SECONDS = 0.001
"""The least time an attempt is given: fsspec takes a ``timeout`` of 0 for none at all."""


def attempt_kwargs(async_impl: bool, seconds: float) -> dict[str, object]:
    """The arguments that end one attempt of a call on an fsspec file system after ``seconds``
    (the time left before the retry deadline): fsspec's ``timeout``, which its blocking calls
    of async file systems (s3fs, gcsfs, adlfs) take and end with a ``TimeoutError``; nothing for
    others. Without it nothing ends an upload to a store that stops answering: aiohttp starts
    its read timeout only once a body is sent, and botocore first waits for S3's leave to send
    it (``Expect: 100-continue``)."""
    if not async_impl:
        return {}
    return {"timeout": max(seconds, SHORTEST_ATTEMPT_SECONDS)}


def transfer_options(protocol: str, options: Mapping[str, object]) -> dict[str, object]:
    """``options`` for a file system whose every call ctxcore retries itself: the store
    client's own retries are off (botocore's, for s3), so that the policy's count, its waits,
    the store's ``Retry-After`` and the deadline are the only ones. A caller's own botocore
    ``retries`` stays."""
    if protocol not in ("s3", "s3a"):
        return dict(options)
    given = options.get("config_kwargs")
    config = dict(cast("Mapping[str, object]", given)) if isinstance(given, Mapping) else {}
    config.setdefault("retries", {"total_max_attempts": 1})
    return {**options, "config_kwargs": config}


def upload_metadata_kwargs(
    protocol: str | tuple[str, ...], metadata: Mapping[str, str], given: object = None
) -> dict[str, object]:
    """The keyword that attaches ``metadata`` (merged over ``given``) to an upload.

    s3fs takes it as ``Metadata`` (botocore's name) and silently drops ``metadata``, the name
    the reference passed, so its execution metadata never reached S3; gcsfs takes
    ``metadata``; adlfs takes none with ``put`` (see ``uploads_metadata_after_put``), and
    metadata set afterwards replaces the ``is_directory`` marker it wrote, so it is kept.
    """
    first = _first(protocol)
    name = "Metadata" if first in ("s3", "s3a") else "metadata"
    merged = dict(cast("Mapping[str, object]", given)) if isinstance(given, Mapping) else {}
    if uploads_metadata_after_put(protocol):
        merged = {"is_directory": "false", **merged}
    return {name: {**merged, **metadata}}


def uploads_metadata_after_put(protocol: str | tuple[str, ...]) -> bool:
    """Whether metadata must be set on each object after ``put`` (``setxattrs``): adlfs's
    ``put`` passes a ``metadata`` of its own to the Azure client, so one given to ``put`` fails
    with "multiple values for keyword argument 'metadata'"."""
    first = _first(protocol)
    return first in ("abfs", "abfss", "az")
