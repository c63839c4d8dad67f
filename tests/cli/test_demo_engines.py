"""``demo --engine``: the four nodes run on two workers of the engine, each in the caller's
context handed over to it, and the report says so; a missing extra is one line and exit 2.

The process pool runs in this process (its workers are spawned, so they share nothing with the
test but what the envelope carries); Dask and Ray run the command as a program, as a person
would, so that the engines' own threads and settings stay out of the test process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ctxcore.cli.main import EXIT_MISSING_EXTRA, main

_FIELDS = ("execution id", "raw-output prefix", "custom context", "trace id")


def _check_output(stdout: str, report: Path, engine: str) -> None:
    """Four nodes on two workers other than the caller, each seeing the caller's context; the
    outputs under the caller's raw-output prefix; the report marks every field the same."""
    nodes = re.findall(r"^  node (\S+) +pid (\d+) on (\S+): (.*)$", stdout, re.MULTILINE)
    assert [name for name, *_ in nodes] == ["extract-rows", "clean-data", "train-model", "report"]
    pids = {pid for _, pid, _, _ in nodes}
    assert len(pids) == 2
    for *_, seen in nodes:
        assert seen == ", ".join(f"{field} same" for field in _FIELDS)
    raw = report.parent / "raw"
    outputs = [line.split()[-1] for line in stdout.splitlines() if "  output of " in line]
    assert len(outputs) == 4
    assert all(Path(output).is_relative_to(raw) for output in outputs)
    assert json.loads(Path(outputs[-1]).read_text())["upstream"] == ["train-model"]
    page = report.read_text(encoding="utf-8")
    assert f"ctxcore demo on the {engine} engine" in page
    assert "every node saw the caller's context" in page
    assert page.count('<td class="same">') == 4 * 4
    assert 'class="differs"' not in page
    assert page.count('<rect class="bar"') == 4
    assert all(f"pid {pid} on" in page for pid in pids)
    assert str(os.getpid()) not in pids


def test_processes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo", "--engine", "processes", "--output", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "[3/8] starting the processes engine (2 workers) ... done" in captured.out
    assert "[4/8] running 4 nodes on processes ... done" in captured.out
    assert "[5/8] stopping the processes engine ... done" in captured.out
    _check_output(captured.out, tmp_path / "report.html", "processes")
    assert (tmp_path / "workers").is_dir()  # the workers' own roots, not the default place


def _run(engine: str, output: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE", "_FSEC"))}
    return subprocess.run(
        [sys.executable, "-m", "ctxcore", "demo", "--engine", engine, "--output", str(output)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["dask", "ray"])
def test_dask_and_ray(engine: str, tmp_path: Path) -> None:
    result = _run(engine, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    _check_output(result.stdout, tmp_path / "report.html", engine)


@pytest.mark.parametrize(
    ("engine", "module"), [("dask", "distributed"), ("ray", "ray")], ids=["dask", "ray"]
)
def test_without_the_extra_it_says_which_to_install_and_exits_2(
    engine: str,
    module: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # what the demo would set
    monkeypatch.delitem(sys.modules, f"ctxcore.integrations.{engine}", raising=False)
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    output = tmp_path / "out"
    assert main(["demo", "--engine", engine, "--output", str(output)]) == EXIT_MISSING_EXTRA
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"ctxcore demo: error: ctxcore.integrations.{engine} needs {module}, which is not "
        f"installed: pip install 'ctxcore[{engine}]'\n"
    )
    assert not output.exists()  # nothing written, nothing started


def test_an_unknown_engine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--engine", "spark"])
    assert exit_.value.code == 2
    assert "invalid choice: 'spark'" in capsys.readouterr().err
