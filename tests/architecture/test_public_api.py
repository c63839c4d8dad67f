"""The public faces (``ctxcore``, ``ctxcore.effects`` and ``ctxcore.testing``): the lazy
table, what type checkers see and what ``__all__`` says all agree, and each name is listed
once.

Type checkers see one star import per module in the face's ``TYPE_CHECKING`` block; a star
import brings the module's ``__all__``; so each module's ``__all__`` must be exactly its names in
the table, or the checkers and the runtime would disagree on what ``ctxcore`` exports.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

import ctxcore
import ctxcore.effects
import ctxcore.testing

FACES = [ctxcore, ctxcore.effects, ctxcore.testing]


def _table(face: ModuleType) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = getattr(face, "_EXPORTS")  # noqa: B009 - private
    return table


def _public(face: ModuleType) -> list[str]:
    names: list[str] = getattr(face, "__all__")  # noqa: B009 - hidden from type checkers
    return names


def _static_imports(face: ModuleType) -> tuple[set[str], dict[str, str]]:
    """The modules the face's ``TYPE_CHECKING`` block star-imports, and its other imports
    (``name -> module``)."""
    tree = ast.parse(Path(str(face.__file__)).read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1
    stars: set[str] = set()
    named: dict[str, str] = {}
    for node in blocks[0].body:
        assert isinstance(node, ast.ImportFrom)
        assert node.module is not None
        for alias in node.names:
            if alias.name == "*":
                stars.add(node.module)
            else:
                assert alias.asname == alias.name  # re-exported explicitly: `X as X`
                named[alias.name] = node.module
    return stars, named


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.__name__)
def test_type_checkers_see_the_table(face: ModuleType) -> None:
    stars, named = _static_imports(face)
    table = _table(face)
    assert stars | set(named.values()) == set(table)
    for name, module in named.items():
        assert table[module] == (name,)


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.__name__)
def test_each_module_s_all_is_its_row_of_the_table(face: ModuleType) -> None:
    stars, _ = _static_imports(face)
    for module_name in stars:
        module = importlib.import_module(module_name)
        assert sorted(module.__all__) == sorted(_table(face)[module_name]), module_name


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.__name__)
def test_each_name_is_listed_once_and_all_lists_them(face: ModuleType) -> None:
    names = [name for names in _table(face).values() for name in names]
    assert len(names) == len(set(names))
    assert _public(face) == sorted(name for name in names if not name.startswith("__"))
    assert set(names) <= set(dir(face))


@pytest.mark.parametrize(
    ("face", "name"),
    [(face, name) for face in FACES for names in _table(face).values() for name in names],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_every_public_name_resolves_to_its_module(face: ModuleType, name: str) -> None:
    module = next(m for m, names in _table(face).items() if name in names)
    assert getattr(face, name) is getattr(importlib.import_module(module), name)


def test_a_star_import_brings_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from ctxcore import *", namespace)
    assert set(_public(ctxcore)) <= set(namespace)


def test_the_effects_keep_their_old_top_level_names() -> None:
    for names in _table(ctxcore.effects).values():
        for name in names:
            assert getattr(ctxcore, name) is getattr(ctxcore.effects, name)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        getattr(ctxcore, "NoSuchThing")  # noqa: B009 - the point is the runtime lookup


def test_the_face_stays_thin() -> None:
    assert len(Path(ctxcore.__file__).read_text(encoding="utf-8").splitlines()) <= 200


def test_version_is_the_installed_distributions() -> None:
    """One place: ``pyproject.toml``'s version, as the installed metadata carries it."""
    root = Path(ctxcore.__file__).parents[2]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    written = re.search(r'^version = "([^"]+)"$', pyproject, re.MULTILINE)  # tomllib is 3.11+
    assert written is not None
    assert ctxcore.__version__ == written.group(1)


def test_py_typed_ships() -> None:
    assert (Path(ctxcore.__file__).parent / "py.typed").is_file()
