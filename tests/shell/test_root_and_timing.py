"""The default root context (reference §9.5), ``timeit`` and the decks it fills."""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path

import pytest

from ctxcore.core.execution.decks import Deck, TimelineEntry
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.effects.stats import NullStats
from ctxcore.effects.tempdirs import SystemTempDirs
from ctxcore.effects.timeline import MemoryTimeline
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.root import default_root_context, local_file_access_provider
from ctxcore.shell.secrets import SecretsManager
from ctxcore.shell.timing import timeit


@pytest.fixture
def root(tmp_path: Path) -> ExecutionParameters:
    env = {"FLYTE_SDK_LOCAL_SANDBOX": str(tmp_path)}
    context = default_root_context(env=env, file_access=local_file_access_provider(env=env))
    params = context.user_space_params
    assert params is not None
    assert context.level == 1
    return params


def test_the_root_context_has_the_reference_ids(root: ExecutionParameters) -> None:
    assert str(root.execution_id) == "ex:local:local:local"
    assert str(root.task_id) == "TASK:local:local:local:local"
    assert isinstance(root.stats, NullStats)
    assert isinstance(root.secrets, SecretsManager)
    assert root.logging is logging.getLogger("user_space")
    assert root.execution_date.tzinfo is datetime.timezone.utc


def test_the_root_context_lives_in_the_configured_sandbox(
    tmp_path: Path, root: ExecutionParameters
) -> None:
    assert root.working_directory == str(tmp_path / "user_space")
    assert os.path.isdir(root.working_directory)
    assert root.raw_output_prefix == f"{tmp_path}/raw/"


def test_the_local_provider_uses_a_new_temporary_directory_by_default(tmp_path: Path) -> None:
    provider = local_file_access_provider(env={}, tempdirs=SystemTempDirs(str(tmp_path)))
    base = provider.local_sandbox_dir.parent.parent
    assert base.parent == tmp_path
    assert base.name.startswith("flyte-")
    assert provider.raw_output_prefix == f"{base}/raw/"


def test_timeit_records_into_the_current_timeline(
    tmp_path: Path, root: ExecutionParameters
) -> None:
    context = FlyteContextManager.current_context()
    state = context.new_execution_state().with_params(user_space_params=root)
    with FlyteContextManager.with_context(context.with_execution_state(state)):
        with timeit("block"):
            pass

        @timeit("function")
        def work(x: int) -> int:
            return x * 2

        assert work(21) == 42
        provider = FileAccessProvider(tmp_path / "sb", str(tmp_path / "raw2"), env={})
        source = tmp_path / "f.txt"
        source.write_text("x")
        provider.put_data(source, str(tmp_path / "raw2" / "f.txt"))
    names = [entry.name for entry in root.timeline_deck.entries]
    assert names == ["block", "function", f"Upload data to {tmp_path}/raw2/f.txt"]
    assert all(entry.finish >= entry.start for entry in root.timeline_deck.entries)


def test_timeit_without_user_params_still_runs_the_block() -> None:
    context = FlyteContextManager.current_context()
    with (
        FlyteContextManager.with_context(context.with_execution_state(None)),
        timeit("nothing to record into"),
    ):
        ran = True
    assert ran


def test_get_deck_renders_the_decks_and_the_timeline(root: ExecutionParameters) -> None:
    context = FlyteContextManager.current_context()
    params = root.builder().with_params(decks=[Deck("default", "<p>made</p>")]).build()
    state = context.new_execution_state().with_params(user_space_params=params)
    with FlyteContextManager.with_context(context.with_execution_state(state)) as inner:
        with timeit("render me"):
            pass
        page = inner.get_deck()
    assert "<p>made</p>" in page
    assert "<td>render me</td>" in page
    assert context.with_execution_state(None).build().get_deck().count("<section>") == 0


def test_the_timeline_keeps_the_latest_entries_in_linear_time() -> None:
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    timeline = MemoryTimeline(limit=3)
    for i in range(50_000):
        timeline.record(TimelineEntry(str(i), when, when, 0.0, 0.0))
    assert [entry.name for entry in timeline.entries] == ["49997", "49998", "49999"]
