"""The core performs no effects: a walk over the syntax tree of every module in ``ctxcore.core``.

The import-linter contracts forbid effectful *modules*; this walk also catches effectful *names*
reached through allowed modules (``datetime.datetime.now``, ``os.environ`` through an alias, the
``open``/``print`` builtins) and upward imports of ctxcore's own shell.
"""

from __future__ import annotations

import ast
import fnmatch
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

# (core file pattern, module): the only imports from the core up into ctxcore's shell, each
# allowed inside a function only: the reference-compatible faces (``FlyteContext.current_context``,
# ``Config.auto``, ``ImageConfig.auto``, ``ExecutionParameters.with_task_sandbox`` and
# ``ExecutionParameters.secrets`` without an injected manager). The same
# pairs are the ``ignore_imports`` of the import-linter contracts (checked below).
ALLOWED_UPWARD_IMPORTS = frozenset(
    {
        ("context.py", "ctxcore.shell.context_stack"),
        ("config/records.py", "ctxcore.shell.config_loader"),
        ("serialization/images.py", "ctxcore.shell.images"),
        ("execution/parameters.py", "ctxcore.shell.sandbox"),
        ("execution/parameters.py", "ctxcore.shell.secrets"),
    }
)


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


def _absolute(module: str | None, level: int) -> str:
    """The absolute name of an import made from a module of ``ctxcore.core``."""
    if level == 0:
        return module or ""
    package = ["ctxcore", "core"][: max(0, 2 - (level - 1))]
    return ".".join([*package, *([module] if module else [])])


class _Walker(ast.NodeVisitor):
    def __init__(self, path: str, shadowed: set[str]) -> None:
        self.path = path
        parts = Path(path).parts
        self.name = "/".join(parts[parts.index("core") + 1 :]) if "core" in parts else parts[-1]
        self.shadowed = shadowed
        self.findings: list[Finding] = []
        self.function_depth = 0

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

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.function_depth += 1
        self.generic_visit(node)
        self.function_depth -= 1

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._visit_function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._visit_function(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._visit_function(node)

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
        if module.startswith("ctxcore.") and not module.startswith("ctxcore.core"):
            allowed = any(
                fnmatch.fnmatch(self.name, pattern) and module == allowed_module
                for pattern, allowed_module in ALLOWED_UPWARD_IMPORTS
            )
            if not allowed:
                self._add(node, f"import of {module} from the core")
            elif self.function_depth == 0:
                self._add(node, f"module-level import of {module} (allowed in functions only)")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = _absolute(node.module, node.level)
        self._check_module(node, module)
        for alias in node.names:
            if alias.name in FORBIDDEN_ATTRIBUTES or alias.name in FORBIDDEN_BUILTINS:
                self._add(node, f"import of {module}.{alias.name}")
            if module == "ctxcore" or module == "":
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


def test_allowed_upward_imports_are_the_import_linter_ignores() -> None:
    tomllib = pytest.importorskip("tomllib")
    pyproject = CORE.parents[2] / "pyproject.toml"
    if not pyproject.exists():
        pytest.skip("not running from a source checkout")
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    for contract in config["tool"]["importlinter"]["contracts"]:
        ignored = {
            tuple(part.strip() for part in rule.split("->"))
            for rule in contract.get("ignore_imports", [])
        }
        ours = {
            (f"ctxcore.core.{pattern.removesuffix('.py').replace('/', '.')}", module)
            for pattern, module in ALLOWED_UPWARD_IMPORTS
        }
        assert ignored == ours, contract["name"]


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
    ],
)
def test_walker_finds_effects(snippet: str, what: str) -> None:
    findings = find_effects(snippet, "src/ctxcore/core/example.py")
    assert what in [f.what for f in findings]


def test_walker_finds_os_environ() -> None:
    findings = find_effects("import os\n\nHOME = os.environ.get('HOME')\n", "core/x.py")
    assert findings == [Finding("core/x.py", 3, "attribute .environ")]


def test_whitelisted_upward_import_only_in_its_file_and_in_a_function() -> None:
    inside = "def current():\n    from ctxcore.shell.context_stack import M\n    return M\n"
    assert find_effects(inside, "src/ctxcore/core/context.py") == []
    assert find_effects(inside, "src/ctxcore/core/node.py") != []
    top = "from ctxcore.shell.context_stack import M\n"
    assert find_effects(top, "src/ctxcore/core/context.py") != []
    loader = "def auto():\n    from ctxcore.shell.config_loader import load\n"
    assert find_effects(loader, "src/ctxcore/core/config/records.py") == []
    assert find_effects(loader, "src/ctxcore/core/config/resolve.py") != []
    assert find_effects(loader, "src/ctxcore/core/serialization/images.py") != []


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
