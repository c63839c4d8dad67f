"""Run flytekit's own unit tests of the context layer, unedited, against ctxcore, and print how
many pass and, for each failing test, its documented reason (``reasons.py``).

    python tools/compat/run.py <path to a flytekit source checkout>   (make compat FLYTEKIT=...)

The tests import the stand-in ``flytekit`` of ``tools/compat/stand_in``, whose modules hold
ctxcore's names. flytekit's conftest files are not loaded (they import all of flytekit).

Tests are counted as pytest collects them (each parametrized case is one); a file that cannot be
imported counts the cases its source declares (``_cases_in``). Tests marked ``sandbox_test``
need the flyte sandbox's S3 at ``localhost:30002`` (``Config.for_sandbox()`` hard-codes it, so
it cannot be pointed elsewhere); flytekit's own unit-test run leaves them out, and so does this
one when nothing listens there: they are counted, as not run, under ``needs-object-store``.
"""

from __future__ import annotations

import ast
import os
import re
import socket
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEST_FILES = (
    "tests/flytekit/unit/core/test_context_manager.py",
    "tests/flytekit/unit/core/test_data_persistence.py",
    "tests/flytekit/unit/core/test_data.py",
    "tests/flytekit/unit/core/test_checkpoint.py",
    "tests/flytekit/unit/core/test_checkpointer.py",
    "tests/flytekit/unit/configuration/test_file.py",
    "tests/flytekit/unit/configuration/test_internal.py",
    "tests/flytekit/unit/configuration/test_image_config.py",
    "tests/flytekit/unit/configuration/test_yaml_file.py",
    "tests/flytekit/unit/models/core/test_identifier.py",
)
"""flytekit's tests of the modules ctxcore reimplements."""

sys.path.insert(0, str(HERE))
from reasons import classify  # noqa: E402


class _Outcomes:
    def __init__(self) -> None:
        self.passed: list[str] = []
        self.failed: dict[str, str] = {}
        self.not_run: list[str] = []
        self.uncollected: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.passed:
            self.passed.append(report.nodeid)
        elif report.failed or report.skipped:
            self.failed.setdefault(report.nodeid, str(report.longrepr))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.uncollected[report.nodeid] = str(report.longrepr)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.not_run.extend(item.nodeid for item in items)


def _cases_in(path: Path) -> int:
    """The test cases ``path`` declares: each test function once per combination of its
    ``parametrize`` decorators whose argument values are a literal list or tuple."""
    cases = 0
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not node.name.startswith("test_"):
            continue
        count = 1
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and ast.unparse(decorator.func).endswith("mark.parametrize")
                and len(decorator.args) >= 2
                and isinstance(decorator.args[1], ast.List | ast.Tuple)
            ):
                count *= len(decorator.args[1].elts)
        cases += count
    return cases


def _sandbox_up() -> bool:
    try:
        with socket.create_connection(("localhost", 30002), timeout=1):
            return True
    except OSError:
        return False


def main(flytekit: Path) -> int:
    os.environ["CTXCORE_ROOT"] = str(ROOT)
    sys.path.insert(0, str(HERE / "stand_in"))
    outcomes = _Outcomes()
    files = [str(flytekit / f) for f in TEST_FILES if (flytekit / f).is_file()]
    marks = [] if _sandbox_up() else ["-m", "not sandbox_test"]
    pytest.main(
        ["-q", "-p", "no:cacheprovider", "--noconftest", "-c", str(HERE / "pytest.ini"),
         "--rootdir", str(flytekit), "--no-header", "--tb=line",
         "--continue-on-collection-errors", *marks, *files],
        plugins=[outcomes],
    )  # fmt: skip
    rows: list[tuple[str, str]] = []
    for nodeid, text in outcomes.failed.items():
        rows.append((nodeid, classify(nodeid, text)))
    not_run = " (not run: nothing listens on localhost:30002)"
    rows.extend((nodeid + not_run, classify(nodeid, not_run)) for nodeid in outcomes.not_run)
    uncollected_tests = 0
    for nodeid, text in outcomes.uncollected.items():
        count = _cases_in(flytekit / nodeid)
        uncollected_tests += count
        rows.append((f"{nodeid} ({count} tests, not importable)", classify(nodeid, text)))
    ran = len(outcomes.passed) + len(outcomes.failed)
    total = ran + len(outcomes.not_run) + uncollected_tests
    print(f"\ncompat: {len(outcomes.passed)} of {total} flytekit tests pass")
    by_category: Counter[str] = Counter()
    for nodeid, category in sorted(rows):
        weight = int(m[1]) if (m := re.search(r"\((\d+) tests", nodeid)) else 1
        by_category[category] += weight
        print(f"  FAIL [{category}] {nodeid}")
    for category, count in by_category.most_common():
        print(f"  {count:3} {category}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: run.py <path to a flytekit source checkout>")
    raise SystemExit(main(Path(sys.argv[1]).resolve()))
