"""FileAccessProvider on Azure Blob (Azurite on 127.0.0.1): what Azure alone needs. The cases
every store shares, for ``abfs`` and ``abfss``, are in ``test_object_stores.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.object_stores import Store

pytestmark = pytest.mark.slow


def test_metadata_given_to_one_upload_reaches_the_blob(tmp_path: Path, abfs_store: Store) -> None:
    # No execution metadata here: the caller's own, which adlfs's put cannot take either, so it
    # goes through open() as well.
    provider = abfs_store.provider(tmp_path)
    tree = tmp_path / "tree"
    tree.mkdir()
    source = tree / "in.txt"
    source.write_text("x")
    remote = provider.get_random_remote_path("in.txt")
    provider.put_data(source, remote, metadata={"owner": "me"}, block_size=4 * 1024 * 1024)
    assert abfs_store.cat(remote) == b"x"
    assert abfs_store.user_metadata(remote) == {"owner": "me"}
    remote_dir = provider.get_random_remote_directory()
    provider.put_data(str(tree), remote_dir, is_multipart=True, metadata={"owner": "us"})
    (blob,) = abfs_store.find(remote_dir)
    assert blob == f"{remote_dir.split('://', 1)[1]}/in.txt"
    assert abfs_store.user_metadata(blob) == {"owner": "us"}
