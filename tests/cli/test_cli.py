"""The command line, run through its entry point in a subprocess, with good and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ctxcore.core.serialization.settings import SerializationSettings

pytestmark = pytest.mark.slow

_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE", "_FSEC"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "ctxcore", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=120,
        check=False,
    )


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_demo_writes_what_it_says(tmp_path: Path) -> None:
    result = _run("demo", "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "[6/6] writing the decks report ... done" in result.stdout
    report = tmp_path / "report.html"
    assert f"report            {report}" in result.stdout
    assert "<td>node extract-rows</td>" in report.read_text()
    outputs = [line.split()[-1] for line in result.stdout.splitlines() if "output of" in line]
    assert len(outputs) == 4
    last = json.loads(Path(outputs[-1]).read_text())
    assert last == {"node": "report", "input": last["input"], "upstream": ["train-model"]}
    assert "demo.nodes=4" in result.stdout
    assert "demo-token" not in result.stdout


def test_config_explains_where_values_come_from(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("admin:\n  endpoint: dns:///file.example.com\n  insecure: true\n")
    env = {"FLYTE_PLATFORM_URL": "env.example.com"}
    plain = _run("config", "--config", str(config), env=env)
    assert plain.returncode == 0, plain.stderr
    assert "platform.endpoint = 'env.example.com'" in plain.stdout
    explained = _run("config", "--config", str(config), "--explain", env=env)
    assert "env FLYTE_PLATFORM_URL" in explained.stdout
    assert "file.example.com" in explained.stdout
    machine = json.loads(
        _run("config", "--config", str(config), "--explain", "--json", env=env).stdout
    )
    endpoint = machine["platform.endpoint"]
    assert endpoint["source"] == "env"
    assert endpoint["shadowed"][0]["value"] == "file.example.com"
    assert machine["platform.insecure"]["source"] == "file"


def test_config_with_a_bad_value_is_a_one_line_error() -> None:
    line = _one_line_error(_run("config", env={"FLYTE_AWS_RETRIES": "x"}))
    assert "FLYTE_AWS_RETRIES" in line


def test_context_decode_reads_the_reference_sample() -> None:
    sample = (_FIXTURES / "serialized_context.b64.txt").read_text().strip()
    result = _run("context", "decode", sample)
    assert result.returncode == 0, result.stderr
    decoded = json.loads(result.stdout)
    assert decoded["project"] == "flytesnacks"
    assert decoded["version"] == "v1-anchor"


def test_context_encode_and_decode_round_trip_through_stdin() -> None:
    sample = (_FIXTURES / "serialization_settings.to_json.json").read_text()
    encoded = _run("context", "encode", "-", stdin=sample)
    assert encoded.returncode == 0, encoded.stderr
    value = encoded.stdout.strip()
    assert value == SerializationSettings.from_json(sample).serialized_context
    decoded = _run("context", "decode", "-", stdin=value)
    assert json.loads(decoded.stdout) == json.loads(sample)


@pytest.mark.parametrize("garbage", ["not base64!", "H4sIAAAAAAAC/", "aGVsbG8="])
def test_context_decode_of_garbage_is_a_one_line_error(garbage: str) -> None:
    _one_line_error(_run("context", "decode", garbage))


def test_context_encode_of_bad_json_is_a_one_line_error() -> None:
    _one_line_error(_run("context", "encode", '{"project": 3}'))


def test_secrets_where_never_shows_a_value() -> None:
    result = _run(
        "secrets",
        "where",
        "db",
        "password",
        "--version",
        "v2",
        env={"_FSEC_DB_V2_PASSWORD": "hunter2"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "environment variable: _FSEC_DB_V2_PASSWORD",
        "environment variable in local executions: DB_V2_PASSWORD",
        "file: /etc/secrets/db/v2/password",
    ]
    assert "hunter2" not in result.stdout + result.stderr


def test_secrets_where_refuses_traversal() -> None:
    assert "not a plain name" in _one_line_error(_run("secrets", "where", "../etc", "passwd"))


def test_usage_errors_exit_2() -> None:
    result = _run("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "ctxcore"
    result = subprocess.run(
        [str(script), "secrets", "where", "g", "k"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("environment variable: _FSEC_G_K")
