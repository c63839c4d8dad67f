"""FileAccessProvider on S3 (moto's server on 127.0.0.1): what S3 alone needs. The cases every
store shares are in ``test_object_stores.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.stores.object_stores import Store

pytestmark = pytest.mark.slow


def test_the_callers_metadata_may_use_botocores_name(tmp_path: Path, s3_store: Store) -> None:
    # s3fs takes metadata as ``Metadata`` (botocore's name); the provider sends execution
    # metadata under it, merged over the caller's, whichever name the caller used.
    execution = {"flyte-execution-name": "n1"}
    source = tmp_path / "in.txt"
    source.write_text("x")
    provider = s3_store.provider(tmp_path, metadata=execution)
    merged = provider.upload(str(source), provider.get_random_remote_path(), Metadata={"own": "1"})
    assert s3_store.user_metadata(merged) == {"own": "1", **execution}
    bare = s3_store.provider(tmp_path)
    own = bare.upload(str(source), bare.get_random_remote_path(), Metadata={"own": "2"})
    assert s3_store.user_metadata(own) == {"own": "2"}
