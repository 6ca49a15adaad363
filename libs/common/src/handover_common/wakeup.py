"""Wakes the outbox relay when a unit of work that published events commits.

The relay would otherwise poll fast (latency) or slowly (idle CPU). Commits happen in worker
threads, relays wait on event loops, so the signal crosses threads. A commit by another process
(a second replica, the republish tool) is picked up by the relay's slow safety-net poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


class Wakeup:
    def __init__(self) -> None:
        self._waiters: dict[asyncio.Event, asyncio.AbstractEventLoop] = {}
        self._lock = threading.Lock()

    def notify(self) -> None:
        """Thread-safe: sets every registered waiter's event on its own loop. An event already
        set is left alone (a wake-up costs a syscall): its waiter clears it before it looks
        at the outbox, so it will see this commit all the same."""
        with self._lock:
            waiters = list(self._waiters.items())
        for event, loop in waiters:
            if event.is_set():
                continue
            with contextlib.suppress(RuntimeError):  # its loop has closed meanwhile
                loop.call_soon_threadsafe(event.set)

    def register(self) -> asyncio.Event:
        event = asyncio.Event()
        with self._lock:
            self._waiters[event] = asyncio.get_running_loop()
        return event

    def unregister(self, event: asyncio.Event) -> None:
        with self._lock:
            self._waiters.pop(event, None)


async def wait_for(event: asyncio.Event, timeout: float) -> None:
    """Until the event is set or the timeout passes; clears it for the next round.

    Not `asyncio.wait_for`: on Python 3.11 it can swallow a cancellation that arrives as the
    event is set, and a relay that ignores its cancellation hangs the service's shutdown."""
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait([waiter], timeout=timeout)
    finally:
        waiter.cancel()
    event.clear()


OUTBOX_COMMITTED = Wakeup()
"""Notified after every commit that put rows in the outbox, in this process."""
