"""The layering holds as the code has it: no exemptions in the import contracts, and no import
cycles in the imperative half (a cycle there means two modules that cannot be understood, or
imported, one without the other)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    """Each ctxcore module and the ctxcore modules it imports at run time (imports under
    ``TYPE_CHECKING`` are for type checkers only, so they are left out)."""
    graph = grimp.build_graph("ctxcore", cache_dir=None, exclude_type_checking_imports=True)
    return {
        module: set(graph.find_modules_directly_imported_by(module))
        for module in graph.modules
        if module.startswith("ctxcore")
    }


def _cycles(edges: Mapping[str, set[str]]) -> Iterator[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in edges:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    yield sorted(component)


@pytest.mark.parametrize(
    "package",
    ["ctxcore.shell", "ctxcore.effects", "ctxcore.cli", "ctxcore.testing", "ctxcore.integrations"],
)
def test_no_import_cycles(imports: dict[str, set[str]], package: str) -> None:
    inside = {m: {i for i in e if i.startswith(package)} for m, e in imports.items()}
    inside = {m: e for m, e in inside.items() if m.startswith(package)}
    assert list(_cycles(inside)) == []


def test_the_cycle_finder_finds_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert list(_cycles(edges)) == [["a", "b", "c"]]


def test_the_import_contracts_have_no_exemptions() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    contracts = pyproject[pyproject.index("[tool.importlinter]") :]
    assert "[[tool.importlinter.contracts]]" in contracts
    assert re.search(r"^ignore_imports", contracts, re.MULTILINE) is None


def test_the_core_imports_nothing_above_itself(imports: dict[str, set[str]]) -> None:
    upward = {
        (module, imported)
        for module, imported_modules in imports.items()
        if module.startswith("ctxcore.core")
        for imported in imported_modules
        if imported == "ctxcore" or not imported.startswith("ctxcore.core")
        if imported.startswith("ctxcore")
    }
    assert upward == set()
