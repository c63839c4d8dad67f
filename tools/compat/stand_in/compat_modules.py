"""Which ctxcore name each flytekit module path of the context layer gives, and the import
hook that makes those modules."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Callable, Sequence

import ctxcore
from ctxcore.core.config.entries import exists
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
        # private in flytekit, but test_file.py imports it for all its tests: ctxcore's rule of
        # "set" (the one set_if_exists uses), so the file's other tests run
        "_exists": _value(exists),
    },
    "flytekit.core.mock_stats": {"MockStats": _value(NullStats)},
    "flytekit.core.constants": {"FLYTE_INTERNAL_IMAGE_ENV_VAR": _value("FLYTE_INTERNAL_IMAGE")},
}
"""Names users import from outside the listed modules, and constants without a ctxcore name."""


class OutsideTheContextLayer(RuntimeError):
    """Raised on using a placeholder of a flytekit name outside the context layer."""


class _Placeholder:
    """A flytekit name outside the context layer that a test file imports only incidentally:
    importing it works, so the file's other tests run; using it raises, naming it."""

    def __init__(self, qualname: str) -> None:
        self._qualname = qualname

    def _refuse(self) -> OutsideTheContextLayer:
        return OutsideTheContextLayer(
            f"{self._qualname}: outside flytekit's context layer (a compat placeholder)"
        )

    def __call__(self, *args: object, **kwargs: object) -> object:
        raise self._refuse()

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise self._refuse()

    def __repr__(self) -> str:
        return f"<compat placeholder {self._qualname}>"


def _placeholder(module: str, name: str) -> Callable[[], object]:
    return _value(_Placeholder(f"{module}.{name}"))


def _task(function: Callable[..., object]) -> Callable[..., object]:
    """``@flytekit.task`` without the task layer: the function itself, called as it is."""
    return function


OUTSIDE: dict[str, dict[str, Callable[[], object]]] = {
    "flytekit": {"task": _value(_task)},
    # flytekit's plugin registry: ctxcore has no plugins. Tests patch its private _GLOBAL_CONFIG;
    # the patch succeeds and changes nothing (such tests are classified flytekit-internals).
    "flytekit.configuration.plugin": {"_GLOBAL_CONFIG": _value({"plugin": None})},
    "flytekit.core.resources": {
        "Resources": _ctxcore("Resources"),
        "ResourceSpec": _ctxcore("ResourceSpec"),
    },
    "flytekit.core.type_engine": {
        "TypeEngine": _placeholder("flytekit.core.type_engine", "TypeEngine")
    },
    "flytekit.types.directory.types": {
        "FlyteDirectory": _placeholder("flytekit.types.directory.types", "FlyteDirectory")
    },
    "flytekit.types.file": {"FlyteFile": _placeholder("flytekit.types.file", "FlyteFile")},
    "flytekit.utils.asyn": {
        "loop_manager": _placeholder("flytekit.utils.asyn", "loop_manager"),
        "run_sync": _placeholder("flytekit.utils.asyn", "run_sync"),
    },
    "flytekit.models.literals": {"Literal": _placeholder("flytekit.models.literals", "Literal")},
}
"""Modules outside the context layer that the test files import only incidentally: a name
ctxcore has (resources), a ``task`` decorator that just runs the function, or a placeholder
that raises ``OutsideTheContextLayer`` when used."""

PACKAGES = ("flytekit", "flytekit.core", "flytekit.models", "flytekit.models.core",
            "flytekit.configuration", "flytekit.exceptions", "flytekit.types",
            "flytekit.types.directory", "flytekit.utils")  # fmt: skip


def _table(root: str) -> dict[str, dict[str, Callable[[], object]]]:
    table: dict[str, dict[str, Callable[[], object]]] = {}
    with open(f"{root}/{_NAMES}", encoding="utf-8") as listed:
        for line in listed.read().split():
            module, name = line.split(":")
            group = ctxcore_group(name)
            table.setdefault(module, {})[name] = group
    for extra in (EXTRA, OUTSIDE):
        for module, names in extra.items():
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
