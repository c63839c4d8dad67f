"""fsspec storage options from a DataConfig (reference §4.1) and the pure path rules."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ctxcore
from ctxcore import using_ambient
from ctxcore.core.config.records import AzureBlobStorageConfig, DataConfig, S3Config
from ctxcore.core.storage import options, paths
from ctxcore.core.storage.options import (
    DEFAULT_WRITE_CHUNK_BYTES,
    MAX_UPLOAD_PARTS,
    SHORTEST_ATTEMPT_SECONDS,
    UPLOAD_MEMORY_BYTES,
    attempt_kwargs,
    azure_setup_args,
    get_additional_fsspec_call_kwargs,
    get_fsspec_storage_options,
    s3_setup_args,
    transfer_options,
    upload_concurrency,
    upload_metadata_kwargs,
    upload_part_bytes,
    uploads_metadata_after_put,
    write_chunk_bytes,
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
    """Each credential under adlfs's name, and only those set."""
    credentials = {
        "account_name": "n",
        "account_key": "k",
        "client_id": "i",
        "client_secret": "s",
        "tenant_id": "t",
    }
    assert azure_setup_args(AzureBlobStorageConfig(**credentials)) == {
        **credentials,
        "anon": False,
    }
    assert azure_setup_args(AzureBlobStorageConfig()) == {"anon": False}
    config = AzureBlobStorageConfig(account_name="acct", client_secret="s", tenant_id="t")
    assert azure_setup_args(config, anonymous=True) == {
        "account_name": "acct",
        "client_secret": "s",
        "tenant_id": "t",
        "anon": True,
    }


def test_each_protocol_s_other_name_gets_the_same_options() -> None:
    config = DataConfig(
        s3=S3Config(access_key_id="k"), azure=AzureBlobStorageConfig(account_name="acct")
    )
    for main, other in (("file", "local"), ("s3", "s3a"), ("gs", "gcs"), ("abfs", "abfss")):
        for anonymous in (False, True):
            expected = get_fsspec_storage_options(main, config, anonymous, x=1)
            assert get_fsspec_storage_options(other, config, anonymous, x=1) == expected
    assert get_fsspec_storage_options("local", config) == {"auto_mkdir": True}


def test_anonymous_access_reaches_each_store_s_options() -> None:
    config = DataConfig(s3=S3Config(access_key_id="k"))
    assert get_fsspec_storage_options("s3", config, anonymous=True) == {
        "cache_regions": True,
        "key": "k",
        "anon": True,
    }
    assert get_fsspec_storage_options("gs", config, x=1) == {"x": 1}
    assert get_fsspec_storage_options("gs", config, True, x=1) == {"x": 1, "token": "anon"}


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
    assert get_additional_fsspec_call_kwargs("s3a", "put") == s3_put
    assert get_additional_fsspec_call_kwargs("s3a", "get") == {"max_concurrency": 1}
    assert get_additional_fsspec_call_kwargs("gs", "put") == chunk
    assert get_additional_fsspec_call_kwargs("gcs", "put", 5) == {"chunksize": 5}


def test_a_file_system_s_first_protocol_name_is_its_own() -> None:
    # fsspec gives some file systems a tuple of names, of one name too.
    assert get_additional_fsspec_call_kwargs(("s3",), "get") == {"max_concurrency": 1}
    assert upload_metadata_kwargs(("s3",), {"a": "1"}) == {"Metadata": {"a": "1"}}
    assert uploads_metadata_after_put(("abfs",))


def test_the_chunk_size_comes_from_the_environment_when_set() -> None:
    assert write_chunk_bytes({}) == DEFAULT_WRITE_CHUNK_BYTES
    assert write_chunk_bytes({"OTHER": "5"}) == DEFAULT_WRITE_CHUNK_BYTES
    assert write_chunk_bytes({"_F_P_WRITE_CHUNK_SIZE": "1"}) == 1
    assert write_chunk_bytes({"_F_P_WRITE_CHUNK_SIZE": "26214400"}) == 26_214_400


@pytest.mark.parametrize("raw", ["0", "-1", "many", "", "1.5"])
def test_a_chunk_size_that_is_no_positive_number_is_refused_by_name(raw: str) -> None:
    message = f"_F_P_WRITE_CHUNK_SIZE={raw!r} is not a positive number of bytes"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        write_chunk_bytes({"_F_P_WRITE_CHUNK_SIZE": raw})


def test_an_attempt_of_an_async_file_system_ends_after_the_time_left() -> None:
    assert attempt_kwargs(async_impl=False, seconds=5.0) == {}
    assert attempt_kwargs(async_impl=True, seconds=2.5) == {"timeout": 2.5}
    # fsspec takes a timeout of 0 for none at all: no time left is the least time instead.
    assert attempt_kwargs(async_impl=True, seconds=0.0) == {"timeout": SHORTEST_ATTEMPT_SECONDS}
    assert attempt_kwargs(async_impl=True, seconds=-1.0) == {"timeout": SHORTEST_ATTEMPT_SECONDS}
    assert SHORTEST_ATTEMPT_SECONDS == 0.001


def test_uploads_hold_at_most_their_memory_budget() -> None:
    # Two copies of each part in flight, and of a file under two parts sent whole.
    for part in (5 * 2**20, DEFAULT_WRITE_CHUNK_BYTES):
        at_once = upload_concurrency(part)
        assert 2 * part * at_once <= UPLOAD_MEMORY_BYTES
        assert 2 * part * (at_once + 1) > UPLOAD_MEMORY_BYTES
    assert 4 * DEFAULT_WRITE_CHUNK_BYTES <= UPLOAD_MEMORY_BYTES
    assert upload_concurrency(100 * 2**20) == 1  # a configured large part still goes alone
    assert upload_concurrency(5 * 2**20) == 3  # whole parts only: 3, not 3.2
    assert upload_concurrency(DEFAULT_WRITE_CHUNK_BYTES) == 2
    assert upload_concurrency(1) == UPLOAD_MEMORY_BYTES // 2
    assert upload_concurrency(0) == UPLOAD_MEMORY_BYTES // 2  # a part of at least one byte


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
    retries_off = {"config_kwargs": {"retries": {"total_max_attempts": 1}}}
    assert transfer_options("s3", {}) == retries_off
    assert transfer_options("s3a", {"config_kwargs": None}) == retries_off


def test_upload_metadata_goes_where_each_store_reads_it() -> None:
    assert upload_metadata_kwargs("s3", {"a": "1"}, {"b": "2"}) == {
        "Metadata": {"b": "2", "a": "1"}
    }
    assert upload_metadata_kwargs(("gcs", "gs"), {"a": "1"}) == {"metadata": {"a": "1"}}
    assert upload_metadata_kwargs("s3a", {"a": "1"}, None) == {"Metadata": {"a": "1"}}
    assert upload_metadata_kwargs("gs", {"a": "1"}, {"a": "0", "b": "2"}) == {
        "metadata": {"a": "1", "b": "2"}
    }
    # adlfs sets this marker itself on put; a blob opened for writing must carry it too.
    assert upload_metadata_kwargs(("abfs", "az"), {"a": "1"}, {"b": "2"}) == {
        "metadata": {"is_directory": "false", "b": "2", "a": "1"}
    }


def test_only_adlfs_uploads_metadata_after_put() -> None:
    assert uploads_metadata_after_put("abfs")
    assert uploads_metadata_after_put("abfss")
    assert uploads_metadata_after_put("az")
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
