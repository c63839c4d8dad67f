"""The configuration-entry API at the edge: the process environment, files on disk."""

from __future__ import annotations

import configparser
import os
import pathlib

import pytest

from ctxcore import ConfigEntry, LegacyConfigEntry, SpecialFileError, get_config_file
from ctxcore.config_entries import Platform
from ctxcore.core.errors import ConfigError
from ctxcore.shell.config_loader import MAX_READ_FILE_BYTES, read_file_if_exists


def test_read_file_if_exists(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "secret"
    path.write_bytes(b"hello\r\nworld\n")
    assert read_file_if_exists(str(path)) == "hello\nworld\n"
    assert read_file_if_exists(path, encoding="utf-8") == "hello\nworld\n"
    assert read_file_if_exists(None) is None
    assert read_file_if_exists("") is None
    with pytest.raises(FileNotFoundError):
        read_file_if_exists(str(tmp_path / "nope"))


def test_read_file_if_exists_refuses_a_fifo_and_a_huge_file(tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(SpecialFileError):
        read_file_if_exists(fifo)
    huge = tmp_path / "huge"
    with huge.open("wb") as out:
        out.truncate(MAX_READ_FILE_BYTES + 1)
    with pytest.raises(ConfigError, match="larger than"):
        read_file_if_exists(huge)


def test_an_entry_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = ConfigEntry(LegacyConfigEntry("test", "op1", str))
    assert entry.read() is None
    monkeypatch.setenv("FLYTE_TEST_OP1", "xyz")
    assert entry.read() == "xyz"


def test_get_config_file_reads_and_refuses_as_configparser(tmp_path: pathlib.Path) -> None:
    good = tmp_path / "good.config"
    good.write_text("[platform]\nurl = fakeflyte.com\ninsecure = false\n")
    config = get_config_file(str(good))
    assert config is not None
    assert Platform.INSECURE.read(config, env={}) is False
    bad = tmp_path / "bad.config"
    bad.write_text("url = x\n")
    with pytest.raises(configparser.Error):
        get_config_file(str(bad))
