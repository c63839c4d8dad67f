"""``ctxcore secrets check``, run as a program: which declared secrets can be found, where each
missing one was looked for, never a value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE", "_FSEC"))}
    return subprocess.run(
        [sys.executable, "-m", "ctxcore", *args],
        capture_output=True,
        text=True,
        env={**environment, **env},
        timeout=120,
        check=False,
    )


def _check(*args: str, env: dict[str, str] | None = None, secrets_dir: Path) -> tuple[int, str]:
    environment = {"FLYTE_SECRETS_DEFAULT_DIR": str(secrets_dir), **(env or {})}
    result = _run("secrets", "check", *args, env=environment)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout


def test_all_present_exits_0_and_shows_no_value(tmp_path: Path) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "password").write_text("file-secret-value")
    code, out = _check(
        "db:password",
        "api:token",
        env={"_FSEC_API_TOKEN": "env-secret-value"},
        secrets_dir=tmp_path,
    )
    assert code == 0
    assert out.splitlines() == ["found: db:password", "found: api:token"]
    assert "secret-value" not in out


def test_each_missing_secret_is_listed_with_where_it_was_looked_for(tmp_path: Path) -> None:
    code, out = _check(
        "db:password",
        "api:token",
        "solo",
        env={"_FSEC_API_TOKEN": "present-value"},
        secrets_dir=tmp_path,
    )
    assert code == 1
    assert out.splitlines() == [
        "found: api:token",
        f"missing: db:password: looked in env _FSEC_DB_PASSWORD, file {tmp_path}/db/password",
        f"missing: solo: looked in env _FSEC_SOLO, file {tmp_path}/solo",
    ]
    assert "present-value" not in out


def test_version_names_the_group_version(tmp_path: Path) -> None:
    code, out = _check(
        "db:password",
        "--version",
        "v2",
        env={"_FSEC_DB_V2_PASSWORD": "x"},
        secrets_dir=tmp_path,
    )
    assert (code, out) == (0, "found: db:password (version v2)\n")


def test_a_blank_variable_is_missing(tmp_path: Path) -> None:
    code, out = _check("g:k", env={"_FSEC_G_K": "   "}, secrets_dir=tmp_path)
    assert code == 1
    assert out.startswith("missing: g:k: looked in env _FSEC_G_K")


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("g:",),
        (":k",),
        ("../etc:passwd",),
        ("g:k/..",),
        ("g:k", "--version", ".."),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = _run("secrets", "check", *args, env={"FLYTE_SECRETS_DEFAULT_DIR": str(tmp_path)})
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
