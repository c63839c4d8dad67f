"""The ctxcore pytest plugin (registered through the ``pytest11`` entry point).

Fixtures: ``ctxcore_env`` (a fake environment), ``ctxcore_clock``, ``ctxcore_stats``,
``ctxcore_file_access`` (a memory-backed ``FileAccessProvider``), ``ctxcore_context`` (an
isolated context stack on a root built from those fakes) and ``ctxcore_ambient`` (a
``FakeAmbient`` on ``ctxcore_env``, installed for the test). With ``ctxcore_isolate_stack = true``
in the pytest configuration every test gets ``ctxcore_context`` automatically.

It imports neither hypothesis nor fsspec until a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ctxcore.core.ambient import using_ambient
from ctxcore.core.context import FlyteContext
from ctxcore.effects.stats import RecordingStats
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.testing.ambient import FakeAmbient
from ctxcore.testing.fakes import FakeClock
from ctxcore.testing.memory import fake_root, memory_file_access

_ISOLATE = "ctxcore_isolate_stack"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        _ISOLATE,
        type="bool",
        default=False,
        help="give every test its own ctxcore context stack (the ctxcore_context fixture)",
    )


@pytest.fixture
def ctxcore_env() -> dict[str, str]:
    """An empty environment mapping; what the root's secrets manager reads."""
    return {}


@pytest.fixture
def ctxcore_clock() -> FakeClock:
    """A clock that moves only when the test says so."""
    return FakeClock()


@pytest.fixture
def ctxcore_stats() -> RecordingStats:
    """A stats client that records every metric."""
    return RecordingStats()


@pytest.fixture
def ctxcore_file_access(ctxcore_clock: FakeClock) -> FileAccessProvider:
    """A ``FileAccessProvider`` whose raw outputs (``memory://raw/``) live in memory."""
    return memory_file_access(clock=ctxcore_clock)


@pytest.fixture
def ctxcore_context(
    ctxcore_env: dict[str, str],
    ctxcore_clock: FakeClock,
    ctxcore_stats: RecordingStats,
    ctxcore_file_access: FileAccessProvider,
) -> Iterator[FlyteContext]:
    """A fresh context stack whose root uses the fakes above; nothing it pushes, and no
    ``initialize``, outlives the test."""

    def root() -> FlyteContext:
        return fake_root(
            ctxcore_file_access, env=ctxcore_env, clock=ctxcore_clock, stats=ctxcore_stats
        )

    with FlyteContextManager.isolated(root) as context:
        yield context


@pytest.fixture
def ctxcore_ambient(ctxcore_env: dict[str, str]) -> Iterator[FakeAmbient]:
    """A ``FakeAmbient`` reading ``ctxcore_env`` (live) and no file, installed for the test:
    ``Config.auto()``, ``ConfigFile(path)``, ``ImageConfig.auto()`` and the other shortcuts of
    the core read nothing from the process. For other answers, install another in the test:
    ``with ctxcore.using_ambient(attrs.evolve(ctxcore_ambient, files={...})):``."""
    fake = FakeAmbient(env=ctxcore_env)
    with using_ambient(fake):
        yield fake


@pytest.fixture(autouse=True)
def _ctxcore_isolate_stack(request: pytest.FixtureRequest) -> None:
    if request.config.getini(_ISOLATE):
        request.getfixturevalue("ctxcore_context")
