"""The public face: ``__all__``, the lazy name table and the static imports agree."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import ctxcore

_INIT = Path(ctxcore.__file__)


def _static_imports() -> dict[str, str]:
    """``name -> module`` of the imports type checkers see in ``ctxcore/__init__.py``."""
    tree = ast.parse(_INIT.read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1
    found: dict[str, str] = {}
    for node in ast.walk(blocks[0]):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ctxcore"):
            for alias in node.names:
                found[alias.asname or alias.name] = node.module
    return found


def test_all_lists_exactly_the_lazy_names() -> None:
    names = [n for n in ctxcore._EXPORTS if n != "__version__"]  # pyright: ignore[reportPrivateUsage]
    assert sorted(ctxcore.__all__) == sorted(names)
    assert len(set(ctxcore.__all__)) == len(ctxcore.__all__)


def test_the_lazy_table_matches_the_static_imports() -> None:
    assert _static_imports() == ctxcore._EXPORTS  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("name", ctxcore.__all__)
def test_every_public_name_resolves_to_its_module(name: str) -> None:
    module = importlib.import_module(ctxcore._EXPORTS[name])  # pyright: ignore[reportPrivateUsage]
    assert getattr(ctxcore, name) is getattr(module, name)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        getattr(ctxcore, "NoSuchThing")  # noqa: B009 - the point is the runtime lookup


def test_dir_lists_the_public_names() -> None:
    assert set(ctxcore.__all__) <= set(dir(ctxcore))


def test_version_is_the_installed_distributions() -> None:
    """One place: ``pyproject.toml``'s version, as the installed metadata carries it."""
    pyproject = (_INIT.parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    written = re.search(r'^version = "([^"]+)"$', pyproject, re.MULTILINE)  # tomllib is 3.11+
    assert written is not None
    assert ctxcore.__version__ == written.group(1)


def test_py_typed_ships() -> None:
    assert (_INIT.parent / "py.typed").is_file()
