"""The scripts of ``tools/`` as modules, for the tests that check them or use them (they are
not a package: ``make`` runs them as scripts)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

_TOOLS = Path(__file__).resolve().parents[1] / "tools"


def load_tool(name: str) -> ModuleType:
    """``tools/<name>.py``, imported afresh."""
    spec = importlib.util.spec_from_file_location(name, _TOOLS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
