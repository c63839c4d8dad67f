"""``make dist``'s checks of what a release would upload (after ``twine check``).

Usage: ``check_dist.py DIST BUILD``. ``DIST`` holds the sdist and the wheel built from it;
``BUILD/from-tree`` a wheel built straight from the checkout. The checks:

1. the two wheels hold the same files with the same bytes (the sdist is complete);
2. the wheel holds ``ctxcore`` (with ``py.typed``) and its metadata only: no tests, benchmarks,
   development stubs (``typings/``: the public API declares its own types, such as the
   ``FileSystem`` Protocol, so users need no stubs of ours) or compiled files;
3. the metadata names the version of ``pyproject.toml``, the license and its file;
4. the sdist holds what builds the wheel and no local state (``.venv``, caches);
5. in a new virtual environment, with the runtime dependencies at the versions ``uv.lock`` pins,
   ``import ctxcore`` reports that version and ``python -m ctxcore demo`` runs.

Failures are listed one a line, then the script exits 1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_FORBIDDEN_IN_WHEEL = re.compile(r"(^|/)(tests|benchmarks|typings|__pycache__)/|\.pyc$")
_FORBIDDEN_IN_SDIST = re.compile(r"/(\.venv|\.cache|\.git|build|dist|node_modules)/|\.pyc$")


def _version() -> str:
    found = re.search(
        r'^version = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M
    )
    if found is None:
        raise SystemExit("pyproject.toml has no version line")
    return found.group(1)


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"expected one {pattern} in {folder}, found {[p.name for p in found]}")
    return found[0]


def _members(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def wheel_problems(wheel: Path, from_tree: Path, version: str) -> list[str]:
    problems: list[str] = []
    files = _members(wheel)
    tree_files = _members(from_tree)
    if files != tree_files:
        differ = sorted(
            name
            for name in files.keys() | tree_files.keys()
            if files.get(name) != tree_files.get(name)
        )
        problems.append(f"the wheel built from the sdist differs from the tree's in {differ}")
    info = f"ctxcore-{version}.dist-info/"
    problems += [
        f"the wheel should not hold {name}"
        for name in sorted(files)
        if not name.startswith(("ctxcore/", info)) or _FORBIDDEN_IN_WHEEL.search(name)
    ]
    needed = ("ctxcore/py.typed", "ctxcore/__init__.py", "ctxcore/__main__.py")
    problems += [f"the wheel lacks {name}" for name in needed if name not in files]
    metadata = HeaderParser().parsestr(files.get(info + "METADATA", b"").decode("utf-8"))
    expected = {"Name": "ctxcore", "Version": version, "License-Expression": "Apache-2.0"}
    for field, value in expected.items():
        if metadata.get(field) != value:
            problems.append(f"METADATA {field} is {metadata.get(field)!r}, not {value!r}")
    if metadata.get("License-File") != "LICENSE" or info + "licenses/LICENSE" not in files:
        problems.append("the wheel does not carry LICENSE")
    return problems


def sdist_problems(sdist: Path, version: str) -> list[str]:
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    top = f"ctxcore-{version}/"
    problems = [f"the sdist should not hold {n}" for n in names if _FORBIDDEN_IN_SDIST.search(n)]
    needed = ("pyproject.toml", "README.md", "LICENSE", "src/ctxcore/py.typed")
    return problems + [f"the sdist lacks {name}" for name in needed if top + name not in names]


def install_problems(wheel: Path, version: str) -> list[str]:
    uv = os.environ["UV"]
    with tempfile.TemporaryDirectory(prefix="ctxcore-dist-") as scratch:
        venv, constraints = Path(scratch) / "venv", Path(scratch) / "constraints.txt"
        run = subprocess.run
        run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
        export = [uv, "export", "--quiet", "--frozen", "--no-dev", "--no-emit-project"]
        run([*export, "--no-hashes", "--output-file", str(constraints)], check=True, cwd=ROOT)
        python = str(venv / "bin" / "python")
        install = [uv, "pip", "install", "--quiet", "--python", python, "-c", str(constraints)]
        run([*install, str(wheel)], check=True)

        # Run where neither the checkout nor its venv can be imported by accident.
        def outside(*args: str) -> subprocess.CompletedProcess[str]:
            return run([python, *args], cwd=scratch, capture_output=True, text=True, check=False)

        imported = outside("-c", "import ctxcore; print(ctxcore.__version__)")
        problems: list[str] = []
        if imported.stdout.strip() != version:
            problems.append(f"import ctxcore in a new venv: {imported.stdout}{imported.stderr}")
        demo = outside("-m", "ctxcore", "demo")
        if demo.returncode != 0:
            problems.append(f"python -m ctxcore demo in a new venv: {demo.stderr}")
        return problems


def main(dist: Path, build: Path) -> int:
    version = _version()
    wheel = _one(dist, "*.whl")
    problems = wheel_problems(wheel, _one(build / "from-tree", "*.whl"), version)
    problems += sdist_problems(_one(dist, "*.tar.gz"), version)
    problems += install_problems(wheel, version)
    for problem in problems:
        print(f"make dist: {problem}", file=sys.stderr)
    if not problems:
        print(f"make dist: {wheel.name} and its sdist are sound; it installs and runs")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
