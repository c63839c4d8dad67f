"""Isolation of the context stack per thread and per asyncio task, and explicit hand-over.

The reference shares one list between asyncio tasks (every task saw another's context) and lets
a push-before-read in a new thread leak into every later thread (§9.1, §15.6).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ctxcore import ContextStackError, FlyteContext, FlyteContextManager
from ctxcore.shell import config_loader, context_stack
from ctxcore.shell import root as root_module
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.testing.memory import MemoryFileAccess, memory_root

FCM = FlyteContextManager

FORKED_CHILD_SECONDS = 10.0
"""How long a forked child may take to build its root: a fraction of a second when nothing is
wrong; a child still running after this long is deadlocked."""

THREADS = 8
TASKS = 64
ITERATIONS = 2_000


@pytest.fixture(autouse=True)
def memory_stack() -> Iterator[FlyteContext]:
    root = memory_root(MemoryFileAccess())
    FCM.initialize(root=lambda: root)
    yield root
    FCM.initialize()


@pytest.fixture
def frequent_switches() -> Iterator[None]:
    """Make the interpreter switch threads as often as it can, to interleave the workers."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def _run_threads(target: Callable[[int], None], count: int) -> None:
    errors: list[BaseException] = []

    def guarded(index: int) -> None:
        try:
            target(index)
        except BaseException as error:  # reported below, with the thread's index
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _push(base: FlyteContext, tag: tuple[int, int]) -> FlyteContext:
    return FCM.push_context(base.new_builder().with_client(tag).build())


def _check_and_pop(pushed: FlyteContext, tag: tuple[int, int]) -> int:
    """How many foreign contexts this worker saw: on top of its stack, and when popping."""
    current = FCM.current_context()
    seen = int(current is not pushed or current.flyte_client != tag)
    return seen + int(FCM.pop_context() is not pushed)


@pytest.mark.slow
@pytest.mark.usefixtures("frequent_switches")
def test_threads_see_only_their_own_contexts(memory_stack: FlyteContext) -> None:
    foreign = [0] * THREADS
    done = [0] * THREADS
    barrier = threading.Barrier(THREADS, timeout=60)

    def work(index: int) -> None:
        barrier.wait()
        base = FCM.current_context()
        for i in range(ITERATIONS):
            pushed = _push(base, (index, i))
            foreign[index] += _check_and_pop(pushed, (index, i))
            done[index] += 1

    _run_threads(work, THREADS)
    assert foreign == [0] * THREADS
    assert done == [ITERATIONS] * THREADS
    assert FCM.current_context() is memory_stack


@pytest.mark.slow
def test_asyncio_tasks_see_only_their_own_contexts(memory_stack: FlyteContext) -> None:
    foreign = [0] * TASKS
    done = [0] * TASKS

    async def work(index: int) -> None:
        base = FCM.current_context()
        for i in range(ITERATIONS):
            pushed = _push(base, (index, i))
            await asyncio.sleep(0)
            foreign[index] += _check_and_pop(pushed, (index, i))
            done[index] += 1

    async def main() -> None:
        await asyncio.gather(*(work(i) for i in range(TASKS)))

    asyncio.run(main())
    assert foreign == [0] * TASKS
    assert done == [ITERATIONS] * TASKS
    assert FCM.size() == 1


def test_gathered_with_context_blocks_do_not_clobber_each_other() -> None:
    # The reference's failure: the first task to finish popped all three contexts.
    seen: dict[int, list[int]] = {}

    async def work(index: int, delay: int) -> int:
        with FCM.with_context(FCM.current_context().new_builder().with_client(index)) as ctx:
            for _ in range(delay):
                await asyncio.sleep(0)
                client = FCM.current_context().flyte_client
                assert isinstance(client, int)
                seen.setdefault(index, []).append(client)
            assert FCM.current_context() is ctx
            assert FCM.size() == 2
        return FCM.size()

    async def main() -> list[int]:
        return list(await asyncio.gather(work(0, 1), work(1, 5), work(2, 10)))

    assert asyncio.run(main()) == [1, 1, 1]
    assert {i: set(v) for i, v in seen.items()} == {0: {0}, 1: {1}, 2: {2}}
    assert FCM.size() == 1


def test_a_task_starts_from_its_parents_stack_and_keeps_its_pushes() -> None:
    async def child(parent: FlyteContext) -> int:
        assert FCM.current_context() is parent
        FCM.push_context(parent.new_builder().build())
        return FCM.size()

    async def main() -> None:
        with FCM.with_context(FCM.current_context().new_builder()) as parent:
            assert await asyncio.create_task(child(parent)) == 3
            assert FCM.current_context() is parent
            assert FCM.size() == 2

    asyncio.run(main())
    assert FCM.size() == 1


