"""Referral intake's writer: concurrent requests hand their messages over and wait; whatever
has arrived is written as one group (service_layer/intake/group_commit.py), and whatever
arrives meanwhile is the next group. Under a light load a group is one message and nothing
waits longer than it would alone; under load one transaction, one commit and one thread hop
serve many requests (issue 11)."""

from __future__ import annotations

import asyncio
import contextvars

from handover_common.runtime import Runtime
from starlette.concurrency import run_in_threadpool

from referral.adapters.orm import DischargeRow
from referral.service_layer.intake.group_commit import Pending, store_together
from referral.service_layer.intake.registration import Referral

Waiting = tuple[Pending, "asyncio.Future[DischargeRow]"]


class IntakeWriter:
    def __init__(self, runtime: Runtime, max_group: int) -> None:
        self._runtime = runtime
        self._max_group = max_group
        self._waiting: list[Waiting] = []
        self._writing: asyncio.Task[None] | None = None

    async def store(self, referral: Referral) -> DischargeRow:
        """The stored row (or the earlier one, for a repeated message id); raises what storing
        this message alone would raise."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[DischargeRow] = loop.create_future()
        self._waiting.append((Pending(referral, contextvars.copy_context()), future))
        writing = self._writing
        if writing is None or writing.done() or writing.get_loop() is not loop:
            # what an earlier event loop (an app started again, in tests) left has no one waiting
            self._waiting = [w for w in self._waiting if w[1].get_loop() is loop]
            # a task of its own: a request that goes away must not strand the others' answers
            self._writing = asyncio.create_task(self._write_all())
        return await future

    async def _write_all(self) -> None:
        while self._waiting:
            group = self._waiting[: self._max_group]
            del self._waiting[: self._max_group]
            engine, producer = self._runtime.engine, self._runtime.name
            pending = [p for p, _ in group]
            try:
                outcomes = await run_in_threadpool(store_together, engine, producer, pending)
            except BaseException as error:  # cancelled as the app stops
                for _, future in group:
                    if not future.done():
                        future.set_exception(RuntimeError(f"intake stopped: {error!r}"))
                raise
            for (_, future), outcome in zip(group, outcomes, strict=True):
                if future.done():  # its request went away
                    continue
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
