"""Issue 11: a fetched batch is applied in one transaction, its inbox rows claimed in one
statement, and a failure inside it falls back to one event at a time, so exactly-once holds
and one poison event never takes its neighbours to the dead-letter topic."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from handover_common.inbox import (
    BatchHandler,
    EventHandler,
    PermanentFailure,
    apply_batch,
    apply_once,
)
from handover_common.kafka import EMBEDDED_TOPIC_PARTITIONS, ensure_topics, start_producer
from handover_common.relay import OutboxRelay
from handover_common.tables import InboxEntry, OutboxMessage
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope, dead_letter_topic, encode
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from tests.integration.test_delivery import (
    enrolled,
    republish,
    running_consumer,
)
from tests.support.databases import count
from tests.support.kafka import drain, eventually, unique
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration
PR_1, PR_2 = patient_ref("batch-1"), patient_ref("batch-2")


def test_a_batch_applies_each_new_event_once_and_skips_the_rest(engine: Engine) -> None:
    applied_before, new = enrolled(PR_1), enrolled(PR_2)
    handlers = {"homecare.enrolled": republish}
    assert apply_once(engine, "c", applied_before, handlers) == "applied"
    unhandled = new.model_copy(update={"event_type": "something.else"})
    batch = [new, applied_before, new, unhandled]
    assert apply_batch(engine, "c", batch, handlers) == [
        "applied",
        "duplicate",
        "duplicate",  # the same event twice in one fetch
        "ignored",
    ]
    assert count(engine, InboxEntry) == 2
    assert count(engine, OutboxMessage) == 2


def test_a_batch_handlers_prefetch_gets_only_the_events_it_will_apply(engine: Engine) -> None:
    """`BatchHandler.prefetch` runs once per batch and type, before the handlers, with the
    events that will be applied: not one an earlier batch applied, not another type's."""
    applied_before, first, second = enrolled(PR_1), enrolled(PR_1), enrolled(PR_2)
    assert apply_once(engine, "p", applied_before, {"homecare.enrolled": republish}) == "applied"
    calls: list[list[object]] = []
    handled: list[object] = []

    def prefetch(uow: UnitOfWork, envelopes: Sequence[Envelope]) -> None:
        assert not handled, "prefetch runs before the batch's handlers"
        calls.append([e.event_id for e in envelopes])

    def handle(uow: UnitOfWork, envelope: Envelope) -> None:
        handled.append(envelope.event_id)

    other = enrolled(PR_2).model_copy(update={"event_type": "something.else"})
    handlers: dict[str, EventHandler] = {
        "homecare.enrolled": BatchHandler(handle, prefetch),
        "something.else": handle,
    }
    outcomes = apply_batch(engine, "p", [first, applied_before, other, second], handlers)
    assert outcomes == ["applied", "duplicate", "applied", "applied"]
    assert calls == [[first.event_id, second.event_id]]
    assert handled == [first.event_id, other.event_id, second.event_id]


def test_a_failure_inside_a_batch_stores_nothing_of_it(engine: Engine) -> None:
    good, poison, other = enrolled(PR_1), enrolled(PR_1), enrolled(PR_2)

    def strict(uow: UnitOfWork, envelope: Envelope) -> None:
        republish(uow, envelope)
        if envelope.event_id == poison.event_id:
            raise PermanentFailure("cannot apply")

    with pytest.raises(PermanentFailure):
        apply_batch(engine, "c", [good, poison, other], {"homecare.enrolled": strict})
    assert count(engine, InboxEntry) == 0
    assert count(engine, OutboxMessage) == 0


async def test_one_poison_event_in_a_fetch_takes_no_neighbour_with_it(engine, broker) -> None:
    topic, group = unique("batch"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    events = [enrolled(PR_1) for _ in range(40)]
    poison = events[17]

    def strict(uow: UnitOfWork, envelope: Envelope) -> None:
        if envelope.event_id == poison.event_id:
            raise PermanentFailure("cannot apply")
        republish(uow, envelope)

    producer = await start_producer(broker.bootstrap_servers)
    try:  # all on the topic before the consumer starts: its first fetch holds many
        for envelope in events:
            await producer.send(topic, encode(envelope), key=PR_1.encode())
        await producer.flush()
    finally:
        await producer.stop()
    async with running_consumer(broker, engine, topic, group, {"homecare.enrolled": strict}):
        await eventually(lambda: count(engine, InboxEntry) == 39)
    dead = await drain(broker.bootstrap_servers, dead_letter_topic(group), 1)
    assert [dict(r.headers)["dlq.reason"] for r in dead] == [b"rejected"]
    assert dict(dead[0].headers)["dlq.offset"] == b"17"
    assert count(engine, OutboxMessage) == 39


async def test_a_clean_fetch_is_one_transaction(engine, broker) -> None:
    topic, group = unique("batch"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    units: list[UnitOfWork] = []  # kept alive, so no two share an id()

    def note(uow: UnitOfWork, envelope: Envelope) -> None:
        units.append(uow)
        republish(uow, envelope)

    producer = await start_producer(broker.bootstrap_servers)
    try:
        for _ in range(30):
            await producer.send(topic, encode(enrolled(PR_2)), key=PR_2.encode())
        await producer.flush()
    finally:
        await producer.stop()
    async with running_consumer(broker, engine, topic, group, {"homecare.enrolled": note}):
        await eventually(lambda: count(engine, InboxEntry) == 30)
    assert len(units) == 30
    assert len({id(unit) for unit in units}) < 30  # fetched together, applied together


async def test_the_relay_wakes_when_a_unit_of_work_commits(engine, broker) -> None:
    """Without the wake-up the relay would wait out its 60-second safety-net poll."""
    await ensure_topics(
        broker.bootstrap_servers, ["handover.homecare.v1"], EMBEDDED_TOPIC_PARTITIONS
    )
    producer = await start_producer(broker.bootstrap_servers)
    relay = OutboxRelay(engine, producer, unique("relay"), idle_seconds=60)
    task = asyncio.create_task(relay.run_forever())
    try:
        await asyncio.sleep(0.5)  # the relay found nothing and went to sleep
        with UnitOfWork(engine, "test") as uow:
            republish(uow, enrolled(PR_1))
            uow.commit()
        await eventually(lambda: _all_sent(engine), timeout=10)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await producer.stop()


def _all_sent(engine: Engine) -> bool:
    with Session(engine) as session:
        unsent = select(func.count()).where(col(OutboxMessage.sent_at).is_(None))
        return session.exec(unsent).one() == 0 and count(engine, OutboxMessage) == 1
