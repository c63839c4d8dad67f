"""Which ctxcore name each flytekit module path of the context layer gives, and the import
hook that makes those modules."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Callable, Sequence

import ctxcore
from ctxcore.effects import NullStats
from ctxcore.shell import config_loader

_NAMES = "tools/compat/flytekit-names.txt"


def _ctxcore(name: str) -> Callable[[], object]:
    return lambda: getattr(ctxcore, name)


def _value(value: object) -> Callable[[], object]:
    return lambda: value


def _current_context() -> object:
    return ctxcore.FlyteContextManager.current_context().user_space_params


EXTRA: dict[str, dict[str, Callable[[], object]]] = {
    "flytekit": {"current_context": _value(_current_context)},
    "flytekit.core.local_fsspec": {"FlyteLocalFileSystem": _ctxcore("FlyteLocalFileSystem")},
    "flytekit.exceptions.user": {
        "FlyteDataNotFoundException": _ctxcore("FlyteDataNotFoundException")
    },
    "flytekit.configuration": {
        "DefaultImages": _ctxcore("DefaultImages"),
        "ConfigEntry": _ctxcore("ConfigEntry"),
        "get_config_file": _ctxcore("get_config_file"),
        "set_if_exists": _ctxcore("set_if_exists"),
        "read_file_if_exists": _ctxcore("read_file_if_exists"),
    },
    "flytekit.configuration.default_images": {
        "DefaultImages": _ctxcore("DefaultImages"),
        "PythonVersion": _ctxcore("PythonVersion"),
    },
    "flytekit.configuration.file": {
        "FLYTECTL_CONFIG_ENV_VAR": _value(config_loader.FLYTECTL_CONFIG_ENV),
        "FLYTECTL_CONFIG_ENV_VAR_OVERRIDE": _value(config_loader.CONFIG_OVERRIDE_ENV),
    },
    "flytekit.core.mock_stats": {"MockStats": _value(NullStats)},
    "flytekit.core.constants": {"FLYTE_INTERNAL_IMAGE_ENV_VAR": _value("FLYTE_INTERNAL_IMAGE")},
}
"""Names users import from outside the listed modules, and constants without a ctxcore name."""

PACKAGES = ("flytekit", "flytekit.core", "flytekit.models", "flytekit.models.core",
            "flytekit.configuration", "flytekit.exceptions")  # fmt: skip


def _table(root: str) -> dict[str, dict[str, Callable[[], object]]]:
    table: dict[str, dict[str, Callable[[], object]]] = {}
    with open(f"{root}/{_NAMES}", encoding="utf-8") as listed:
        for line in listed.read().split():
            module, name = line.split(":")
            group = ctxcore_group(name)
            table.setdefault(module, {})[name] = group
    for module, names in EXTRA.items():
        table.setdefault(module, {}).update(names)
    return table


def ctxcore_group(name: str) -> Callable[[], object]:
    groups = ("AWS", "AZURE", "Credentials", "GCP", "Images", "Local", "LocalSDK",
              "Persistence", "Platform", "Secrets", "StatsD")  # fmt: skip
    if name in groups:
        return lambda: getattr(importlib.import_module("ctxcore.config_entries"), name)
    return _ctxcore(name)


class _Module(types.ModuleType):
    """A module whose names are looked up in ctxcore on first use; a name ctxcore does not
    have raises ``AttributeError`` naming it (``from m import x`` then an ``ImportError``)."""

    ctxcore_names: dict[str, Callable[[], object]]

    def __getattr__(self, name: str) -> object:
        found = self.__dict__.get("ctxcore_names", {}).get(name)
        if found is None:
            raise AttributeError(f"{self.__name__}.{name}: not in the compat map")
        try:
            value = found()
        except (AttributeError, ImportError) as error:
            raise AttributeError(f"{self.__name__}.{name}: ctxcore has no such name") from error
        setattr(self, name, value)
        return value


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, table: dict[str, dict[str, Callable[[], object]]]) -> None:
        self.table = table

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith("flytekit."):
            return None
        if fullname in self.table or fullname in PACKAGES:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        raise ModuleNotFoundError(
            f"{fullname}: outside flytekit's context layer"
            " (the compat stand-in has no such module)",
            name=fullname,
        )

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _Module(spec.name)
        module.ctxcore_names = self.table.get(spec.name, {})
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def install(package: types.ModuleType) -> None:
    """Make ``package`` (the stand-in ``flytekit``) and its submodules ctxcore's."""
    import os

    root = os.environ["CTXCORE_ROOT"]
    table = _table(root)
    sys.meta_path.insert(0, _Finder(table))
    package.__class__ = _Module
    package.__dict__["ctxcore_names"] = table.get("flytekit", {})