def test_push_before_any_read_in_a_new_thread_does_not_leak(memory_stack: FlyteContext) -> None:
    pushed: list[FlyteContext] = []

    def first_thread() -> None:
        pushed.append(FCM.push_context(FlyteContext(MemoryFileAccess("/leak"), level=9)))

    observed: list[tuple[int, FlyteContext]] = []

    def later_thread() -> None:
        observed.append((FCM.size(), FCM.current_context()))

    for target in (first_thread, later_thread):
        t = threading.Thread(target=target)
        t.start()
        t.join()
    assert len(pushed) == 1
    assert observed == [(1, memory_stack)]
    assert contextvars.Context().run(FCM.size) == 1
    assert FCM.current_context() is memory_stack


def test_a_new_thread_starts_with_only_the_root(memory_stack: FlyteContext) -> None:
    FCM.push_context(memory_stack.new_builder().build())
    observed: list[tuple[int, FlyteContext]] = []
    t = threading.Thread(target=lambda: observed.append((FCM.size(), FCM.current_context())))
    t.start()
    t.join()
    assert observed == [(1, memory_stack)]
    assert FCM.size() == 2


# -- explicit hand-over ------------------------------------------------------------------------


def test_bind_hands_the_stack_to_a_thread(memory_stack: FlyteContext) -> None:
    with FCM.with_context(memory_stack.new_builder().with_client("main")) as ctx:

        def worker(tag: str, *, extra: int) -> tuple[str, int, FlyteContext, int]:
            return tag, extra, FCM.current_context(), FCM.size()

        bound = FCM.bind(worker)
    results: list[tuple[str, int, FlyteContext, int]] = []
    after: list[int] = []

    def run() -> None:
        results.append(bound("t", extra=5))
        after.append(FCM.size())

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert results == [("t", 5, ctx, 2)]
    assert after == [1]
    assert FCM.size() == 1


