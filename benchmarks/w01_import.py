"""W1: the cost of a fresh ``import ctxcore`` (time above bare start-up, and RSS).

Measured with bytecode caches, as an installed package has them (pip writes them at install):
each statement first runs once with writing allowed, since this machine sets
``PYTHONDONTWRITEBYTECODE`` and would otherwise compile every module on every run, which
measures the size of the source rather than the cost of the import. The interpreters run
with no Flyte configuration to find (``benchmarks._isolation``), as on a fresh machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from benchmarks._isolation import without_config

WORKLOAD = "W1"
_RUNS = 9
_SNIPPET = (
    "import resource, time; t = time.perf_counter(); {imp}; "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def measure(statement: str, runs: int = _RUNS) -> tuple[float, float]:
    """Median time (ms) and median max RSS (MiB) of ``statement`` in ``runs`` fresh
    interpreters (the time is taken inside the interpreter, so bare start-up is not in it)."""
    command = [sys.executable, "-X", "frozen_modules=on", "-c", _SNIPPET.format(imp=statement)]
    env, home = without_config()  # first use reads no developer's config file
    writing = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=writing, cwd=home)  # the caches
    times: list[float] = []
    rss: list[float] = []
    for _ in range(runs):
        out = subprocess.run(
            command, check=True, capture_output=True, text=True, env=env, cwd=home
        ).stdout.split()
        times.append(float(out[0]) * 1000)
        rss.append(int(out[1]) / 1024)
    return statistics.median(times), statistics.median(rss)


def run() -> dict[str, object]:
    ctxcore_ms, ctxcore_rss = measure("import ctxcore")
    baseline_ms, _ = measure("import attrs, returns.result")
    first_use_ms, first_use_rss = measure(
        "from ctxcore import FlyteContextManager, FlyteContext, CompilationState, Node"
    )
    bare_ms, bare_rss = measure("pass")
    ratio = ctxcore_ms / baseline_ms
    return {
        "import_ctxcore_ms": round(ctxcore_ms, 1),
        "import_attrs_returns_ms": round(baseline_ms, 1),
        "ratio_to_attrs_returns": round(ratio, 2),
        "rss_mib": round(ctxcore_rss, 1),
        "rss_extra_mib": round(ctxcore_rss - bare_rss, 1),
        "import_core_names_ms": round(first_use_ms, 1),
        "import_core_names_rss_mib": round(first_use_rss, 1),
        "bare_interpreter_ms": round(bare_ms, 1),
        "target_met": ctxcore_ms <= 100 and ratio <= 1.3 and ctxcore_rss <= 40,
    }
