"""``Config.auto()`` never fails for unknown or renamed names; the developer logger hears of each
once, and ``config --check`` and ``--explain`` say each."""

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


def _three_autos(
    config: Path, env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> tuple[Config, list[str]]:
    """``Config.auto`` three times (each the same config) and what the developer logger heard."""
    with caplog.at_level(logging.DEBUG, logger="developer"):
        configs = {Config.auto(str(config), env=env) for _ in range(3)}
    (only,) = configs
    return only, [r.getMessage() for r in caplog.records if r.name == "developer"]


def test_auto_does_not_fail_and_logs_each_unknown_name_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("admin:\n  endpoitn: dns:///x\n")
    env = {"FLYTE_PLATFORM_ULR": "secret-looking-value"}
    read, said = _three_autos(config, env, caplog)
    assert read.platform.endpoint == "localhost:30080"
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
        "renamed": [],
        "errors": [],
    }
    (tmp_path / "myplugin_entries.py").write_text(
        "from ctxcore import ConfigEntry, LegacyConfigEntry\n"
        "class P:\n    HOST = ConfigEntry(LegacyConfigEntry('myplugin', 'host'))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))  # pyright: ignore[reportUnknownMemberType]
    assert _check(monkeypatch, tmp_path, env, "--entries", "myplugin_entries:P") == 0


# --- old names of renamed settings --------------------------------------------------------------


def test_auto_reads_an_old_name_and_logs_its_deprecation_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "flytekit.config"
    config.write_text("[credentials]\noauth_scopes = a,b\n")
    read, said = _three_autos(config, {"FLYTE_CREDENTIALS_SCOPE": "one"}, caplog)
    assert read.platform.scopes == ("one",)
    assert said == [
        "ctxcore config: environment variable FLYTE_CREDENTIALS_SCOPE is deprecated: renamed to "
        "FLYTE_CREDENTIALS_SCOPES in flytekit 0.19.0b1 (86513b27b, #472), via oauth_scopes; "
        "still read",
        f"ctxcore config: config file key [credentials] oauth_scopes at {config}:2 is deprecated:"
        " renamed to [credentials] scopes in flytekit 0.23.0b4 (f6ee06f3f, #676); not read: "
        "FLYTE_CREDENTIALS_SCOPE is set and wins",
    ]


def test_check_warns_of_an_old_name_and_still_exits_0(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "old.config"  # not discovered by the next check, which gives none
    config.write_text("[credentials]\nscope = a\n")
    assert _check(monkeypatch, tmp_path, {}, "--config", str(config)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"warning: config file key [credentials] scope at {config}:2 is deprecated: renamed to "
        "[credentials] scopes in flytekit 0.19.0b1 (86513b27b, #472), via oauth_scopes; "
        "still read",
        "ok: no unknown names, no errors; 1 deprecated name(s), above",
    ]
    assert _check(monkeypatch, tmp_path, {"FLYTE_CREDENTIALS_OAUTH_SCOPES": "b"}, "--json") == 0
    assert json.loads(capsys.readouterr().out)["renamed"] == [
        {
            "kind": "env",
            "name": "FLYTE_CREDENTIALS_OAUTH_SCOPES",
            "new_name": "FLYTE_CREDENTIALS_SCOPES",
            "renamed_in": "flytekit 0.23.0b4 (f6ee06f3f, #676)",
            "location": None,
            "read_instead": None,
        }
    ]
    env = {"FLYTE_CREDENTIALS_OAUTH_SCOPES": "b", "FLYTE_PLATFORM_ULR": "u"}
    assert _check(monkeypatch, tmp_path, env) == 1  # the unknown name fails it, not the old one


def test_explain_shows_where_an_old_name_was_read_and_the_new_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"FLYTE_CREDENTIALS_SCOPES": "new", "FLYTE_CREDENTIALS_OAUTH_SCOPES": "old"}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["config", "--explain"]) == 0
    text = capsys.readouterr().out
    assert "platform.scopes = ('new',)  <- env FLYTE_CREDENTIALS_SCOPES\n" in text
    assert (
        "    shadows ('old',) from env FLYTE_CREDENTIALS_OAUTH_SCOPES "
        "(deprecated: renamed to FLYTE_CREDENTIALS_SCOPES)\n"
    ) in text
    assert "\nrenamed names (deprecated: use the new name):\n  environment variable " in text
    assert main(["config", "--explain", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    (hidden, _) = document["platform.scopes"]["shadowed"]
    assert (hidden["name"], hidden["renamed_to"]) == (
        "FLYTE_CREDENTIALS_OAUTH_SCOPES",
        "FLYTE_CREDENTIALS_SCOPES",
    )
    assert [name["read_instead"] for name in document["renamed"]] == ["FLYTE_CREDENTIALS_SCOPES"]
