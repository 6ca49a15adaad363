"""The relay's wake-up: a cancellation is never lost, even when it meets a wake-up."""

from __future__ import annotations

import asyncio
import contextlib

from handover_common.wakeup import Wakeup, wait_for


async def test_a_notify_from_another_thread_ends_the_wait() -> None:
    wakeup = Wakeup()
    event = wakeup.register()
    waiting = asyncio.create_task(wait_for(event, timeout=30))
    await asyncio.sleep(0)
    await asyncio.to_thread(wakeup.notify)
    await asyncio.wait_for(waiting, timeout=5)
    assert not event.is_set()  # cleared for the next round
    wakeup.unregister(event)


async def test_a_cancellation_that_meets_a_wake_up_still_cancels() -> None:
    """asyncio.wait_for on Python 3.11 can swallow it; a relay that went on running then hung
    its service's shutdown (seen in CI)."""
    for _ in range(200):
        event = asyncio.Event()
        waiting = asyncio.create_task(wait_for(event, timeout=30))
        await asyncio.sleep(0)  # the waiter is waiting
        event.set()
        await asyncio.sleep(0)  # the inner wait finishes ...
        waiting.cancel()  # ... as the cancellation arrives
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
        assert waiting.cancelled(), "the cancellation was swallowed"
