"""``make mutation``: mutmut 3 over one core module with only the tests that exercise it.

    python tools/mutation_run.py [MODULE] [--tests PATH ...] [--only MUTANT ...] [--max-children N]

mutmut's first run records which tests call each mutated function, over every test of
``pytest_add_cli_args_test_selection``; over all of ``tests/core`` and ``tests/fuzz`` that takes
longer than the mutants of one module. So a run for one module happens in a scratch directory,
``build/mutation/<MODULE>/``: the tree's ``src``, ``tests``, ``docs`` and ``README.md`` linked in
(edits to tests are seen on the next run), and a ``pyproject.toml`` whose ``[tool.mutmut]``
mutates only that module and selects only its tests. The mutants stay there between runs, so a
second run re-uses the call record. Then ``tools/mutation_report.py`` prints the module's score
and its unreviewed survivors (exit status 1 while there is one).

The tests of a module, unless ``--tests`` says: every ``test_*.py`` of ``tests/core`` and
``tests/fuzz`` that names the module (``ctxcore.core.identifiers``), whose file name contains
the module's own name (``test_dnsify.py``, ``test_fuzz_transport.py``), that imports it
(``from ctxcore.core.storage import paths``) or that imports from ctxcore a name it offers (its
``__all__``, or its public top-level names: ``from ctxcore import parse_settings_json``); the
same for each module of its package that imports it (``config.file`` for ``config.ini``).
``MODULE`` ``ctxcore.core`` (the default) runs the whole core with the whole selection of
``[tool.mutmut]``: hours. ``--only`` runs just the mutants named (say the survivors of the last
run, after new tests); the others keep their last result.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCHED = ("tests/core", "tests/fuzz")
LINKED = ("src", "tests", "docs", "README.md")
_SECTION = re.compile(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n)*", re.MULTILINE)


def module_glob(module: str) -> str:
    """The ``only_mutate`` pattern of ``module``: its file, or everything under its package."""
    path = ROOT / "src" / Path(*module.split("."))
    if path.with_suffix(".py").is_file():
        return f"src/{path.relative_to(ROOT / 'src').as_posix()}.py"
    if path.is_dir():
        return f"src/{path.relative_to(ROOT / 'src').as_posix()}/*"
    raise SystemExit(f"{module}: no such module under src/")


def public_names(module: str) -> frozenset[str]:
    """What ``module`` offers: its ``__all__``, or else its top-level names without a ``_``."""
    path = ROOT / "src" / Path(*module.split("."))
    source = path.with_suffix(".py") if path.with_suffix(".py").is_file() else path / "__init__.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return frozenset(ast.literal_eval(node.value))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
    return frozenset(name for name in names if not name.startswith("_"))


def imports_module(test: str, module: str, offered: frozenset[str] = frozenset()) -> bool:
    """Whether the source ``test`` imports ``module``, or a name it offers from ctxcore."""
    package, _, leaf = module.rpartition(".")
    for node in ast.walk(ast.parse(test)):
        if isinstance(node, ast.Import) and any(
            alias.name == module or alias.name.startswith(f"{module}.") for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            imported = {alias.name for alias in node.names}
            if node.module == module or (node.module == package and leaf in imported):
                return True
            if node.module.split(".")[0] == "ctxcore" and imported & offered:
                return True
    return False


def importers(module: str) -> list[str]:
    """The modules of ``module``'s own package that import it (``config.file`` of
    ``config.ini``): their tests reach it through them."""
    package = module.rpartition(".")[0]
    folder = ROOT / "src" / Path(*package.split("."))
    found: list[str] = []
    for source in sorted(folder.glob("*.py")):
        other = f"{package}.{source.stem}".removesuffix(".__init__")
        if other != module and imports_module(source.read_text(encoding="utf-8"), module):
            found.append(other)
    return found


def tests_for(module: str) -> list[str]:
    """The test files of ``tests/core`` and ``tests/fuzz`` that exercise ``module``: those whose
    name contains the module's own, that name it, or that import it or a name it offers, or
    one of its package's modules that import it, or a name that one offers."""
    leaf = module.rsplit(".", 1)[-1]
    naming = re.compile(rf"\b{re.escape(module)}\b")
    reached = [(other, public_names(other)) for other in (module, *importers(module))]
    found: list[str] = []
    for folder in SEARCHED:
        for test in sorted((ROOT / folder).rglob("test_*.py")):
            source = test.read_text(encoding="utf-8")
            if (
                leaf in test.stem
                or naming.search(source)
                or any(imports_module(source, other, offered) for other, offered in reached)
            ):
                found.append(test.relative_to(ROOT).as_posix())
    if not found:
        raise SystemExit(f"{module}: no test file names it; say which with --tests")
    return found


def scratch_config(pyproject: str, only_mutate: str, tests: list[str]) -> str:
    """``pyproject`` with its ``[tool.mutmut]`` narrowed to ``only_mutate`` and ``tests``."""
    section = _SECTION.search(pyproject)
    if section is None:
        raise SystemExit("pyproject.toml has no [tool.mutmut] section")
    narrowed = re.sub(
        r"^only_mutate = .*$",
        f"only_mutate = {json.dumps([only_mutate])}",
        section.group(),
        flags=re.MULTILINE,
    )
    narrowed = re.sub(
        r"^pytest_add_cli_args_test_selection = .*$",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        narrowed,
        flags=re.MULTILINE,
    )
    return pyproject[: section.start()] + narrowed + pyproject[section.end() :]


def prepare(module: str, tests: list[str] | None) -> Path:
    """The scratch directory of ``module``'s run, set up (or brought up to date)."""
    scratch = ROOT / "build" / "mutation" / module
    scratch.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        link = scratch / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name)
    whole = module == "ctxcore.core"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if not whole:
        selection = tests if tests else tests_for(module)
        print(f"mutating {module_glob(module)} against {len(selection)} test files:")
        for test in selection:
            print(f"    {test}")
        pyproject = scratch_config(pyproject, module_glob(module), selection)
    (scratch / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return scratch


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="mutmut over one core module.")
    parser.add_argument("module", nargs="?", default="ctxcore.core")
    parser.add_argument("--tests", nargs="+", help="the test paths to select instead")
    parser.add_argument("--only", nargs="+", help="the mutants (or globs) to run again")
    parser.add_argument("--max-children", type=int, default=2)
    arguments = parser.parse_args(argv)
    for test in arguments.tests or ():
        if not (ROOT / test).exists():
            # ``--tests a.py ctxcore.core.x`` takes the module for a test path, and would
            # mutate the whole core: say so instead.
            parser.error(f"--tests {test}: no such file or directory (put MODULE before --tests)")
    module: str = arguments.module
    scratch = prepare(module, arguments.tests)
    mutmut = Path(sys.executable).parent / "mutmut"
    chosen: list[str] = arguments.only or [f"{module}.*"]
    run = [str(mutmut), "run", "--max-children", str(arguments.max_children), *chosen]
    status = subprocess.run(run, cwd=scratch, check=False).returncode
    if status:
        return status
    report = [sys.executable, str(ROOT / "tools" / "mutation_report.py"), "--survivors"]
    report += ["--mutants", str(scratch / "mutants"), module, f"{module}.*"]
    return subprocess.run(report, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
