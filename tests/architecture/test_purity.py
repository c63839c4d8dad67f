"""The core performs no effects: a walk over the syntax tree of every module in ``ctxcore.core``.

The import-linter contracts forbid effectful *modules*; this walk also catches effectful *names*
reached through allowed modules (``datetime.datetime.now``, ``os.environ`` through an alias, the
``open``/``print`` builtins) and any import of ctxcore above the core (the shell, the effects,
the face, the process ambient), at module level or in a function: the core reaches the process
only through the installed ambient. There is no allow-list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

import ctxcore.core

CORE = Path(ctxcore.core.__file__).parent

FORBIDDEN_BUILTINS = frozenset({"open", "print", "input", "exec", "eval", "__import__"})
FORBIDDEN_ATTRIBUTES = frozenset(
    {
        "environ",
        "getenv",
        "putenv",
        "now",
        "utcnow",
        "today",
        "urandom",
        "perf_counter",
        "monotonic",
        "time",
        "sleep",
    }
)
FORBIDDEN_MODULES = frozenset({"importlib"})


@attrs.frozen
class Finding:
    """One effect found in a core module."""

    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _bound_names(tree: ast.AST) -> set[str]:
    """Every name the module binds itself (arguments, assignments, definitions, imports):
    such a name shadows the builtin of the same name."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _is_type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _package_of(path: str) -> list[str]:
    """The package of the core module at ``path`` (``[ctxcore, core, config]`` for
    ``.../ctxcore/core/config/file.py``)."""
    parts = Path(path).parts
    inside = parts[parts.index("core") + 1 : -1] if "core" in parts else ()
    return ["ctxcore", "core", *inside]


def _absolute(module: str | None, level: int, package: list[str]) -> str:
    """The absolute name of an import made from a module of the package ``package``."""
    if level == 0:
        return module or ""
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


class _Walker(ast.NodeVisitor):
    def __init__(self, path: str, shadowed: set[str]) -> None:
        self.path = path
        self.package = _package_of(path)
        self.shadowed = shadowed
        self.findings: list[Finding] = []

    def _add(self, node: ast.AST, what: str) -> None:
        self.findings.append(Finding(self.path, getattr(node, "lineno", 0), what))

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking_block(node):
            # Imports only type checkers run; the rest of the block is still checked.
            for child in node.body:
                if not isinstance(child, (ast.Import, ast.ImportFrom)):
                    self.visit(child)
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in FORBIDDEN_BUILTINS and node.id not in self.shadowed:
            self._add(node, f"builtin {node.id}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN_ATTRIBUTES:
            self._add(node, f"attribute .{node.attr}")
        self.generic_visit(node)

    def _check_module(self, node: ast.AST, module: str) -> None:
        if module.split(".")[0] in FORBIDDEN_MODULES:
            self._add(node, f"import of {module}")
        if module == "ctxcore" or (
            module.startswith("ctxcore.") and not module.startswith("ctxcore.core")
        ):
            self._add(node, f"import of {module} from the core")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = _absolute(node.module, node.level, self.package)
        if module != "ctxcore":
            self._check_module(node, module)
        for alias in node.names:
            if alias.name in FORBIDDEN_ATTRIBUTES or alias.name in FORBIDDEN_BUILTINS:
                self._add(node, f"import of {module}.{alias.name}")
            if module == "ctxcore":
                self._check_module(node, f"ctxcore.{alias.name}")


def find_effects(source: str, path: str) -> list[Finding]:
    """Every effectful name, call or import in ``source`` (the text of the core module
    ``path``)."""
    tree = ast.parse(source, filename=path)
    walker = _Walker(path, _bound_names(tree))
    walker.visit(tree)
    return walker.findings


def _core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_the_walk_covers_the_core() -> None:
    names = {p.name for p in _core_modules()}
    assert {"__init__.py", "context.py", "state.py", "node.py", "codec.py"} <= names


@pytest.mark.parametrize("module", _core_modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_is_pure(module: Path) -> None:
    findings = find_effects(module.read_text(encoding="utf-8"), str(module))
    assert findings == [], "\n".join(map(str, findings))


# -- the walker can fail -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        ("import os\nx = os.environ['HOME']\n", "attribute .environ"),
        ("import os as o\nx = o.getenv('HOME')\n", "attribute .getenv"),
        ("from os import environ\n", "import of os.environ"),
        ("import datetime\nx = datetime.datetime.now()\n", "attribute .now"),
        ("from datetime import date\nx = date.today()\n", "attribute .today"),
        ("import time\ntime.sleep(1)\n", "attribute .sleep"),
        ("from time import perf_counter\n", "import of time.perf_counter"),
        ("import os\nx = os.urandom(4)\n", "attribute .urandom"),
        ("def f():\n    return open('x')\n", "builtin open"),
        ("print('hello')\n", "builtin print"),
        ("x = eval('1')\n", "builtin eval"),
        ("m = __import__('os')\n", "builtin __import__"),
        ("import importlib\n", "import of importlib"),
        ("from importlib import import_module\n", "import of importlib"),
        ("import importlib.metadata\n", "import of importlib.metadata"),
        ("from ctxcore.shell import root\n", "import of ctxcore.shell from the core"),
        ("from ..shell.root import x\n", "import of ctxcore.shell.root from the core"),
        ("from ctxcore import shell\n", "import of ctxcore.shell from the core"),
        ("from ctxcore import Config\n", "import of ctxcore.Config from the core"),
        ("from ctxcore._ambient import P\n", "import of ctxcore._ambient from the core"),
        ("def f():\n    from ctxcore.shell import root\n", "import of ctxcore.shell from the core"),
    ],
)
def test_walker_finds_effects(snippet: str, what: str) -> None:
    findings = find_effects(snippet, "src/ctxcore/core/example.py")
    assert what in [f.what for f in findings]


def test_walker_finds_os_environ() -> None:
    findings = find_effects("import os\n\nHOME = os.environ.get('HOME')\n", "core/x.py")
    assert findings == [Finding("core/x.py", 3, "attribute .environ")]


def test_relative_imports_resolve_from_the_module_s_own_package() -> None:
    assert find_effects("from ..errors import X\n", "src/ctxcore/core/config/file.py") == []
    up = find_effects("from ...shell import root\n", "src/ctxcore/core/config/file.py")
    assert [f.what for f in up] == ["import of ctxcore.shell from the core"]


def test_walker_allows_harmless_code() -> None:
    harmless = (
        "from __future__ import annotations\n"
        "import datetime\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from ctxcore.shell.root import Root\n"
        "def f(input: str, print: int) -> str:\n"
        "    return input * print\n"
        "DELTA = datetime.timedelta(seconds=1)\n"
        "def g(d: datetime.datetime) -> datetime.datetime:\n"
        "    return d.replace(tzinfo=datetime.timezone.utc)\n"
    )
    assert find_effects(harmless, "src/ctxcore/core/example.py") == []


def test_type_checking_blocks_are_still_checked_beyond_imports() -> None:
    snippet = "if TYPE_CHECKING:\n    import os\n    X = os.environ\n"
    assert [f.what for f in find_effects(snippet, "core/x.py")] == ["attribute .environ"]
