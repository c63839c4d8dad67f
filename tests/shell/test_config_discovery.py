"""``explain_discovery`` says what ``find_config_file`` does: each candidate in order, the one
taken, and why each other was skipped."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from ctxcore.cli.main import main
from ctxcore.shell.config_loader import explain_discovery, find_config_file

_SETUPS = list(
    itertools.product(
        (None, "", "named"), (None, "", "named"), (False, True), (False, True), (False, True)
    )
)


@pytest.mark.parametrize(("override", "flytectl", "local", "home_ini", "home_yaml"), _SETUPS)
def test_the_step_taken_is_the_file_discovery_finds(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    override: str | None,
    flytectl: str | None,
    local: bool,
    home_ini: bool,
    home_yaml: bool,
) -> None:
    work, home = tmp_path / "work", tmp_path / "home"
    (home / ".flyte").mkdir(parents=True)
    work.mkdir()
    monkeypatch.chdir(work)
    env = {"HOME": str(home)}
    for variable, value in (
        ("_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE", override),
        ("FLYTECTL_CONFIG", flytectl),
    ):
        if value is not None:
            env[variable] = str(tmp_path / f"{variable}.yaml") if value else ""
            if value:
                (tmp_path / f"{variable}.yaml").write_text("")
    for wanted, path in (
        (local, work / "flytekit.config"),
        (home_ini, home / ".flyte" / "config"),
        (home_yaml, home / ".flyte" / "config.yaml"),
    ):
        if wanted:
            path.write_text("")
    steps = explain_discovery(env)
    assert [step.candidate for step in steps] == [
        "_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE",
        "FLYTECTL_CONFIG",
        "./flytekit.config",
        "~/.flyte/config",
        "~/.flyte/config.yaml",
    ]
    taken = [step.path for step in steps if step.taken]
    found = find_config_file(env)
    assert taken == ([] if found is None else [found[0]])
    assert all(step.reason for step in steps)


def test_a_variable_naming_a_missing_file_is_said_not_raised(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    steps = explain_discovery({"FLYTECTL_CONFIG": missing, "HOME": str(tmp_path)})
    assert steps[1].path == missing
    assert not steps[1].taken
    assert "does not exist" in steps[1].reason
    assert all("not looked at" in step.reason for step in steps[2:])


def test_explain_prints_discovery_and_json_gives_it_as_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("admin:\n  endpoitn: x\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE", raising=False)
    monkeypatch.setenv("FLYTECTL_CONFIG", str(config))
    assert main(["config", "--explain"]) == 0
    text = capsys.readouterr().out
    assert f"FLYTECTL_CONFIG ({config}): taken: the variable names it" in text
    assert "_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE: not set" in text
    assert "did you mean admin.endpoint?" in text
    assert main(["config", "--explain", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["discovery"][1] == {
        "candidate": "FLYTECTL_CONFIG",
        "path": str(config),
        "taken": True,
        "reason": "the variable names it",
    }
    assert document["unknown"][0]["suggestion"] == "admin.endpoint"
    assert document["platform.endpoint"]["source"] == "default"
