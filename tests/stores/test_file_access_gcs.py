"""FileAccessProvider on GCS (gcp-storage-emulator on 127.0.0.1, in memory): what GCS alone
needs, large uploads, which gcsfs sends in chunks. The cases every store shares are in
``test_object_stores.py``; how the emulator is reached is in ``object_stores.py``."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.stores.object_stores import Store

pytestmark = pytest.mark.slow

_SIMPLE_UPLOAD_LIMIT = 5 * 2**20
"""gcsfs sends smaller files in one request and larger ones as a chunked resumable upload."""

_large_chunks = pytest.mark.filterwarnings(
    "ignore:Sending a large body directly with raw bytes:ResourceWarning"
)
"""gcsfs posts each resumable-upload chunk as ``bytes``, and aiohttp warns about bodies over
1 MiB (the default chunk is 25 MiB); this suite turns warnings into errors."""


def _chunk_requests(records: list[logging.LogRecord]) -> int:
    """How many resumable-upload chunks the emulator received."""
    return sum(
        1
        for record in records
        if "upload_id=" in record.getMessage() and '"POST ' in record.getMessage()
    )


@_large_chunks
def test_execution_metadata_reaches_a_resumable_upload(
    tmp_path: Path, gs_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    metadata = {"flyte-execution-name": "n1", "flyte-execution-project": "p"}
    provider = gs_store.provider(tmp_path, metadata=metadata)
    size = _SIMPLE_UPLOAD_LIMIT + 1
    source = tmp_path / "in.bin"
    source.write_bytes(b"m" * size)
    with caplog.at_level(logging.INFO, logger="gcp_storage_emulator"):
        remote = provider.put_data(source, provider.get_random_remote_path("in.bin"))
        given = provider.upload(
            str(source), provider.get_random_remote_path(), metadata={"own": "1"}
        )
    assert _chunk_requests(caplog.records) == 2
    assert gs_store.client().info(remote)["size"] == size
    assert gs_store.user_metadata(remote) == metadata
    assert gs_store.user_metadata(given) == {"own": "1", **metadata}


@_large_chunks
@pytest.mark.parametrize(
    ("env", "chunks"),
    [({}, 1), ({"_F_P_WRITE_CHUNK_SIZE": str(2**20)}, 6)],
    ids=["default-25MiB", "1MiB"],
)
def test_large_uploads_go_in_chunks_of_the_configured_size(
    tmp_path: Path,
    gs_store: Store,
    caplog: pytest.LogCaptureFixture,
    env: dict[str, str],
    chunks: int,
) -> None:
    provider = gs_store.provider(tmp_path, env=env)
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(6 * 2**20))
    remote = provider.get_random_remote_path("big.bin")
    with caplog.at_level(logging.INFO, logger="gcp_storage_emulator"):
        provider.put_data(source, remote)
    assert _chunk_requests(caplog.records) == chunks
    out = tmp_path / "big.out"
    provider.get_data(remote, str(out))
    assert out.read_bytes() == source.read_bytes()