def test_bind_with_an_executor(memory_stack: FlyteContext) -> None:
    with (
        FCM.with_context(memory_stack.new_builder().with_client("pool")) as ctx,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        futures = [pool.submit(FCM.bind(FCM.current_context)) for _ in range(8)]
        assert all(f.result() is ctx for f in futures)
        plain = pool.submit(FCM.current_context).result()
    assert plain is memory_stack


def test_snapshot_and_attach(memory_stack: FlyteContext) -> None:
    with FCM.with_context(memory_stack.new_builder()) as ctx:
        snapshot = FCM.snapshot()
    observed: list[object] = []

    def worker() -> None:
        with FCM.attach(snapshot) as attached:
            observed.append(attached is ctx)
            FCM.push_context(ctx.new_builder().build())
            observed.append(FCM.size())
        observed.append(FCM.size())
        observed.append(FCM.current_context() is memory_stack)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert observed == [True, 3, 1, True]
    assert FCM.size() == 1


def test_pushes_in_an_attached_worker_do_not_reach_the_origin(
    memory_stack: FlyteContext,
) -> None:
    FCM.push_context(memory_stack.new_builder().build())
    snapshot = FCM.snapshot()

    def worker() -> None:
        with FCM.attach(snapshot):
            FCM.pop_context()
            FCM.push_context(memory_stack.new_builder().with_client("worker").build())

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert FCM.size() == 2
    assert FCM.current_context().flyte_client is None


# -- blocks cannot cross threads or tasks ------------------------------------------------------


def test_exiting_a_block_in_another_thread_is_an_error(memory_stack: FlyteContext) -> None:
    block = FCM.with_context(memory_stack.new_builder())
    block.__enter__()
    errors: list[BaseException] = []

    def other() -> None:
        try:
            block.__exit__(None, None, None)
        except ContextStackError as error:
            errors.append(error)

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert len(errors) == 1
    assert isinstance(errors[0], RuntimeError)
    assert "different thread or task" in str(errors[0])
    assert FCM.size() == 2  # this thread's stack was not touched
    block.__exit__(None, None, None)  # and the block is still entered here, where it was
    assert FCM.size() == 1


def test_exiting_a_block_in_another_task_is_an_error(memory_stack: FlyteContext) -> None:
    async def main() -> None:
        handoff: asyncio.Queue[object] = asyncio.Queue()
        entered = asyncio.Event()
        exited = asyncio.Event()

        async def opener() -> int:
            block = FCM.with_context(FCM.current_context().new_builder())
            block.__enter__()
            await handoff.put(block)
            entered.set()
            await exited.wait()
            return FCM.size()

        async def closer() -> None:
            block = await handoff.get()
            await entered.wait()
            exit_method: Callable[[None, None, None], None] = getattr(block, "__exit__")  # noqa: B009
            try:
                with pytest.raises(ContextStackError):
                    exit_method(None, None, None)
                assert FCM.size() == 1
            finally:
                exited.set()

        # Both tasks start from the same (root-only) stack: the block is only on the opener's.
        size_in_opener, _ = await asyncio.gather(opener(), closer())
        assert size_in_opener == 2

    asyncio.run(main())
    assert FCM.current_context() is memory_stack


def _wait_or_kill(pid: int, seconds: float) -> int | None:
    """The exit status of the child ``pid``, or ``None`` (and the child killed) when it has not
    exited within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def _fork_while_building(
    building: threading.Event, release: threading.Event, child_check: Callable[[], bool]
) -> int | None:
    """Build the root in a thread until it signals ``building`` (it then holds the root's
    lock, and whatever locks building takes), fork, and have the child run ``child_check``;
    the child's exit status (0: the check passed), ``None`` when it deadlocked."""
    builder = threading.Thread(target=FCM.current_context)
    builder.start()
    try:
        assert building.wait(FORKED_CHILD_SECONDS)
        return _in_a_forked_child(child_check)
    finally:
        release.set()
        builder.join()


def _in_a_forked_child(check: Callable[[], bool]) -> int | None:
    """Fork; the child runs ``check`` (only the forking thread exists in it) and exits, 0 if
    it passed, never returning to pytest. The child's exit status, or ``None`` when it did
    not exit within ``FORKED_CHILD_SECONDS`` (it was then killed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork with threads
        pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = 0 if check() else 2
        finally:
            os._exit(code)
    return _wait_or_kill(pid, FORKED_CHILD_SECONDS)


def test_a_fork_while_another_thread_builds_the_root_does_not_deadlock_the_child() -> None:
    """Found: the child inherited the root's lock held by a thread that does not exist in it,
    and its first ``current_context()`` waited for ever."""
    parent = os.getpid()
    building, release = threading.Event(), threading.Event()
    child_root = memory_root(MemoryFileAccess("/child"))

    def slow_in_the_parent() -> FlyteContext:
        if os.getpid() == parent:
            building.set()
            release.wait(FORKED_CHILD_SECONDS)
            return memory_root(MemoryFileAccess("/parent"))
        return child_root

    FCM.initialize(root=slow_in_the_parent)
    status = _fork_while_building(building, release, lambda: FCM.current_context() is child_root)
    assert status == 0, "the child deadlocked" if status is None else f"child status {status}"


def test_a_fork_while_another_thread_builds_the_default_root_does_not_deadlock_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default root takes more locks while it is built (the default provider's, the
    config files' cache): the child gets each afresh."""
    parent = os.getpid()
    building, release = threading.Event(), threading.Event()
    build_provider = root_module.local_file_access_provider

    def slow_in_the_parent() -> FileAccessProvider:
        if os.getpid() == parent:
            building.set()
            release.wait(FORKED_CHILD_SECONDS)
        return build_provider()

    monkeypatch.setenv("FLYTE_SDK_LOCAL_SANDBOX", str(tmp_path))
    monkeypatch.setattr(root_module, "local_file_access_provider", slow_in_the_parent)
    monkeypatch.setattr(root_module._default_provider, "_provider", None)  # pyright: ignore[reportPrivateUsage]
    FCM.initialize()
    sandbox = str(tmp_path / "sandbox" / "local_flytekit")

    def child_check() -> bool:
        access = FCM.current_context().file_access
        return isinstance(access, FileAccessProvider) and str(access.local_sandbox_dir) == sandbox

    status = _fork_while_building(building, release, child_check)
    assert status == 0, "the child deadlocked" if status is None else f"child status {status}"


def _config_file(directory: Path) -> str:
    path = directory / "config.yaml"
    path.write_text("admin:\n  endpoint: dns:///flyte.example.com\n")
    return str(path)


PROCESS_LOCKS: dict[str, tuple[Callable[[], threading.Lock], Callable[[Path], object]]] = {
    "root": (
        lambda: context_stack._root._lock,  # pyright: ignore[reportPrivateUsage]
        lambda _: FCM.current_context(),
    ),
    "default provider": (
        lambda: root_module._default_provider._lock,  # pyright: ignore[reportPrivateUsage]
        lambda _: root_module.get_default_local_file_access_provider(),
    ),
    "config file cache": (
        lambda: config_loader._CACHE._lock,  # pyright: ignore[reportPrivateUsage]
        lambda directory: config_loader.read_config_file(_config_file(directory)),
    ),
}
"""Each process-wide lock of the root's construction, and a use of it."""


@pytest.mark.parametrize(("lock", "use"), PROCESS_LOCKS.values(), ids=PROCESS_LOCKS.keys())
def test_a_fork_while_another_thread_holds_a_process_wide_lock_does_not_deadlock_the_child(
    tmp_path: Path,
    lock: Callable[[], threading.Lock],
    use: Callable[[Path], object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLYTE_SDK_LOCAL_SANDBOX", str(tmp_path))
    FCM.initialize(root=lambda: memory_root(MemoryFileAccess("/child")))  # built on first use
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock():
            held.set()
            release.wait(FORKED_CHILD_SECONDS)

    def returns() -> bool:
        use(tmp_path)
        return True

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(FORKED_CHILD_SECONDS)
        status = _in_a_forked_child(returns)
    finally:
        release.set()
        holder.join()
    assert status == 0, "the child deadlocked" if status is None else f"child status {status}"
