"""W11: contexts seen from another thread or asyncio task (must be zero)."""

from __future__ import annotations

import asyncio
import threading

from ctxcore import FlyteContextManager

WORKLOAD = "W11"
_WORKERS = 8
_ROUNDS = 2_000


def _thread_worker(foreign: list[int]) -> None:
    base = FlyteContextManager.current_context().new_builder()
    seen = 0
    for _ in range(_ROUNDS):
        pushed = FlyteContextManager.push_context(base.build())
        if FlyteContextManager.current_context() is not pushed:
            seen += 1
        FlyteContextManager.pop_context()
    foreign.append(seen)


async def _task_worker() -> int:
    base = FlyteContextManager.current_context().new_builder()
    seen = 0
    for _ in range(_ROUNDS):
        pushed = FlyteContextManager.push_context(base.build())
        await asyncio.sleep(0)
        if FlyteContextManager.current_context() is not pushed:
            seen += 1
        FlyteContextManager.pop_context()
    return seen


async def _tasks() -> int:
    return sum(await asyncio.gather(*(_task_worker() for _ in range(_WORKERS))))


def run() -> dict[str, object]:
    FlyteContextManager.current_context()
    foreign: list[int] = []
    threads = [threading.Thread(target=_thread_worker, args=(foreign,)) for _ in range(_WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    thread_foreign = sum(foreign)
    task_foreign = asyncio.run(_tasks())
    return {
        "threads_foreign_contexts": thread_foreign,
        "asyncio_foreign_contexts": task_foreign,
        "checks": 2 * _WORKERS * _ROUNDS,
        "target_met": thread_foreign == 0 and task_foreign == 0,
    }
