"""``Config.auto()`` never fails for unknown names; the developer logger hears of each once."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctxcore import Config
from ctxcore.cli.main import main
from ctxcore.shell.config_loader import forget_reported_unknown


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    forget_reported_unknown()
    yield
    forget_reported_unknown()


def test_auto_does_not_fail_and_logs_each_unknown_name_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("admin:\n  endpoitn: dns:///x\n")
    env = {"FLYTE_PLATFORM_ULR": "secret-looking-value"}
    with caplog.at_level(logging.DEBUG, logger="developer"):
        for _ in range(3):
            assert Config.auto(str(config), env=env).platform.endpoint == "localhost:30080"
    said = [r.getMessage() for r in caplog.records if r.name == "developer"]
    assert len(said) == 2
    assert "admin.endpoitn" in said[0]
    assert f"{config}:2" in said[0]
    assert "did you mean admin.endpoint?" in said[0]
    assert "did you mean FLYTE_PLATFORM_URL?" in said[1]
    assert not any("secret-looking-value" in line for line in said)


def _check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], *args: str) -> int:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in [n for n in os.environ if n.startswith("FLYTE")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return main(["config", "--check", *args])


def test_check_exits_1_listing_each_unknown_name_and_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("admin:\n  endpoitn: dns:///x\n  insecure: maybe\n")
    code = _check(monkeypatch, tmp_path, {"FLYTE_PLATFORM_ULR": "v"}, "--config", str(config))
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].startswith("error: ")
    assert "admin.insecure" in out[0]
    assert "admin.endpoitn at " in out[1]
    assert "did you mean admin.endpoint?" in out[1]
    assert "did you mean FLYTE_PLATFORM_URL?" in out[2]


def test_check_exits_0_when_every_name_is_known(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("admin:\n  endpoint: dns:///x\nstorage:\n  connection:\n    region: r\n")
    code = _check(monkeypatch, tmp_path, {"FLYTE_PLATFORM_URL": "v"}, "--config", str(config))
    assert code == 0
    assert capsys.readouterr().out.startswith("ok")


def test_check_as_json_and_with_a_plugin_s_entries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR": "X", "FLYTE_MYPLUGIN_HOST": "h"}
    assert _check(monkeypatch, tmp_path, env, "--json") == 1
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "unknown": [
            {"kind": "env", "name": "FLYTE_MYPLUGIN_HOST", "location": None, "suggestion": None}
        ],
        "errors": [],
    }
    (tmp_path / "myplugin_entries.py").write_text(
        "from ctxcore import ConfigEntry, LegacyConfigEntry\n"
        "class P:\n    HOST = ConfigEntry(LegacyConfigEntry('myplugin', 'host'))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))  # pyright: ignore[reportUnknownMemberType]
    assert _check(monkeypatch, tmp_path, env, "--entries", "myplugin_entries:P") == 0
