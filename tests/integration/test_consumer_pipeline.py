"""The consumer loop fetches and decodes the next fetch while one is applied on its database
thread (issue 11), and gives that fetch back when the loop stops, so nothing is skipped."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from handover_common.consumer import EventConsumer
from handover_common.kafka import (
    EMBEDDED_SESSION_TIMEOUT_MS,
    ensure_topics,
    make_consumer,
    start_producer,
)
from handover_common.tables import InboxEntry
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope, dead_letter_topic, encode, retry_topic
from sqlalchemy import Engine

from tests.integration.test_delivery import enrolled, republish
from tests.support.databases import count
from tests.support.kafka import eventually, unique
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration


class Fetches:
    """Records the event ids each fetch of the wrapped consumer returned, for the handler's
    thread to see."""

    def __init__(self, consumer: AIOKafkaConsumer) -> None:
        self.seen: set[bytes] = set()
        self._getmany = consumer.getmany
        consumer.getmany = self.getmany

    async def getmany(self, *args: Any, **kwargs: Any) -> Any:
        fetched = await self._getmany(*args, **kwargs)
        for records in fetched.values():
            self.seen.update(record.value for record in records)
        return fetched


def wait_for(condition: Any, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@contextlib.asynccontextmanager
async def started_consumer(broker: Any, topic: str, group: str) -> AsyncIterator[Any]:
    consumer = make_consumer(
        broker.bootstrap_servers, group, [topic, retry_topic(group)], EMBEDDED_SESSION_TIMEOUT_MS
    )
    await ensure_topics(broker.bootstrap_servers, [retry_topic(group), dead_letter_topic(group)], 1)
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


def one_at_a_time(
    consumer: AIOKafkaConsumer, group: str, engine: Engine, handler: Any
) -> EventConsumer:
    """A loop whose every fetch is one record (nothing is dead-lettered here)."""
    return EventConsumer(
        name=group,
        consumer=consumer,
        dlq_producer=None,
        engine=engine,
        handlers={"homecare.enrolled": handler},
        max_batch=1,
    )


async def until_both_applied(engine: Engine, task: asyncio.Task[None]) -> None:
    try:
        await eventually(lambda: count(engine, InboxEntry) == 2)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def produce(broker: Any, topic: str, events: list[tuple[Envelope, int]]) -> None:
    producer = await start_producer(broker.bootstrap_servers)
    try:
        for envelope, partition in events:
            await producer.send_and_wait(topic, encode(envelope), partition=partition)
    finally:
        await producer.stop()


async def test_the_next_fetch_is_taken_while_one_is_applied(engine: Engine, broker: Any) -> None:
    topic, group = unique("pipeline"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    first, second = enrolled(patient_ref("p1")), enrolled(patient_ref("p2"))
    await produce(broker, topic, [(first, 0), (second, 0)])
    overlapped: list[bool] = []
    async with started_consumer(broker, topic, group) as consumer:
        fetches = Fetches(consumer)

        def slow_first(uow: UnitOfWork, envelope: Envelope) -> None:
            if envelope.event_id == first.event_id:
                overlapped.append(wait_for(lambda: encode(second) in fetches.seen))
            republish(uow, envelope)

        task = asyncio.create_task(one_at_a_time(consumer, group, engine, slow_first).run_forever())
        await until_both_applied(engine, task)
    assert overlapped == [True], "the second event was fetched only after the first was applied"


async def test_a_fetch_taken_ahead_is_given_back_when_the_loop_stops(
    engine: Engine, broker: Any
) -> None:
    """The loop stops while its first event is applied; the fetch taken ahead, on the other
    partition, is rewound, so a restarted loop applies it instead of skipping it."""
    topic, group = unique("give-back"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 2)
    events = [enrolled(patient_ref("p1")), enrolled(patient_ref("p2"))]
    await produce(broker, topic, [(events[0], 0), (events[1], 1)])
    release = threading.Event()
    async with started_consumer(broker, topic, group) as consumer:
        fetches = Fetches(consumer)
        taken_ahead = threading.Event()

        holding = [True]  # only the first call: the restarted loop applies freely

        def held(uow: UnitOfWork, envelope: Envelope) -> None:
            if holding:
                holding.clear()
                if wait_for(lambda: len(fetches.seen) == 2):
                    taken_ahead.set()
                release.wait(10)
            republish(uow, envelope)

        stopped = asyncio.create_task(one_at_a_time(consumer, group, engine, held).run_forever())
        await eventually(taken_ahead.is_set)
        stopped.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stopped
        release.set()
        restarted = asyncio.create_task(one_at_a_time(consumer, group, engine, held).run_forever())
        await until_both_applied(engine, restarted)


async def test_a_fetch_that_fails_while_it_is_read_is_given_back(
    engine: Engine, broker: Any
) -> None:
    """Reading a fetch ahead (decoding, spans) happens after the position moved past it: an
    error there rewinds it, so the restarted loop applies both events instead of skipping."""
    topic, group = unique("read-fails"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    await produce(
        broker, topic, [(enrolled(patient_ref("p1")), 0), (enrolled(patient_ref("p2")), 0)]
    )
    async with started_consumer(broker, topic, group) as consumer:
        loop = EventConsumer(
            name=group,
            consumer=consumer,
            dlq_producer=None,
            engine=engine,
            handlers={"homecare.enrolled": republish},
        )
        real_span = loop._span
        failures = [RuntimeError("tracing broke")]

        def span_once(*args: Any) -> Any:
            if failures:
                raise failures.pop()
            return real_span(*args)

        loop._span = span_once  # type: ignore[method-assign,assignment]
        with pytest.raises(RuntimeError):
            await loop.run_forever()  # the supervisor would log this and start the loop again
        await until_both_applied(engine, asyncio.create_task(loop.run_forever()))
