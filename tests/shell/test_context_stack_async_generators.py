"""An async generator that yields inside ``with_context``: abandoned, its context stays on the
task's stack; closed with ``contextlib.aclosing``, it does not (``docs/concepts/context-stack.md``).

The generator runs its ``with`` block in the task that iterates it, so the push is the task's.
An abandoned async generator is closed later, by the event loop, in a task of its own: the
block's exit cannot reset a variable of another task, so it leaves the task's stack as it is
(the exit does not raise, as ``GeneratorExit`` is on its way out). No ``ContextVar`` design can
undo that; only closing the generator in the task that iterates it does.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncGenerator

from ctxcore import FlyteContext, FlyteContextManager

FCM = FlyteContextManager


async def _contexts(
    closed_in: list[asyncio.Task[object] | None],
) -> AsyncGenerator[FlyteContext, None]:
    """Yields its own context twice, from inside ``with_context``; ``closed_in`` gets the task
    the generator was closed in."""
    base = FCM.current_context()
    try:
        with FCM.with_context(base.new_builder().with_client("generator")) as ctx:
            yield ctx
            yield ctx
    finally:
        closed_in.append(asyncio.current_task())


async def _settle() -> None:
    """Let the event loop run what it scheduled: the finaliser's ``aclose`` task."""
    gc.collect()
    for _ in range(5):
        await asyncio.sleep(0)


def test_an_abandoned_async_generator_leaves_its_context_on_the_task_stack(
    ctxcore_context: FlyteContext,
) -> None:
    closed_in: list[asyncio.Task[object] | None] = []

    async def main() -> tuple[FlyteContext, FlyteContext, asyncio.Task[object] | None]:
        contexts = _contexts(closed_in)
        pushed = await anext(contexts)
        del contexts  # abandoned in its with block, as `async for ...: break` abandons it
        await _settle()
        return pushed, FCM.current_context(), asyncio.current_task()

    pushed, after, task = asyncio.run(main())
    assert len(closed_in) == 1
    assert closed_in[0] is not task  # the loop closed it, in a task of its own
    assert after is pushed  # so this task's stack still has the generator's context on top
    assert after.flyte_client == "generator"
    assert FCM.current_context() is ctxcore_context  # the task's stack ended with the task


def test_aclosing_closes_the_generator_in_the_task_and_pops_its_context(
    ctxcore_context: FlyteContext,
) -> None:
    closed_in: list[asyncio.Task[object] | None] = []

    async def main() -> tuple[FlyteContext, FlyteContext, asyncio.Task[object] | None]:
        async with contextlib.aclosing(_contexts(closed_in)) as contexts:
            pushed = await anext(contexts)
        await _settle()
        return pushed, FCM.current_context(), asyncio.current_task()

    pushed, after, task = asyncio.run(main())
    assert closed_in == [task]  # closed on leaving the async with, in this task
    assert pushed.flyte_client == "generator"
    assert after is ctxcore_context
