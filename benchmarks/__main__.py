"""Run every workload module (``benchmarks/w*.py``, each with ``run() -> dict``) and print JSON.

``python -m benchmarks [W2 W6 ...]`` runs only the named workloads.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys

import benchmarks


def main(selected: list[str]) -> int:
    results: dict[str, object] = {}
    names = sorted(
        info.name for info in pkgutil.iter_modules(benchmarks.__path__) if info.name[:1] == "w"
    )
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        workload: str = module.WORKLOAD
        if selected and workload not in selected:
            continue
        print(f"running {workload} ({name})", file=sys.stderr)
        results[workload] = module.run()
    print(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
