"""The ctxcore pytest plugin (registered through the ``pytest11`` entry point)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ctxcore.shell.context_manager import FlyteContextManager, flyte_context_Var


@pytest.fixture
def ctxcore_isolated_stack() -> Iterator[None]:
    """Run the test on a fresh context stack; nothing it pushes outlives it."""
    token = flyte_context_Var.set(None)
    try:
        yield
    finally:
        flyte_context_Var.reset(token)
        assert FlyteContextManager.size() >= 1
