"""W1b: first use, in fresh interpreters (median of 15): the names a task needs, then the
current context (which builds the default root), over bare start-up, and the process's RSS.

``dependencies_ms`` is what importing the runtime dependencies that first use needs (attrs,
pyrsistent; ``returns`` comes with the first ``Result``, which first use without a config file
does not make) costs alone, measured the same way: the part of ``first_use_ms`` that no change
inside ctxcore can remove."""

from __future__ import annotations

from benchmarks.w01_import import measure

WORKLOAD = "W1b"
_RUNS = 15
_MS_TARGET = 60.0
_RSS_TARGET_MIB = 25.0
DEPENDENCIES = "import attrs, pyrsistent"
FIRST_USE = (
    "from ctxcore import FlyteContextManager, FlyteContext, CompilationState, Node, Config, "
    "SerializationSettings, FileAccessProvider; FlyteContextManager.current_context()"
)


def run() -> dict[str, object]:
    first_ms, first_rss = measure(FIRST_USE, runs=_RUNS)
    dependencies_ms, _ = measure(DEPENDENCIES, runs=_RUNS)
    bare_ms, bare_rss = measure("pass", runs=_RUNS)
    extra_ms = first_ms - bare_ms
    return {
        "first_use_ms": round(extra_ms, 1),
        "first_use_rss_mib": round(first_rss, 1),
        "dependencies_ms": round(dependencies_ms - bare_ms, 1),
        "bare_rss_mib": round(bare_rss, 1),
        "target_ms": _MS_TARGET,
        "target_rss_mib": _RSS_TARGET_MIB,
        "target_met": extra_ms <= _MS_TARGET and first_rss <= _RSS_TARGET_MIB,
    }
