"""ctxcore.testing: its public names, its fakes, and a plugin that needs no hypothesis."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

from ctxcore import (
    CompilationState,
    DataNotFoundError,
    ExecutionParameters,
    Node,
    RecordingStats,
    SigintHandlers,
    SyncCheckpoint,
)
from ctxcore.testing import (
    CounterEntropy,
    CountingTempDirs,
    FakeClock,
    FakeSignals,
    MemoryFileAccess,
    RecordingLogger,
    compilation_states,
    configs,
    memory_file_access,
    memory_secrets,
    nodes,
    serialization_settings,
)


def test_the_plugin_does_not_import_hypothesis_or_fsspec() -> None:
    code = (
        "import sys, ctxcore.testing.plugin, ctxcore.testing;"
        "print(sorted(m for m in ('hypothesis', 'fsspec') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_fake_clock_sleeps_without_waiting() -> None:
    clock = FakeClock()
    start = clock.now()
    clock.sleep(5)
    clock.advance(1.5)
    assert clock.sleeps == [5]
    assert (clock.now() - start).total_seconds() == 6.5
    assert clock.monotonic() == 6.5


def test_counter_entropy_is_deterministic() -> None:
    entropy = CounterEntropy()
    assert [entropy.random_hex() for _ in range(2)] == [f"{1:032x}", f"{2:032x}"]


def test_memory_file_access_instances_do_not_share_files() -> None:
    first, second = memory_file_access(), memory_file_access()
    where = first.put_raw_data(b"x", file_name="f")
    assert first.exists(where)
    assert not second.exists(where)


def test_memory_secrets_use_the_real_names() -> None:
    secrets = memory_secrets({("db", "password"): "pw"})
    assert secrets.get("db", "password") == "pw"
    assert secrets.db.password == "pw"


def test_fake_signals_drive_the_real_sigint_chain() -> None:
    seen: list[int] = []
    signals = FakeSignals()
    handlers = SigintHandlers(signals)
    handlers.add(lambda signum, frame: seen.append(signum))
    handlers.install()
    signals.fire()
    assert len(seen) == 1
    with pytest.raises(RuntimeError, match="no Python-level handler"):
        FakeSignals().fire()


@given(state=compilation_states(), extra=nodes())
def test_strategies_compose_with_the_real_api(state: CompilationState, extra: Node) -> None:
    grown = state.add_node(extra)
    assert list(grown.nodes) == [*state.nodes, extra]
    assert len(grown.with_params(grown.prefix).nodes) == 0


@given(config=configs(), settings=serialization_settings())
def test_generated_values_round_trip(config: object, settings: object) -> None:
    from ctxcore import Config, SerializationSettings

    assert isinstance(config, Config)
    assert isinstance(settings, SerializationSettings)
    assert SerializationSettings.from_transport(settings.serialized_context) == settings


def test_memory_file_access_keeps_uploads_in_memory(tmp_path: Path) -> None:
    fa = MemoryFileAccess()
    where = fa.put_raw_data(b"payload", file_name="p.bin")
    assert where == f"memory://raw/{1:032x}/p.bin"
    assert fa.objects[where] == b"payload"
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "a.txt").write_text("a")
    remote = fa.get_random_remote_directory()
    fa.put_data(tree, remote, is_multipart=True)
    assert fa.exists(remote)
    fa.get_data(remote, str(tmp_path / "back"), is_multipart=True)
    assert (tmp_path / "back" / "sub" / "a.txt").read_text() == "a"
    with pytest.raises(DataNotFoundError):
        fa.get_data("memory://raw/missing", str(tmp_path / "x"))


def test_a_recording_logger_as_the_logging_effect() -> None:
    recorded = RecordingLogger()
    params = ExecutionParameters(
        FakeClock().now(), "/w", RecordingStats(), None, recorded.logger, "memory://raw/"
    )
    params.logging.info("step %s done", 3)
    assert recorded.messages == ["step 3 done"]
    assert "ctxcore.testing" not in logging.Logger.manager.loggerDict


def test_counting_temp_dirs_name_scratch_directories_in_advance(tmp_path: Path) -> None:
    tempdirs = CountingTempDirs(tmp_path)
    files = memory_file_access()
    files.put_raw_data(b"state", upload_prefix="prev", file_name="_dst_cp")
    checkpoint = SyncCheckpoint(
        "memory://raw/cp", "memory://raw/prev", file_access=files, tempdirs=tempdirs
    )
    assert checkpoint.read() == b"state"
    assert tempdirs.made == [str(tmp_path / "ctxcore-checkpoint-0001")]
