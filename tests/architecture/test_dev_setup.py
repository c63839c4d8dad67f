"""The development set-up keeps its promises: the lock check speaks up in one line, and the
distribution checks of ``make dist`` (``tools/check_dist.py``) catch what they say they catch."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.tool_modules import load_tool

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".cache/uv/bin/uv"


def _check_dist() -> ModuleType:
    return load_tool("check_dist")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The files ``make lock-check`` reads, in a directory of their own, with the project's uv."""
    if not UV.exists():
        pytest.fail("the project's uv is missing: run the tests through make, which installs it")
    for name in ("Makefile", "pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "tools", tmp_path / "tools")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache/uv").symlink_to(ROOT / ".cache/uv")
    return tmp_path


def _lock_check(where: Path) -> subprocess.CompletedProcess[str]:
    # -o: make must not rebuild the uv it was given because the copied tools/uv.txt is newer.
    command = ["make", "--no-print-directory", "-o", ".cache/uv/bin/uv", "lock-check"]
    return subprocess.run(command, cwd=where, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_lock_check_passes_on_the_checkout(project_copy: Path) -> None:
    checked = _lock_check(project_copy)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
def test_lock_check_fails_in_one_line_when_pyproject_moves_on(project_copy: Path) -> None:
    pyproject = project_copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace('    "PyYAML>=6.0",\n', '    "PyYAML>=6.0",\n    "six>=1.16",\n', 1),
        encoding="utf-8",
    )
    checked = _lock_check(project_copy)
    assert checked.returncode != 0
    assert checked.stderr.splitlines()[0] == (
        "uv.lock does not match pyproject.toml: run 'make lock'"
    )
    assert "Error" in checked.stderr.splitlines()[-1]  # make's own line, nothing from uv


def _wheel(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


_INFO = "ctxcore-9.9.9.dist-info/"
_METADATA = (
    "Metadata-Version: 2.4\nName: ctxcore\nVersion: 9.9.9\n"
    "License-Expression: Apache-2.0\nLicense-File: LICENSE\n"
)
_GOOD = {
    "ctxcore/__init__.py": "",
    "ctxcore/__main__.py": "",
    "ctxcore/py.typed": "",
    _INFO + "METADATA": _METADATA,
    _INFO + "licenses/LICENSE": "Apache",
}


def test_a_sound_wheel_has_no_problems(tmp_path: Path) -> None:
    check = _check_dist()
    wheel = _wheel(tmp_path / "a.whl", _GOOD)
    assert check.wheel_problems(wheel, wheel, "9.9.9") == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"ctxcore/py.typed": None}, "the wheel lacks ctxcore/py.typed"),
        ({"tests/test_x.py": ""}, "the wheel should not hold tests/test_x.py"),
        ({"ctxcore/tests/test_x.py": ""}, "should not hold ctxcore/tests/test_x.py"),
        ({"typings/fsspec/__init__.pyi": ""}, "should not hold typings/fsspec/__init__.pyi"),
        ({"ctxcore/__pycache__/a.pyc": ""}, "should not hold ctxcore/__pycache__/a.pyc"),
        ({_INFO + "licenses/LICENSE": None}, "the wheel does not carry LICENSE"),
        ({_INFO + "METADATA": _METADATA.replace("9.9.9", "1.0")}, "METADATA Version is '1.0'"),
    ],
)
def test_a_wheel_problem_is_named(
    tmp_path: Path, change: dict[str, str | None], expected: str
) -> None:
    files = {**_GOOD, **change}
    bad = _wheel(tmp_path / "bad.whl", {k: v for k, v in files.items() if v is not None})
    problems: list[str] = _check_dist().wheel_problems(bad, bad, "9.9.9")
    assert any(expected in problem for problem in problems), problems


def test_wheels_from_the_sdist_and_the_tree_must_agree(tmp_path: Path) -> None:
    good = _wheel(tmp_path / "good.whl", _GOOD)
    other = _wheel(tmp_path / "other.whl", {**_GOOD, "ctxcore/__init__.py": "x = 1"})
    problems: list[str] = _check_dist().wheel_problems(good, other, "9.9.9")
    assert problems == [
        "the wheel built from the sdist differs from the tree's in ['ctxcore/__init__.py']"
    ]


def _sdist(path: Path, names: list[str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            archive.addfile(info, io.BytesIO(b""))
    return path


def test_an_sdist_problem_is_named(tmp_path: Path) -> None:
    top = "ctxcore-9.9.9/"
    needed = ["pyproject.toml", "README.md", "LICENSE", "src/ctxcore/py.typed"]
    check = _check_dist()
    good = _sdist(tmp_path / "good.tar.gz", [top + n for n in needed])
    assert check.sdist_problems(good, "9.9.9") == []
    names = [top + n for n in needed if n != "LICENSE"] + [top + ".venv/bin/python"]
    problems: list[str] = check.sdist_problems(_sdist(tmp_path / "b.tar.gz", names), "9.9.9")
    assert problems == [
        "the sdist should not hold ctxcore-9.9.9/.venv/bin/python",
        "the sdist lacks LICENSE",
    ]
