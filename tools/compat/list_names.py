"""Print the public names of flytekit's context layer, one ``module:name`` a line.

A public name is one a module defines at its top level (a class, a function or an assignment)
without a leading underscore; names it imports are not its own. Run against a flytekit source
checkout (or the bare mirror, with ``--git-dir``) to regenerate ``flytekit-names.txt``:

    python tools/compat/list_names.py --git-dir /work/.mirror/flyteorg+flytekit/repo \
        > tools/compat/flytekit-names.txt
"""

from __future__ import annotations

import argparse
import ast
import subprocess
from pathlib import Path

MODULES = (
    "flytekit.core.context_manager",
    "flytekit.configuration",
    "flytekit.configuration.file",
    "flytekit.configuration.internal",
    "flytekit.core.data_persistence",
    "flytekit.core.checkpointer",
    "flytekit.core.node",
    "flytekit.models.core.identifier",
)
"""The modules of flytekit's context layer whose names ctxcore answers for."""


def _source(module: str, root: Path | None, git_dir: str | None) -> str:
    relative = module.replace(".", "/")
    candidates = (f"{relative}.py", f"{relative}/__init__.py")
    for candidate in candidates:
        if root is not None and (root / candidate).is_file():
            return (root / candidate).read_text(encoding="utf-8")
        if git_dir is not None:
            shown = subprocess.run(
                ["git", "--git-dir", git_dir, "show", f"HEAD:{candidate}"],
                capture_output=True,
                text=True,
                check=False,
            )
            if shown.returncode == 0:
                return shown.stdout
    raise SystemExit(f"no source for {module}")


def public_names(source: str) -> list[str]:
    """The public top-level names ``source`` defines, sorted."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return sorted(name for name in names if not name.startswith("_"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Print the public names of flytekit's context layer."
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--root", type=Path, help="a flytekit source checkout")
    where.add_argument("--git-dir", help="a flytekit git repository (its HEAD is read)")
    args = parser.parse_args()
    for module in MODULES:
        for name in public_names(_source(module, args.root, args.git_dir)):
            print(f"{module}:{name}")


if __name__ == "__main__":
    main()
