"""The deadline watch as a background task (issue 12 section 2): every
``deadline_watch_seconds`` one replica (a lease) sweeps at the app's clock
(``app.state.clock``, as GET /v1/deadlines; tests move it or call `sweep` themselves): every
case that can still change at a full sweep, the ones that can have changed in between
(`Watch`, issue 11)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from fastapi import FastAPI
from handover_common.leases import Lease
from handover_common.runtime import BackgroundTask, Runtime

from referral.service_layer.deadline_watch import Watch
from referral.service_layer.deadlines import Clock, system_clock


class AppClock:
    """The app's clock, read at each sweep: set ``app`` once the app is built."""

    def __init__(self) -> None:
        self.app: FastAPI | None = None

    def __call__(self) -> datetime:
        clock: Clock = getattr(self.app.state, "clock", system_clock) if self.app else system_clock
        return clock()


def deadline_watch_task(
    interval_seconds: float, lookback: timedelta, full_every: timedelta, clock: Clock
) -> BackgroundTask:
    async def watch_deadlines(runtime: Runtime) -> None:
        lease = Lease(runtime.engine, "referral:deadline-watch")  # one replica sweeps
        watch = Watch(lookback=lookback, full_every=full_every)
        while True:
            if await asyncio.to_thread(lease.held):
                await asyncio.to_thread(watch.sweep, runtime.engine, clock())
            else:
                watch.forget()  # another replica sweeps meanwhile
            await asyncio.sleep(interval_seconds)

    return watch_deadlines
