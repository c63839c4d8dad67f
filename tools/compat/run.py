"""Run flytekit's own unit tests of the context layer, unedited, against ctxcore, and print how
many pass and, for each failing test, its documented reason (``reasons.py``).

    python tools/compat/run.py <path to a flytekit source checkout>   (make compat FLYTEKIT=...)

The tests import the stand-in ``flytekit`` of ``tools/compat/stand_in``, whose modules hold
ctxcore's names. flytekit's conftest files are not loaded (they import all of flytekit).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEST_FILES = (
    "tests/flytekit/unit/core/test_context_manager.py",
    "tests/flytekit/unit/core/test_data_persistence.py",
    "tests/flytekit/unit/core/test_checkpoint.py",
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
        self.uncollected: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.passed:
            self.passed.append(report.nodeid)
        elif report.failed or (report.when == "setup" and report.skipped):
            self.failed.setdefault(report.nodeid, str(report.longrepr))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.uncollected[report.nodeid] = str(report.longrepr)


def _tests_in(path: Path) -> int:
    return len(re.findall(r"^(?:async )?def test_", path.read_text(encoding="utf-8"), re.M))


def main(flytekit: Path) -> int:
    os.environ["CTXCORE_ROOT"] = str(ROOT)
    sys.path.insert(0, str(HERE / "stand_in"))
    outcomes = _Outcomes()
    files = [str(flytekit / f) for f in TEST_FILES if (flytekit / f).is_file()]
    pytest.main(
        ["-q", "-p", "no:cacheprovider", "--noconftest", "-c", str(HERE / "pytest.ini"),
         "--rootdir", str(flytekit), "--no-header", "--tb=line",
         "--continue-on-collection-errors", *files],
        plugins=[outcomes],
    )  # fmt: skip
    rows: list[tuple[str, str]] = []
    for nodeid, text in outcomes.failed.items():
        rows.append((nodeid, classify(nodeid, text)))
    uncollected_tests = 0
    for nodeid, text in outcomes.uncollected.items():
        count = _tests_in(flytekit / nodeid)
        uncollected_tests += count
        rows.append((f"{nodeid} ({count} tests, not importable)", classify(nodeid, text)))
    total = len(outcomes.passed) + len(outcomes.failed) + uncollected_tests
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
