"""Only regular files and directories are read or transferred (issue 11, item 5).

Found: ``/dev/zero`` and ``/dev/urandom`` given as sources were copied until the disk was full,
through put, get, ``put_raw_data`` and checkpoints; a FIFO given as a config or secret file
blocked its reader for ever. Here every transfer, its async twin and a checkpoint save are
given devices, FIFOs, sockets and directories holding them, with a small disk as the
destination (a 4 MiB tmpfs where one can be mounted): each is refused with
``SpecialFileError`` before anything is written.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Callable, Coroutine, Generator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias

import pytest

from ctxcore.core.config.records import DataConfig, SecretsConfig
from ctxcore.core.errors import ConfigError, DataTransferError, SecretFileError, SpecialFileError
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.shell.config_loader import load_config_file
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.secrets import SecretsManager

BLOCKED_SECONDS = 5.0
"""How long a read of a FIFO may take before the test calls it blocked: a refusal takes
microseconds."""

DEVICES = ("/dev/zero", "/dev/urandom")
"""Endless character devices every Linux machine has."""

Transfer: TypeAlias = Callable[[FileAccessProvider, str, Path], object]
"""A transfer of a source to a place under a destination directory."""


def _run(coroutine: Coroutine[object, object, object]) -> object:
    return asyncio.run(coroutine)


FILE_TRANSFERS: dict[str, Transfer] = {
    "put": lambda fa, s, d: fa.put(s, str(d / "out")),
    "put_data": lambda fa, s, d: fa.put_data(s, str(d / "out")),
    "upload": lambda fa, s, d: fa.upload(s, str(d / "out")),
    "get": lambda fa, s, d: fa.get(s, str(d / "out")),
    "get_data": lambda fa, s, d: fa.get_data(s, str(d / "out")),
    "download": lambda fa, s, d: fa.download(s, str(d / "out")),
    "put_raw_data": lambda fa, s, d: fa.put_raw_data(s),
    "async_put": lambda fa, s, d: _run(fa.async_put(s, str(d / "out"))),
    "async_put_data": lambda fa, s, d: _run(fa.async_put_data(s, str(d / "out"))),
    "async_get": lambda fa, s, d: _run(fa.async_get(s, str(d / "out"))),
    "async_get_data": lambda fa, s, d: _run(fa.async_get_data(s, str(d / "out"))),
    "async_put_raw_data": lambda fa, s, d: _run(fa.async_put_raw_data(s)),
    "checkpoint": lambda fa, s, d: SyncCheckpoint(str(d / "cp"), file_access=fa).save(s),
}
"""Every way a single file is transferred."""

TREE_TRANSFERS: dict[str, Transfer] = {
    "put": lambda fa, s, d: fa.put(s, str(d / "out"), recursive=True),
    "put_data": lambda fa, s, d: fa.put_data(s, str(d / "out"), is_multipart=True),
    "upload_directory": lambda fa, s, d: fa.upload_directory(s, str(d / "out")),
    "get": lambda fa, s, d: fa.get(s, str(d / "out"), recursive=True),
    "get_data": lambda fa, s, d: fa.get_data(s, str(d / "out"), is_multipart=True),
    "download_directory": lambda fa, s, d: fa.download_directory(s, str(d / "out")),
    "put_raw_data": lambda fa, s, d: fa.put_raw_data(s),
    "async_put": lambda fa, s, d: _run(fa.async_put(s, str(d / "out"), recursive=True)),
    "async_get": lambda fa, s, d: _run(fa.async_get(s, str(d / "out"), recursive=True)),
    "async_put_raw_data": lambda fa, s, d: _run(fa.async_put_raw_data(s)),
    "checkpoint": lambda fa, s, d: SyncCheckpoint(str(d / "cp"), file_access=fa).save(s),
}
"""Every way a directory is transferred."""


def _provider(sandbox: Path, raw: Path | str) -> FileAccessProvider:
    return FileAccessProvider(str(sandbox), str(raw), DataConfig(), env={})


def _refusal(raised: BaseException) -> SpecialFileError:
    """The ``SpecialFileError`` raised, or chained by a ``*_data`` method (which wraps every
    failure in ``DownloadDataError``/``UploadDataError``, as the reference's did)."""
    if isinstance(raised, DataTransferError):
        raised = raised.__cause__ or raised
    assert isinstance(raised, SpecialFileError), f"not refused as a special file: {raised!r}"
    return raised


def _files_below(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if not p.is_dir()]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("transfer", FILE_TRANSFERS.values(), ids=FILE_TRANSFERS.keys())
def test_a_device_as_the_source_of_any_transfer_is_refused_before_a_byte_is_copied(
    tmp_path: Path, small_disk: Path, device: str, transfer: Transfer
) -> None:
    fa = _provider(tmp_path / "sandbox", small_disk / "raw")
    with pytest.raises(Exception) as raised:  # noqa: PT011 - _refusal says which
        transfer(fa, device, small_disk)
    refused = _refusal(raised.value)
    assert (refused.path, refused.kind, refused.role) == (device, "character device", "source")
    assert isinstance(refused, ValueError)
    assert isinstance(refused, OSError)
    assert _files_below(small_disk) == []


@contextmanager
def _fed_fifo(path: Path, data: bytes = b"from the fifo") -> Generator[Path]:
    """A FIFO at ``path`` that a thread writes ``data`` into once a reader opens it (so that
    code that reads FIFOs finishes); released on exit if no one ever opened it."""
    os.mkfifo(path)

    def feed() -> None:
        with open(path, "wb") as fifo:  # blocks until a reader opens it
            fifo.write(data)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        yield path
    finally:
        if feeder.is_alive():  # no reader came: be one, so that the feeder's open returns
            reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            feeder.join(BLOCKED_SECONDS)
            os.close(reader)
        feeder.join(BLOCKED_SECONDS)


@contextmanager
def _special_in_a_tree(kind: str) -> Generator[tuple[Path, Path, str]]:
    """A directory holding a regular file and, below it, a special file of ``kind``; the
    directory, the special file's path and the kind its error names. Made under a short
    path: a socket's path is limited to about 100 bytes."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sf-") as base:
        tree = Path(base, "tree")
        (tree / "sub").mkdir(parents=True)
        (tree / "regular.txt").write_text("regular")
        special = tree / "sub" / kind
        if kind == "fifo":
            with _fed_fifo(special):
                yield tree, special, "FIFO (named pipe)"
            return
        if kind == "socket":
            with socket.socket(socket.AF_UNIX) as listening:
                listening.bind(str(special))
                yield tree, special, "socket"
            return
        special.symlink_to("/dev/zero")  # followed, as every link in a tree is
        yield tree, special, "character device"


@pytest.mark.parametrize("kind", ["fifo", "socket", "device-link"])
@pytest.mark.parametrize("transfer", TREE_TRANSFERS.values(), ids=TREE_TRANSFERS.keys())
def test_a_directory_holding_a_special_file_is_refused_before_anything_is_copied(
    tmp_path: Path, small_disk: Path, kind: str, transfer: Transfer
) -> None:
    fa = _provider(tmp_path / "sandbox", small_disk / "raw")
    with _special_in_a_tree(kind) as (tree, special, kind_name):
        with pytest.raises(Exception) as raised:  # noqa: PT011 - _refusal says which
            transfer(fa, str(tree), small_disk)
        refused = _refusal(raised.value)
        assert (refused.path, refused.kind) == (str(special), kind_name)
    assert _files_below(small_disk) == []


def test_a_directory_holding_a_fifo_is_refused_before_an_upload_to_a_store(
    tmp_path: Path,
) -> None:
    """fsspec reads what it is given: a FIFO's writer, a device's endless bytes."""
    fa = _provider(tmp_path / "sandbox", "memory://special-files/raw")
    with _special_in_a_tree("fifo") as (tree, special, _):
        with pytest.raises(SpecialFileError) as raised:
            fa.put(str(tree), "memory://special-files/out", recursive=True)
        assert raised.value.path == str(special)
        assert not fa.exists("memory://special-files/out/regular.txt")


TO_A_DESTINATION: dict[str, Callable[[FileAccessProvider, str, str], object]] = {
    "put": lambda fa, s, d: fa.put(s, d),
    "get": lambda fa, s, d: fa.get(s, d),
    "put_raw_data": lambda fa, s, d: fa.put_raw_data(s, upload_prefix="p", file_name="fifo"),
}
"""Transfers of a file to a destination (``put_raw_data`` names it ``<raw>/p/fifo``)."""


@pytest.mark.parametrize("transfer", TO_A_DESTINATION.values(), ids=TO_A_DESTINATION.keys())
def test_a_special_file_as_the_destination_is_refused_and_stays(
    tmp_path: Path, transfer: Callable[[FileAccessProvider, str, str], object]
) -> None:
    """As root, renaming a file over ``/dev/null`` would have replaced the device."""
    source = tmp_path / "source.txt"
    source.write_text("data")
    (tmp_path / "raw" / "p").mkdir(parents=True)
    destination = tmp_path / "raw" / "p" / "fifo"
    os.mkfifo(destination)
    fa = _provider(tmp_path / "sandbox", tmp_path / "raw")
    with pytest.raises(SpecialFileError) as raised:
        transfer(fa, str(source), str(destination))
    assert (raised.value.path, raised.value.role) == (str(destination), "destination")
    assert destination.is_fifo()


def _returns_within(call: Callable[[], object], fifo: Path) -> BaseException | None:
    """What ``call`` raised (``None``: it returned) if it finished within ``BLOCKED_SECONDS``;
    a call still blocked on ``fifo`` then is released (a writer opens it and closes) and
    the test fails."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as error:  # reported to the test
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BLOCKED_SECONDS)
    if worker.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # the reader sees an end
        worker.join(BLOCKED_SECONDS)
        pytest.fail(f"reading the FIFO {fifo} blocked")
    return outcome[0]


def test_a_fifo_as_the_config_file_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    raised = _returns_within(lambda: load_config_file(str(fifo)), fifo)
    assert isinstance(raised, ConfigError)
    assert str(raised) == (
        f"config file {str(fifo)!r}: cannot read the file: it is a FIFO (named pipe), "
        "not a regular file or a directory"
    )


def test_a_fifo_as_a_secret_file_is_refused_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "group").mkdir()
    fifo = tmp_path / "group" / "key"
    os.mkfifo(fifo)
    manager = SecretsManager(SecretsConfig(default_dir=str(tmp_path)), env={})
    raised = _returns_within(lambda: manager.get("group", "key"), fifo)
    # The secrets manager says it as it says every unreadable secret file: where, and why.
    assert isinstance(raised, SecretFileError)
    assert isinstance(raised, ValueError)
    assert raised.path == str(fifo)
    assert "FIFO (named pipe)" in raised.reason
