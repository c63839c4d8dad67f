"""FileAccessProvider on Azure Blob (Azurite on 127.0.0.1): what Azure alone needs. The cases
every store shares, for ``abfs`` and ``abfss``, are in ``test_object_stores.py``."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from ctxcore.core.config.records import DataConfig, S3Config
from ctxcore.core.errors import UploadDataError
from ctxcore.shell.file_access import FileAccessProvider
from tests.stores.object_stores import Store

pytestmark = pytest.mark.slow


def test_metadata_given_to_one_upload_reaches_the_blob(tmp_path: Path, abfs_store: Store) -> None:
    # No execution metadata here: the caller's own, which adlfs's put cannot take either, so it
    # is set after the put as well.
    provider = abfs_store.provider(tmp_path)
    tree = tmp_path / "tree"
    tree.mkdir()
    source = tree / "in.txt"
    source.write_text("x")
    remote = provider.get_random_remote_path("in.txt")
    provider.put_data(source, remote, metadata={"owner": "me"})
    assert abfs_store.cat(remote) == b"x"
    assert abfs_store.user_metadata(remote) == {"owner": "me"}
    remote_dir = provider.get_random_remote_directory()
    provider.put_data(str(tree), remote_dir, is_multipart=True, metadata={"owner": "us"})
    (blob,) = abfs_store.find(remote_dir)
    assert blob == f"{remote_dir.split('://', 1)[1]}/in.txt"
    assert abfs_store.user_metadata(blob) == {"owner": "us"}


def test_put_arguments_still_reach_put_when_metadata_is_set(
    tmp_path: Path, abfs_store: Store
) -> None:
    provider = abfs_store.provider(tmp_path, metadata={"run": "r1"})
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("old")
    second.write_text("new")
    remote = provider.put_data(first, provider.get_random_remote_path("f.txt"))
    with pytest.raises(UploadDataError) as raised:
        provider.put_data(second, remote, overwrite=False)
    assert isinstance(raised.value.__cause__, FileExistsError)
    assert abfs_store.cat(remote) == b"old"
    assert abfs_store.user_metadata(remote) == {"run": "r1"}


def test_a_file_put_into_a_directory_gets_its_metadata_under_its_own_name(
    tmp_path: Path, abfs_store: Store
) -> None:
    provider = abfs_store.provider(tmp_path, metadata={"run": "r2"})
    source = tmp_path / "in.txt"
    source.write_text("x")
    directory = provider.get_random_remote_directory()
    provider.put_data(source, directory + "/other.txt")  # makes `directory` a directory
    provider.put_data(source, directory)
    inside = f"{directory.split('://', 1)[1]}/in.txt"
    assert abfs_store.cat(inside) == b"x"
    assert abfs_store.user_metadata(inside) == {"run": "r2"}


def test_a_passing_fault_while_setting_metadata_is_retried(
    tmp_path: Path, abfs_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = FileAccessProvider(
        str(tmp_path / "sandbox"),
        abfs_store.raw_output_prefix.removesuffix("/"),
        data_config=DataConfig(s3=S3Config(retries=2, backoff=datetime.timedelta(0))),
        execution_metadata={"run": "r3"},
        env={},
    )
    from adlfs import AzureBlobFileSystem

    assert isinstance(abfs_store.client(), AzureBlobFileSystem)
    real = AzureBlobFileSystem.setxattrs
    failures: list[str] = []

    def flaky(self: AzureBlobFileSystem, rpath: str, **metadata: str) -> None:
        if not failures:
            failures.append(rpath)
            # adlfs reports every failure of setxattrs as a FileNotFoundError.
            raise FileNotFoundError(2, "No such file", rpath) from ConnectionResetError("reset")
        return real(self, rpath, **metadata)

    monkeypatch.setattr(AzureBlobFileSystem, "setxattrs", flaky)
    source = tmp_path / "in.txt"
    source.write_text("x")
    remote = provider.put_data(source, provider.get_random_remote_path("in.txt"))
    assert len(failures) == 1
    assert abfs_store.user_metadata(remote) == {"run": "r3"}
