"""The mutation score of each core module, from what ``mutmut run`` left in ``mutants/``.

    python tools/mutation_report.py [--survivors] [--mutants DIR] [MODULE_GLOB ...]

For every module with mutants that were run: how many were killed (a test failed, or timed out),
survived, reviewed as equivalent (``tests/mutation/equivalent.txt``: ``<mutant>: <reason>``, one
a line), had no test that calls their function, and the score: killed / (run - equivalent).
``--survivors`` lists each survivor that is not in the reviewed list; the exit status is 1 when
there is one, so that a run shows at a glance whether every survivor has been looked at.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = Path("mutants")
EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.txt"

# mutmut 3's exit codes (mutmut/stats.py): 1 and 3 a failed test, 0 all passed, 33 and 5 no
# test, 36, 24, -24, 152 and 255 out of time, 37 refused by the type checker; None not run.
_STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
    37: "type check",
}


def equivalent_mutants(path: Path = EQUIVALENT) -> dict[str, str]:
    """The reviewed list: each mutant's name and the reason it cannot be told apart."""
    reviewed: dict[str, str] = {}
    if not path.exists():
        return reviewed
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, reason = line.partition(":")
        if not reason.strip():
            raise SystemExit(f"{path}:{number}: '{name.strip()}' has no reason")
        reviewed[name.strip()] = reason.strip()
    return reviewed


def module_results(root: Path = MUTANTS) -> dict[str, dict[str, int | None]]:
    """Each module's mutants and their exit codes, from mutmut's ``.meta`` files."""
    results: dict[str, dict[str, int | None]] = {}
    for meta in sorted((root / "src").rglob("*.py.meta")):
        relative = meta.relative_to(root / "src").with_suffix("").with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        results[module] = json.loads(meta.read_text())["exit_code_by_key"]
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="The mutation score of each core module.")
    parser.add_argument("modules", nargs="*", default=["ctxcore.core*"])
    parser.add_argument("--survivors", action="store_true", help="list unreviewed survivors")
    parser.add_argument("--mutants", type=Path, default=MUTANTS, help="mutmut's mutants/ folder")
    arguments = parser.parse_args(argv)
    reviewed = equivalent_mutants()
    unreviewed: list[str] = []
    rows: list[tuple[str, Counter[str], float | None]] = []
    for module, codes in module_results(arguments.mutants).items():
        if not any(fnmatch.fnmatch(module, pattern) for pattern in arguments.modules):
            continue
        counts: Counter[str] = Counter()
        for mutant, code in codes.items():
            if code is None:
                continue
            status = _STATUS.get(code, "suspicious")
            if status == "timeout":
                status = "killed"
            if status == "survived" and mutant in reviewed:
                status = "equivalent"
            if status == "survived":
                unreviewed.append(mutant)
            counts[status] += 1
        run = sum(counts.values())
        if not run:
            continue
        scored = run - counts["equivalent"] - counts["no tests"] - counts["skipped"]
        rows.append((module, counts, counts["killed"] / scored if scored else None))
    width = max([len(row[0]) for row in rows] + [6])
    print(f"{'module':<{width}}  run  killed  survived  equivalent  no tests  score")
    for module, counts, score in rows:
        shown = "-" if score is None else f"{100 * score:.1f}%"
        print(
            f"{module:<{width}}  {sum(counts.values()):>3}  {counts['killed']:>6}  "
            f"{counts['survived']:>8}  {counts['equivalent']:>10}  {counts['no tests']:>8}  "
            f"{shown:>5}"
        )
    if arguments.survivors:
        for mutant in unreviewed:
            print(f"survived: {mutant}")
    return 1 if arguments.survivors and unreviewed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
