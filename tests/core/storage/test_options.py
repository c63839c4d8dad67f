"""fsspec storage options from a DataConfig (reference §4.1) and the pure path rules."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

import ctxcore
from ctxcore import using_ambient
from ctxcore.core.config.records import AzureBlobStorageConfig, DataConfig, S3Config
from ctxcore.core.storage import options, paths
from ctxcore.core.storage.options import (
    DEFAULT_WRITE_CHUNK_BYTES,
    MAX_UPLOAD_PARTS,
    UPLOAD_MEMORY_BYTES,
    azure_setup_args,
    get_additional_fsspec_call_kwargs,
    get_fsspec_storage_options,
    s3_setup_args,
    transfer_options,
    upload_concurrency,
    upload_metadata_kwargs,
    upload_part_bytes,
    uploads_metadata_after_put,
)
from ctxcore.testing import FakeAmbient


def test_s3_setup_args() -> None:
    assert s3_setup_args(S3Config()) == {"cache_regions": True}
    full = S3Config(
        endpoint="http://localhost:30002",
        access_key_id="minio",
        secret_access_key="miniostorage",
        adressing_style="path",
        backoff=datetime.timedelta(seconds=1),
    )
    assert s3_setup_args(full, anonymous=True) == {
        "cache_regions": True,
        "key": "minio",
        "secret": "miniostorage",
        "client_kwargs": {"endpoint_url": "http://localhost:30002"},
        "config_kwargs": {"s3": {"addressing_style": "path"}},  # passed through, not "virtual"
        "anon": True,
    }


def test_azure_setup_args() -> None:
    assert azure_setup_args(AzureBlobStorageConfig()) == {"anon": False}
    config = AzureBlobStorageConfig(account_name="acct", client_secret="s", tenant_id="t")
    assert azure_setup_args(config, anonymous=True) == {
        "account_name": "acct",
        "client_secret": "s",
        "tenant_id": "t",
        "anon": True,
    }


def test_storage_options_by_protocol() -> None:
    config = DataConfig(s3=S3Config(access_key_id="k"))
    assert get_fsspec_storage_options("file", config, x=1) == {"auto_mkdir": True, "x": 1}
    assert get_fsspec_storage_options("s3", config, key="override") == {
        "cache_regions": True,
        "key": "override",
    }
    assert get_fsspec_storage_options("gs", config, anonymous=True) == {"token": "anon"}
    assert get_fsspec_storage_options("abfs", config) == {"anon": False}
    assert get_fsspec_storage_options("http", config, timeout=3) == {"timeout": 3}


def test_without_a_data_config_the_options_come_from_the_ambient() -> None:
    # The reference's signature: data_config is optional and defaults to DataConfig.auto().
    env = {"FLYTE_AWS_ACCESS_KEY_ID": "from-env", "FLYTE_AZURE_STORAGE_ACCOUNT_NAME": "acct"}
    with using_ambient(FakeAmbient(env=env)):
        assert get_fsspec_storage_options("s3") == {"cache_regions": True, "key": "from-env"}
        assert get_fsspec_storage_options("abfs", anonymous=True) == {
            "account_name": "acct",
            "anon": True,
        }
        assert get_fsspec_storage_options("s3", None, False, key="mine")["key"] == "mine"


def test_the_storage_helpers_are_public_under_the_reference_s_names() -> None:
    assert ctxcore.s3_setup_args is options.s3_setup_args
    assert ctxcore.azure_setup_args is options.azure_setup_args
    assert ctxcore.get_fsspec_storage_options is options.get_fsspec_storage_options


def test_additional_call_kwargs() -> None:
    # The reference: {"chunksize": 26_214_400} for s3 puts, nothing for gs and for gets. Here
    # parts are 8 MiB, two at a time to s3, and downloads from s3 stream (W13).
    chunk = {"chunksize": 8 * 2**20}
    s3_put = {**chunk, "max_concurrency": 2}
    assert get_additional_fsspec_call_kwargs(("s3", "s3a"), "put") == s3_put
    assert get_additional_fsspec_call_kwargs("s3", "_put") == s3_put
    assert get_additional_fsspec_call_kwargs("s3", "get") == {"max_concurrency": 1}
    assert get_additional_fsspec_call_kwargs("s3", "get_file") == {"max_concurrency": 1}
    assert get_additional_fsspec_call_kwargs(("gcs", "gs"), "put") == chunk
    assert get_additional_fsspec_call_kwargs(("gcs", "gs"), "get") == {}
    assert get_additional_fsspec_call_kwargs("file", "put") == {}


def test_uploads_hold_at_most_their_memory_budget() -> None:
    # Two copies of each part in flight, and of a file under two parts sent whole.
    for part in (5 * 2**20, DEFAULT_WRITE_CHUNK_BYTES):
        at_once = upload_concurrency(part)
        assert 2 * part * at_once <= UPLOAD_MEMORY_BYTES
        assert 2 * part * (at_once + 1) > UPLOAD_MEMORY_BYTES
    assert 4 * DEFAULT_WRITE_CHUNK_BYTES <= UPLOAD_MEMORY_BYTES
    assert upload_concurrency(100 * 2**20) == 1  # a configured large part still goes alone


def test_part_size_grows_to_stay_within_the_parts_limit() -> None:
    assert upload_part_bytes(DEFAULT_WRITE_CHUNK_BYTES, 0) == DEFAULT_WRITE_CHUNK_BYTES
    limit = DEFAULT_WRITE_CHUNK_BYTES * MAX_UPLOAD_PARTS
    assert upload_part_bytes(DEFAULT_WRITE_CHUNK_BYTES, limit) == DEFAULT_WRITE_CHUNK_BYTES
    assert upload_part_bytes(DEFAULT_WRITE_CHUNK_BYTES, limit + 1) == DEFAULT_WRITE_CHUNK_BYTES + 1


def test_transfers_turn_off_the_s3_clients_own_retries() -> None:
    configured = get_fsspec_storage_options("s3", DataConfig(s3=S3Config(adressing_style="path")))
    assert transfer_options("s3", configured) == {
        **configured,
        "config_kwargs": {"s3": {"addressing_style": "path"}, "retries": {"total_max_attempts": 1}},
    }
    assert configured["config_kwargs"] == {"s3": {"addressing_style": "path"}}  # not changed
    mine = {"config_kwargs": {"retries": {"mode": "standard", "max_attempts": 9}}}
    assert transfer_options("s3", mine) == mine
    assert transfer_options("gs", {"token": "anon"}) == {"token": "anon"}


def test_upload_metadata_goes_where_each_store_reads_it() -> None:
    assert upload_metadata_kwargs("s3", {"a": "1"}, {"b": "2"}) == {
        "Metadata": {"b": "2", "a": "1"}
    }
    assert upload_metadata_kwargs(("gcs", "gs"), {"a": "1"}) == {"metadata": {"a": "1"}}
    # adlfs sets this marker itself on put; a blob opened for writing must carry it too.
    assert upload_metadata_kwargs(("abfs", "az"), {"a": "1"}, {"b": "2"}) == {
        "metadata": {"is_directory": "false", "b": "2", "a": "1"}
    }


def test_only_adlfs_uploads_metadata_after_put() -> None:
    assert uploads_metadata_after_put("abfs")
    assert uploads_metadata_after_put(("abfss", "az"))
    assert not uploads_metadata_after_put("s3")
    assert not uploads_metadata_after_put(("gcs", "gs"))
    assert not uploads_metadata_after_put(("file", "local"))


_PATHS = st.text(alphabet="abf:/.", max_size=20)


@given(_PATHS)
def test_strip_file_header_removes_exactly_one_leading_header(path: str) -> None:
    stripped = paths.strip_file_header(path)
    if path.startswith("file://"):
        assert "file://" + stripped == path
    else:
        assert stripped == path


@given(_PATHS)
def test_remote_is_the_opposite_of_the_file_protocol(path: str) -> None:
    assert paths.is_remote(path) is (paths.get_protocol(path) != "file")
    assert paths.get_protocol("s3://" + path) == "s3"


@given(st.text(alphabet="ab/", max_size=12))
def test_the_file_tail_has_no_separator_and_ends_the_path(path: str) -> None:
    tail = paths.get_file_tail(path)
    assert "/" not in tail
    assert path.endswith(tail)
