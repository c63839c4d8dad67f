"""The command line, run through its entry point in a subprocess, with good and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ctxcore.core.handoff.envelope import ContextEnvelope
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
    assert "[6/6] writing the report ... done" in result.stdout
    report = tmp_path / "report.html"
    assert f"report            {report}" in result.stdout
    page = report.read_text()
    assert "<td>node extract-rows</td>" in page
    assert page.count('<rect class="bar"') == 4
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


# --- closed and broken standard streams -------------------------------------------------------

_OUTPUT_COMMANDS = {
    "config": ("config",),
    "config-explain-json": ("config", "--explain", "--json"),
    "secrets-where": ("secrets", "where", "g", "k"),
    "context-encode": (
        "context",
        "encode",
        (_FIXTURES / "serialization_settings.to_json.json").read_text(),
    ),
}

_BUFFERING: dict[str, dict[str, str | None]] = {
    "buffered": {"PYTHONUNBUFFERED": None},
    "unbuffered": {"PYTHONUNBUFFERED": "1"},
}
"""Python writes stdout when its buffer fills or at exit (buffered), or at each write
(``PYTHONUNBUFFERED``): a broken stream fails at a different place in each."""


def _environment(changes: dict[str, str | None]) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE", "_FSEC"))}
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def _run_redirected(
    redirection: str, *args: str, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI started by a shell with ``redirection`` applied (``>&-`` closes stdout), as a
    user's shell starts it: the descriptor is closed, not at end of file."""
    script = f'exec "$0" -m ctxcore "$@" {redirection}'
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *args],
        capture_output=True,
        text=True,
        env=_environment(env or {}),
        timeout=120,
        check=False,
    )


def _run_into(
    stdout: int, args: tuple[str, ...], buffering: str
) -> subprocess.CompletedProcess[str]:
    """The CLI writing to the descriptor ``stdout``, its stderr captured."""
    return subprocess.run(
        [sys.executable, "-m", "ctxcore", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(_BUFFERING[buffering]),
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("buffering", sorted(_BUFFERING))
@pytest.mark.parametrize("command", sorted(_OUTPUT_COMMANDS))
def test_a_pipe_closed_by_its_reader_ends_quietly_with_141(command: str, buffering: str) -> None:
    args = _OUTPUT_COMMANDS[command]
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first write: every write fails
    try:
        result = _run_into(writer, args, buffering)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (141, "")


def test_ctxcore_config_piped_into_true_ends_quietly() -> None:
    # The shell pipeline as found: `true` may exit before or after the write, so both the quiet
    # broken pipe (141) and a complete write (0) are right; anything on stderr is not.
    result = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$0" -m ctxcore config --explain | true', sys.executable],
        capture_output=True,
        text=True,
        env=_environment(_BUFFERING["buffered"]),
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 141), result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("buffering", sorted(_BUFFERING))
def test_a_full_disk_under_stdout_is_a_one_line_error(buffering: str) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full (a device where every write fails with ENOSPC) here")
    with open("/dev/full", "w") as full:
        result = _run_into(full.fileno(), ("config",), buffering)
    assert "No space left on device" in _one_line_error(result)


_ALL_COMMANDS = {
    **_OUTPUT_COMMANDS,
    "demo": ("demo",),
    "context-decode-stdin": ("context", "decode", "-"),
    "help": ("--help",),
}


@pytest.mark.parametrize("command", sorted(_ALL_COMMANDS))
def test_a_closed_stdout_is_a_one_line_error(command: str) -> None:
    result = _run_redirected(">&-", *_ALL_COMMANDS[command])
    assert _one_line_error(result) == "ctxcore: error: standard output is closed"


@pytest.mark.parametrize("action", ["decode", "encode"])
def test_a_closed_stdin_is_a_one_line_error(action: str) -> None:
    result = _run_redirected("<&-", "context", action, "-")
    assert _one_line_error(result) == (
        "ctxcore context: error: standard input is closed (give the value instead of -)"
    )
    assert result.stdout == ""


@pytest.mark.parametrize("buffering", sorted(_BUFFERING))
def test_with_stderr_closed_an_error_still_exits_1_and_stdout_stays_clean(buffering: str) -> None:
    env: dict[str, str | None] = {"FLYTE_AWS_RETRIES": "x", **_BUFFERING[buffering]}
    result = _run_redirected("2>&-", "config", env=env)
    assert (result.returncode, result.stdout) == (1, "")


@pytest.mark.parametrize(
    ("record", "schema"),
    [
        ("serialization-settings", SerializationSettings.json_schema),
        ("context-envelope", ContextEnvelope.json_schema),
    ],
)
def test_schema_prints_a_record_s_json_schema(
    record: str, schema: Callable[[], dict[str, object]]
) -> None:
    result = _run("schema", record)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == schema()
    unknown = _run("schema", "nothing")
    assert unknown.returncode == 2
    assert "invalid choice" in unknown.stderr


def test_config_explains_a_plugin_s_entries(tmp_path: Path) -> None:
    config = tmp_path / "flytekit.config"
    config.write_text("[secrets]\nhost = statsd.internal\n")
    env = {"FLYTE_SECRETS_PORT": "9125"}
    result = _run(
        "config",
        "--config",
        str(config),
        "--explain",
        "--entries",
        "ctxcore.config_entries:StatsD",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert f"StatsD.HOST = 'statsd.internal'  <- file [secrets] host at {config}:2" in result.stdout
    assert "StatsD.PORT = 9125  <- env FLYTE_SECRETS_PORT" in result.stdout
    line = _one_line_error(_run("config", "--entries", "no_such_plugin.config"))
    assert "cannot import no_such_plugin.config" in line
