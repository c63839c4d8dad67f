"""``import ctxcore`` has no side effects, proved in a fresh interpreter with an audit hook
installed before the import (the reference made temp dirs, read config and installed a SIGINT
handler at import, §1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import cattrs
import pytest

from ctxcore.core.handoff.trace import derived_traceparent

# Runs in the child. Prints one JSON object with what it saw.
_CHILD = r"""
import json, os, signal, sys

MODULE_SUFFIXES = (".py", ".pyc", ".so", ".pth")
ENGINES = ("dask", "distributed", "ray", "opentelemetry", "ctxcore.integrations")
events = []
sigint_before = signal.getsignal(signal.SIGINT)  # SIG_IGN when started in the background

def _allowed_open(path):
    if isinstance(path, int):
        return False
    path = os.fsdecode(path)
    if path.endswith(MODULE_SUFFIXES):
        return True
    full = os.path.abspath(path)
    return os.path.isdir(full) and any(
        full == entry or full.startswith(entry.rstrip(os.sep) + os.sep)
        for entry in map(os.path.abspath, filter(None, sys.path))
    )

def hook(event, args):
    if event == "open":
        if not _allowed_open(args[0]):
            events.append(["open", repr(args[0]), repr(args[1])])
    elif event in ("os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.chmod",
                   "shutil.rmtree", "subprocess.Popen", "os.system", "os.exec", "os.fork",
                   "os.posix_spawn", "os.putenv", "os.unsetenv", "sys.setprofile"):
        events.append([event, repr(args)[:300]])
    elif event.startswith(("tempfile.", "socket.")):
        events.append([event, repr(args)[:300]])

tmpdir = os.environ["TMPDIR"]
sys.addaudithook(hook)

phase = sys.argv[1]
import ctxcore
if phase == "every-name":
    # default_local_file_access_provider is documented to be built (a temp dir) on first
    # access: reading it is a use, not an import. FlyteLocalFileSystem is a subclass of fsspec's
    # class: touching it imports fsspec (the "fsspec" phase).
    for name in ctxcore.__all__:
        if name not in ("default_local_file_access_provider", "FlyteLocalFileSystem"):
            getattr(ctxcore, name)
if phase == "fsspec":
    ctxcore.FlyteLocalFileSystem
if phase == "control":  # the harness sees effects when there are some
    import tempfile
    tempfile.mkdtemp(prefix="probe-")
    open(os.path.join(tmpdir, "probe.txt"), "w").close()
    signal.signal(signal.SIGINT, lambda number, frame: None)
    ctxcore.FlyteContextManager.current_context()
    import ctxcore.integrations.dask

root_built = None
manager = sys.modules.get("ctxcore.shell.context_stack")
if manager is not None:
    root_built = manager._root.built is not None

print(json.dumps({
    "events": events,
    "tmpdir": sorted(os.listdir(tmpdir)),
    "sigint_unchanged": signal.getsignal(signal.SIGINT) is sigint_before,
    "root_built": root_built,
    "heavy": sorted(m for m in ("fsspec", "cattrs", "yaml") if m in sys.modules),
    "engines": sorted(m for m in ENGINES if m in sys.modules),
}))
"""


@attrs.frozen
class Report:
    """What the child saw: offending audit events, new TMPDIR entries, whether the SIGINT
    handler is the one it started with, the root."""

    events: list[list[str]]
    tmpdir: list[str]
    sigint_unchanged: bool
    root_built: bool | None
    heavy: list[str]
    engines: list[str]

    @property
    def event_names(self) -> set[str]:
        return {event[0] for event in self.events}


def _without_config(home: Path, *dropped: str) -> dict[str, str]:
    """This process's environment with ``home`` as ``HOME`` and no variable of ctxcore's or
    flytectl's (nor any starting with one of ``dropped``): a child finds no config file."""
    prefixes = ("FLYTE", "_F", "UCTL", *dropped)
    env = {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
    env["HOME"] = str(home)
    return env


def _run(phase: str, tmp_path: Path) -> Report:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = _without_config(home, "PYTHON")
    env.update(
        TMPDIR=str(tmpdir),
        PYTHONDONTWRITEBYTECODE="1",
        # The same import path as this test run (the package may be installed in development
        # mode or only on sys.path).
        PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
    )
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, phase],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return cattrs.structure(json.loads(result.stdout), Report)


def _assert_no_effects(report: Report) -> None:
    assert report.events == []
    assert report.tmpdir == []
    assert report.sigint_unchanged is True
    assert report.engines == []  # each integration is imported only when used


@pytest.mark.slow
def test_import_ctxcore_has_no_side_effects(tmp_path: Path) -> None:
    report = _run("import", tmp_path)
    _assert_no_effects(report)
    assert report.root_built in (None, False)
    assert report.heavy == []


@pytest.mark.slow
def test_touching_every_public_name_has_no_side_effects(tmp_path: Path) -> None:
    # Resolving every lazily imported name loads every module of the public face: still no
    # directory, file, socket, signal handler or root context (except the one name that is a
    # lazily built value, see the child script).
    report = _run("every-name", tmp_path)
    _assert_no_effects(report)
    assert report.root_built is False


@pytest.mark.slow
def test_touching_the_fsspec_class_only_reads(tmp_path: Path) -> None:
    # FlyteLocalFileSystem subclasses fsspec's LocalFileSystem, so touching it imports fsspec,
    # which reads the entry points of the installed packages: reads, and nothing else.
    report = _run("fsspec", tmp_path)
    assert report.event_names == {"open"}
    assert {event[2] for event in report.events} <= {"'r'", "'rb'"}
    assert report.tmpdir == []
    assert report.sigint_unchanged is True
    assert report.root_built in (None, False)
    assert report.heavy == ["fsspec"]


