"""Lazy public faces (PEP 562): a package's names load from their modules on first access."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_face(
    package: str, exports: Mapping[str, tuple[str, ...]], namespace: dict[str, object]
) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` for ``package``, whose public names are
    ``exports`` (module -> the names it defines): each name is imported on first access and
    then cached in the package's ``namespace``. Dunder names (``__version__``) are served but
    left out of ``__all__``."""
    modules = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value: object = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(modules)

    public = sorted(name for name in modules if not name.startswith("__"))
    return __getattr__, __dir__, public
