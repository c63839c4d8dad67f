"""flytekit's storage names at the edge: ``get_additional_fsspec_call_kwargs`` reads the chunk
size from the environment, and ``file`` paths open a ``FlyteLocalFileSystem``."""

from __future__ import annotations

import os
from pathlib import Path

import fsspec
import pytest
from fsspec.implementations.local import LocalFileSystem

from ctxcore import FileAccessProvider, FlyteLocalFileSystem, get_additional_fsspec_call_kwargs
from ctxcore import effects as ctxcore_effects
from ctxcore.core.storage.options import upload_concurrency
from ctxcore.effects import FsspecFileSystems


def test_uploads_to_s3_and_gs_go_in_chunks_of_the_configured_size() -> None:
    env = {"_F_P_WRITE_CHUNK_SIZE": "12345"}
    s3_put = {"chunksize": 12345, "max_concurrency": upload_concurrency(12345)}
    assert get_additional_fsspec_call_kwargs(("s3", "s3a"), "put", env=env) == s3_put
    assert get_additional_fsspec_call_kwargs("s3", "_put", env=env) == s3_put
    assert get_additional_fsspec_call_kwargs("gs", "put", env=env) == {"chunksize": 12345}
    assert get_additional_fsspec_call_kwargs("s3", "get", env=env) == {"max_concurrency": 1}
    assert get_additional_fsspec_call_kwargs("file", "put", env=env) == {}


def test_the_default_chunk_is_8_mib_and_the_process_environment_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    eight_mib = {"chunksize": 8 * 2**20}
    assert get_additional_fsspec_call_kwargs("gs", "put", env={}) == eight_mib
    monkeypatch.setenv("_F_P_WRITE_CHUNK_SIZE", "4096")
    assert get_additional_fsspec_call_kwargs("gs", "put") == {"chunksize": 4096}
    monkeypatch.delenv("_F_P_WRITE_CHUNK_SIZE")
    assert get_additional_fsspec_call_kwargs("gs", "put") == eight_mib


@pytest.mark.parametrize("value", ["0", "-1", "x", ""])
def test_a_chunk_size_that_is_not_a_positive_number_names_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match="_F_P_WRITE_CHUNK_SIZE"):
        get_additional_fsspec_call_kwargs("s3", "put", env={"_F_P_WRITE_CHUNK_SIZE": value})


def test_the_local_file_system_is_flytekit_s_class(tmp_path: Path) -> None:
    made = FsspecFileSystems().filesystem("file")
    assert type(made) is FlyteLocalFileSystem
    fs = FlyteLocalFileSystem(auto_mkdir=True)
    assert isinstance(fs, LocalFileSystem)
    assert fs.sep == os.sep
    fa = FileAccessProvider(str(tmp_path), str(tmp_path / "raw"), env={})
    assert isinstance(fa.get_filesystem("file"), FlyteLocalFileSystem)
    assert isinstance(fa.local_access, FlyteLocalFileSystem)
    assert ctxcore_effects.FlyteLocalFileSystem is FlyteLocalFileSystem
    # auto_mkdir: writing below a directory that does not exist creates it.
    with fs.open(str(tmp_path / "new" / "f.txt"), "wb") as out:
        out.write(b"x")
    assert (tmp_path / "new" / "f.txt").read_bytes() == b"x"


# mypy sees FlyteLocalFileSystem as a variable (type[LocalFileSystem]; see its module)
class _Recording(FlyteLocalFileSystem):  # type: ignore[valid-type,misc]
    """A file system registered under its own protocol, as plugins (and flytekit's tests) do."""

    seen: dict[str, object] = {}  # noqa: RUF012 - a test's record

    def __init__(self, **kwargs: object) -> None:
        _Recording.seen = dict(kwargs)
        kwargs.pop("test_arg", None)
        super().__init__(**kwargs)


def test_a_registered_subclass_gets_the_caller_s_arguments(tmp_path: Path) -> None:
    fsspec.register_implementation("ctxcoretestfs", _Recording, clobber=True)
    fa = FileAccessProvider(str(tmp_path), "s3://bucket", env={})
    fs = fa.get_filesystem("ctxcoretestfs", test_arg="given")
    assert isinstance(fs, _Recording)
    assert _Recording.seen == {"test_arg": "given"}
