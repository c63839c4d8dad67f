"""The pytest plugin, used the way a downstream test module uses it."""

from __future__ import annotations

import pytest

from ctxcore import FileAccessProvider, FlyteContext, FlyteContextManager, RecordingStats, timeit
from ctxcore.testing.fakes import FakeClock

pytest_plugins = ["pytester"]


def test_the_context_fixture_is_a_fresh_root_on_fakes(
    ctxcore_context: FlyteContext,
    ctxcore_file_access: FileAccessProvider,
    ctxcore_stats: RecordingStats,
    ctxcore_clock: FakeClock,
) -> None:
    assert FlyteContextManager.current_context() is ctxcore_context
    assert ctxcore_context.level == 1
    assert ctxcore_context.file_access is ctxcore_file_access
    params = ctxcore_context.user_space_params
    assert params is not None
    assert params.stats is ctxcore_stats
    assert params.execution_date == ctxcore_clock.now()
    params.stats.incr("seen")
    assert ctxcore_stats.counters() == {"seen": 1}


def test_secrets_come_from_the_fake_environment(
    ctxcore_env: dict[str, str], ctxcore_context: FlyteContext
) -> None:
    params = ctxcore_context.user_space_params
    assert params is not None
    with pytest.raises(ValueError, match="_FSEC_DB_PASSWORD"):
        params.secrets.get("db", "password")
    ctxcore_env["_FSEC_DB_PASSWORD"] = "pw"
    assert params.secrets.get("db", "password") == "pw"


def test_the_memory_file_access_writes_nothing_to_disk(
    ctxcore_file_access: FileAccessProvider,
) -> None:
    where = ctxcore_file_access.put_raw_data(b"payload", file_name="out.bin")
    assert where == "memory://raw/00000000000000000000000000000001/out.bin"
    assert ctxcore_file_access.raw_output_fs.cat_file(where) == b"payload"


def test_timings_go_to_the_fixture_timeline(ctxcore_context: FlyteContext) -> None:
    with timeit("step"):
        pass
    params = ctxcore_context.user_space_params
    assert params is not None
    assert [entry.name for entry in params.timeline_deck.entries] == ["step"]


def test_nothing_leaks_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nctxcore_isolate_stack = true\n")
    pytester.makepyfile(
        """
        from ctxcore import FlyteContextManager

        def test_pushes_and_leaks():
            ctx = FlyteContextManager.current_context()
            FlyteContextManager.push_context(ctx.new_builder().build())
            FlyteContextManager.initialize()
            FlyteContextManager.push_context(ctx.new_builder().build())
            assert FlyteContextManager.size() == 2

        def test_sees_a_fresh_stack():
            assert FlyteContextManager.size() == 1
            assert str(FlyteContextManager.current_context().file_access.raw_output_prefix) == (
                "memory://raw/"
            )
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)
