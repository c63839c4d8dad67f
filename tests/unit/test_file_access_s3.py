"""FileAccessProvider against a real S3-compatible server on 127.0.0.1 (moto's)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import s3fs

from ctxcore.core.config import DataConfig, S3Config
from ctxcore.core.errors import DataNotFoundError
from ctxcore.shell.file_access import FileAccessProvider

pytestmark = pytest.mark.slow


def _provider(tmp_path: Path, endpoint: str, bucket: str, **metadata: str) -> FileAccessProvider:
    config = DataConfig(
        s3=S3Config(endpoint=endpoint, access_key_id="testing", secret_access_key="testing")
    )
    return FileAccessProvider(
        str(tmp_path / "sandbox"),
        f"s3://{bucket}/raw",
        data_config=config,
        execution_metadata=metadata or None,
        env={},
    )


def _s3(endpoint: str) -> s3fs.S3FileSystem:
    return s3fs.S3FileSystem(
        key="testing", secret="testing", client_kwargs={"endpoint_url": endpoint}
    )


def test_a_file_round_trips(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    provider = _provider(tmp_path, s3_endpoint, s3_bucket)
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(100_000))
    remote = provider.get_random_remote_path("in.bin")
    assert remote.startswith(f"s3://{s3_bucket}/raw/")
    assert provider.put_data(source, remote) == remote
    assert provider.exists(remote)
    out = tmp_path / "out.bin"
    provider.get_data(remote, str(out))
    assert out.read_bytes() == source.read_bytes()


def test_a_directory_round_trips(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    provider = _provider(tmp_path, s3_endpoint, s3_bucket)
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "sub/c.txt"):
        (tree / name).write_text(name)
    remote = provider.get_random_remote_directory()
    provider.upload_directory(str(tree), remote)
    listed = sorted(_s3(s3_endpoint).find(remote))
    assert [p.rsplit("/", 2)[-2:] for p in listed] == [
        [remote.rsplit("/", 1)[-1], "a.txt"],
        ["sub", "b.txt"],
        ["sub", "c.txt"],
    ]
    out = tmp_path / "copy"
    provider.download_directory(remote, str(out))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.txt")) == [
        "a.txt",
        "sub/b.txt",
        "sub/c.txt",
    ]
    assert (out / "sub" / "c.txt").read_text() == "sub/c.txt"


def test_bytes_and_streams_round_trip(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    provider = _provider(tmp_path, s3_endpoint, s3_bucket)
    fs = _s3(s3_endpoint)
    for payload in (b"bytes", io.BytesIO(b"bytes"), io.StringIO("bytes")):
        where = provider.put_raw_data(payload, upload_prefix="p", file_name="f/00000")
        assert where == f"s3://{s3_bucket}/raw/p/f/00000"
        assert fs.cat_file(where) == b"bytes"
        fs.invalidate_cache()


def test_execution_metadata_is_attached_to_uploads(
    tmp_path: Path, s3_endpoint: str, s3_bucket: str
) -> None:
    provider = _provider(tmp_path, s3_endpoint, s3_bucket, **{"flyte-execution-name": "n1"})
    source = tmp_path / "in.txt"
    source.write_text("x")
    remote = provider.put_data(source, provider.get_random_remote_path("in.txt"))
    info = _s3(s3_endpoint).info(remote)
    metadata = _s3(s3_endpoint).metadata(remote)
    assert info["size"] == 1
    assert metadata == {"flyte-execution-name": "n1"}


def test_a_missing_object_is_data_not_found(
    tmp_path: Path, s3_endpoint: str, s3_bucket: str
) -> None:
    provider = _provider(tmp_path, s3_endpoint, s3_bucket)
    missing = f"s3://{s3_bucket}/raw/nothing-here"
    with pytest.raises(DataNotFoundError, match=r"nothing-here\. File not found"):
        provider.get_data(missing, str(tmp_path / "out"))
    with pytest.raises(DataNotFoundError):
        provider.download_directory(missing, str(tmp_path / "outdir"))
    assert not (tmp_path / "out").exists()
    assert not provider.exists(missing)
