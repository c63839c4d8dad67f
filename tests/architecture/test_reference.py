"""The API reference (``docs/reference.md``) has an entry for every public name.

A public name is one in ``__all__`` of ``ctxcore``, ``ctxcore.effects``, ``ctxcore.testing`` or
``ctxcore.config_entries``. It has an entry when the reference has a mkdocstrings ``:::`` line
for the object itself (the module that defines it, then its name, as ``_EXPORTS`` says), or for
the module that defines it when the object carries its own docstring (mkdocstrings shows a
module's members that have one). ``make docs`` (strict) fails when an entry names nothing.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

import ctxcore
import ctxcore.config_entries
import ctxcore.effects
import ctxcore.testing

_ROOT = Path(__file__).resolve().parents[2]
_REFERENCE = _ROOT / "docs" / "reference.md"
_ENTRY = re.compile(r"^::: ([\w.]+)\s*$", re.MULTILINE)


def _entries() -> set[str]:
    return set(_ENTRY.findall(_REFERENCE.read_text(encoding="utf-8")))


def _defining_module(face: ModuleType, name: str) -> str:
    table: dict[str, tuple[str, ...]] | None = getattr(face, "_EXPORTS", None)
    if table is None:  # ctxcore.config_entries defines its names itself
        return face.__name__
    return next(module for module, names in table.items() if name in names)


def _public_names() -> list[tuple[str, str]]:
    faces = [ctxcore, ctxcore.effects, ctxcore.testing, ctxcore.config_entries]
    pairs: list[tuple[str, str]] = []
    for face in faces:
        names: list[str] = getattr(face, "__all__")  # noqa: B009 - hidden from type checkers
        pairs.extend((face.__name__, name) for name in names if name != "__version__")
    return pairs


def _own_docstring(obj: object) -> bool:
    if isinstance(obj, type):
        return bool(obj.__dict__.get("__doc__"))
    return callable(obj) and bool(getattr(obj, "__doc__", None))


@pytest.mark.parametrize(("face_name", "name"), _public_names())
def test_every_public_name_has_an_entry(face_name: str, name: str) -> None:
    face = importlib.import_module(face_name)
    module = _defining_module(face, name)
    entries = _entries()
    if f"{module}.{name}" in entries:
        return
    obj: object = getattr(importlib.import_module(module), name)
    covered = module in entries and _own_docstring(obj)
    assert covered, f"{face_name}.{name} has no entry in the reference: add `::: {module}.{name}`"


def test_every_entry_names_something() -> None:
    for entry in sorted(_entries()):
        parts = entry.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                target: object = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for part in parts[cut:]:
                target = getattr(target, part)
            break
        else:
            pytest.fail(f"{entry} names no module")
