"""Checkpoints (reference §3) against the local S3 server (moto); on the local disk in
``tests/shell/test_checkpoint.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctxcore.core.config.records import DataConfig, S3Config
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.shell.file_access import FileAccessProvider


@pytest.mark.slow
def test_checkpoints_round_trip_through_s3(
    tmp_path: Path, s3_endpoint: str, s3_bucket: str
) -> None:
    s3 = FileAccessProvider(
        str(tmp_path / "sandbox"),
        f"s3://{s3_bucket}/raw",
        data_config=DataConfig(
            s3=S3Config(endpoint=s3_endpoint, access_key_id="testing", secret_access_key="testing")
        ),
        env={},
    )
    first = SyncCheckpoint(f"s3://{s3_bucket}/cp/1", file_access=s3)
    first.write(b"remote state")
    second = SyncCheckpoint(f"s3://{s3_bucket}/cp/2", f"s3://{s3_bucket}/cp/1", file_access=s3)
    assert second.read() == b"remote state"