@pytest.mark.slow
def test_the_harness_sees_effects(tmp_path: Path) -> None:
    report = _run("control", tmp_path)
    assert {"tempfile.mkdtemp", "os.mkdir", "open"} <= report.event_names
    assert "probe.txt" in report.tmpdir
    assert report.sigint_unchanged is False
    assert report.root_built is True
    assert {"ctxcore.integrations", "dask", "distributed"} <= set(report.engines)


# -- the serialization modules import no cattrs ------------------------------------------------


def test_importing_ctxcore_does_not_import_cattrs() -> None:
    code = (
        "import sys, ctxcore, ctxcore.core.serialization.settings, "
        "ctxcore.core.serialization.transport, ctxcore.core.serialization.images; "
        "print('cattrs' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("first", ["settings", "transport", "decoding", "layout"])
def test_the_serialization_modules_import_in_any_order(first: str) -> None:
    """``settings`` and ``transport`` bind ``decoding`` at import (not in each call), and
    ``decoding`` imports them back: whichever a program imports first, each round trip works."""
    code = (
        f"import ctxcore.core.serialization.{first}\n"
        "from ctxcore.core.serialization.settings import SerializationSettings as S\n"
        "from ctxcore.testing.strategies.serialization import reference_sample_settings\n"
        "settings = reference_sample_settings()\n"
        "assert S.from_json(settings.to_json()) == settings\n"
        "assert S.from_transport(settings.serialized_context) == settings\n"
        "assert S.from_dict(settings.to_dict()) == settings\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


def test_importing_ctxcore_imports_no_engine() -> None:
    """Neither ``import ctxcore`` nor every public name imports dask, distributed, ray,
    OpenTelemetry or an integration: each is imported only when its module is."""
    code = (
        "import sys, ctxcore\n"
        "for name in ctxcore.__all__:\n"
        "    if name != 'default_local_file_access_provider': getattr(ctxcore, name)\n"
        "engines = ('dask', 'distributed', 'ray', 'opentelemetry', 'ctxcore.integrations')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in engines[:4]"
        " or m.startswith(engines[4])))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_first_use_loads_neither_openssl_nor_sockets_nor_asyncio(tmp_path: Path) -> None:
    """Issue 14's first use (the names a task needs and the current context) leaves out
    ``hashlib`` (OpenSSL: 3 MiB of RSS and 3 ms), ``socket`` (4 ms), ``asyncio`` (25 ms),
    ``difflib`` and ``html`` (1 ms each), nor the transfer machinery of file access (the
    planner, its checkpoint plans, local and remote I/O, the retry policy: about 10 ms), nor
    ``returns`` (with ``typing_extensions``: about 13 ms; ``ctxcore.core.results``): only
    derived trace ids, long names, the first statsd metric, async access, suggestions for
    unknown settings, rendered decks, transfers and the first ``Result`` (a config file read,
    a parse) need them, and they import them when they do."""
    code = (
        "import sys\n"
        "from ctxcore import FlyteContextManager, FlyteContext, CompilationState, Node, Config,"
        " SerializationSettings, FileAccessProvider\n"
        "FlyteContextManager.current_context()\n"
        "left_out = ('hashlib', '_hashlib', 'socket', 'asyncio', 'difflib', 'html',"
        " 'ctxcore.core.storage.plan', 'ctxcore.core.storage.checkpoint',"
        " 'ctxcore.shell.local_io', 'ctxcore.shell.remote_io', 'ctxcore.core.storage.retry',"
        " 'returns', 'returns.result', 'typing_extensions')\n"
        "print(sorted(m for m in left_out if m in sys.modules))\n"
        "from ctxcore.core.handoff.trace import derived_traceparent\n"
        "print(derived_traceparent('ex:p:d:n'))\n"
    )
    # Untraced: coverage.py, which `make test` runs in subprocesses too, imports hashlib itself.
    # And with no config file to find (an empty home, no FLYTE* variable, an empty working
    # directory): reading one makes a Result, and imports returns with it.
    home = tmp_path / "home"
    home.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env=_without_config(home, "COVERAGE"),
        cwd=tmp_path,
    )
    loaded, traceparent = out.stdout.strip().split("\n")
    assert loaded == "[]"
    assert traceparent == derived_traceparent("ex:p:d:n")


def test_msgspec_is_imported_only_by_a_process_that_reads_many_envelopes() -> None:
    """A process that sends envelopes, or reads a few (a task's subprocess reads one), never
    imports msgspec (about 18 ms); from the ``_READS_BEFORE_LAYOUT``-th read on it does, and
    reads the layout with it."""
    code = (
        "import sys\n"
        "from ctxcore import ContextEnvelope, FlyteContextManager\n"
        "from ctxcore.core.handoff import envelope as module\n"
        "envelope = FlyteContextManager.envelope()\n"
        "text = envelope.to_json()\n"
        "seen = []  # before each read: is msgspec imported?\n"
        "for i in range(module._READS_BEFORE_LAYOUT + 2):\n"
        "    seen.append('msgspec' in sys.modules)\n"
        "    assert ContextEnvelope.from_json(text.encode() if i % 2 else text) == envelope\n"
        "print(seen.index(True), module._READS_BEFORE_LAYOUT)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    first, counted = map(int, out.stdout.split())
    assert first == counted + 1  # the reads numbered 0 to counted - 1 did without it
