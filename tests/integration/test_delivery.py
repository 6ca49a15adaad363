"""Outbox, inbox, relay and consumer loop against the real broker and a real database."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import date

import pytest
from aiokafka import AIOKafkaProducer
from handover_common.consumer import EventConsumer, RetryPolicy
from handover_common.inbox import PermanentFailure, apply_once
from handover_common.kafka import (
    EMBEDDED_SESSION_TIMEOUT_MS,
    EMBEDDED_TOPIC_PARTITIONS,
    ensure_topics,
    make_consumer,
    start_producer,
)
from handover_common.relay import OutboxRelay
from handover_common.tables import InboxEntry, OutboxMessage
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope, dead_letter_topic, decode, encode, retry_topic, wrap
from handover_contracts.events import HomecareEnrolled
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from tests.support.databases import count
from tests.support.kafka import drain, eventually, send_surely, unique
from tests.support.people import patient_ref

PR_TEST, PR_A, PR_B, PR_1 = (patient_ref(seed) for seed in ("test", "a", "b", "1"))

pytestmark = pytest.mark.integration


def enrolled(ref: str = PR_TEST) -> Envelope:
    payload = HomecareEnrolled(
        care_request_id=uuid.uuid4(),
        patient_ref=ref,
        municipality_code="2380",
        enrolled_on=date(2026, 11, 21),
    )
    return wrap(payload, producer="test", partition_key=ref, correlation_id="corr-1")


def republish(uow: UnitOfWork, envelope: Envelope) -> None:
    uow.publish(
        HomecareEnrolled.model_validate(envelope.payload), partition_key=envelope.partition_key
    )


def test_a_redelivered_event_has_its_effect_once(engine: Engine) -> None:
    envelope = enrolled()
    handlers = {"homecare.enrolled": republish}
    assert apply_once(engine, "c", envelope, handlers) == "applied"
    assert apply_once(engine, "c", envelope, handlers) == "duplicate"
    assert count(engine, OutboxMessage) == 1
    assert count(engine, InboxEntry) == 1


def test_the_outgoing_event_carries_cause_and_correlation(engine: Engine) -> None:
    envelope = enrolled()
    apply_once(engine, "c", envelope, {"homecare.enrolled": republish})
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage)).one()
    out = decode(row.body)
    assert out.causation_id == str(envelope.event_id)
    assert out.correlation_id == "corr-1"
    assert row.partition_key == PR_TEST


def test_a_failing_handler_stores_nothing(engine: Engine) -> None:
    def publish_then_fail(uow: UnitOfWork, envelope: Envelope) -> None:
        republish(uow, envelope)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        apply_once(engine, "c", enrolled(), {"homecare.enrolled": publish_then_fail})
    assert count(engine, OutboxMessage) == 0
    assert count(engine, InboxEntry) == 0


def test_an_event_without_a_handler_is_ignored(engine: Engine) -> None:
    assert apply_once(engine, "c", enrolled(), {}) == "ignored"
    assert count(engine, InboxEntry) == 0


async def test_the_relay_publishes_keyed_by_patient_and_marks_sent(engine, broker) -> None:
    with UnitOfWork(engine, "test") as uow:
        for ref in (PR_A, PR_B, PR_A):
            republish(uow, enrolled(ref))
        uow.commit()
    await ensure_topics(
        broker.bootstrap_servers, ["handover.homecare.v1"], EMBEDDED_TOPIC_PARTITIONS
    )
    producer = await start_producer(broker.bootstrap_servers)
    try:
        assert await OutboxRelay(engine, producer, "test").publish_batch() == 3
        assert await OutboxRelay(engine, producer, "test").publish_batch() == 0
    finally:
        await producer.stop()
    with Session(engine) as session:
        assert all(r.sent_at is not None for r in session.exec(select(OutboxMessage)))
        ids = {str(r.event_id) for r in session.exec(select(OutboxMessage))}
    records = await drain(broker.bootstrap_servers, "handover.homecare.v1", 100, timeout=3)
    mine = [r for r in records if dict(r.headers)["event_id"].decode() in ids]
    assert len(mine) == 3
    partitions = {r.key: r.partition for r in mine}
    assert {k for k in partitions} == {PR_A.encode(), PR_B.encode()}
    assert len({r.partition for r in mine if r.key == PR_A.encode()}) == 1


async def test_a_round_reads_the_next_rows_with_its_marks_and_sends_all_in_order(
    engine, broker
) -> None:
    """A round marks what it sent and reads the next unsent rows in one go (issue 11): rows
    read that way are sent by the next round, and rows written after it are not missed."""

    def written(count: int) -> None:
        with UnitOfWork(engine, "test") as uow:
            for _ in range(count):
                republish(uow, enrolled(PR_A))
            uow.commit()

    written(5)
    await ensure_topics(
        broker.bootstrap_servers, ["handover.homecare.v1"], EMBEDDED_TOPIC_PARTITIONS
    )
    producer = await start_producer(broker.bootstrap_servers)
    try:
        relay = OutboxRelay(engine, producer, "test", batch_size=3)
        assert await relay.publish_batch() == 3  # and read the other 2
        written(1)
        assert await relay.publish_batch() == 2  # the two read ahead
        assert await relay.publish_batch() == 1  # nothing read ahead: it looks again
        assert await relay.publish_batch() == 0
    finally:
        await producer.stop()
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    assert all(r.sent_at is not None for r in rows)
    ids = [str(r.event_id) for r in rows]
    records = await drain(broker.bootstrap_servers, "handover.homecare.v1", 100, timeout=3)
    sent = [dict(r.headers)["event_id"].decode() for r in records]
    assert [i for i in sent if i in ids] == ids, "one patient's events, sent in their order"


async def test_the_running_relay_wakes_for_rows_committed_after_it_found_none(
    engine, broker
) -> None:
    """After a round whose read ahead found nothing, the relay waits for the next commit in
    its process, not for its slow safety-net poll (here 60 s)."""

    def unsent() -> int:
        with Session(engine) as session:
            rows = session.exec(select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None)))
            return len(rows.all())

    def written(count: int) -> None:
        with UnitOfWork(engine, "test") as uow:
            for _ in range(count):
                republish(uow, enrolled(PR_B))
            uow.commit()

    await ensure_topics(
        broker.bootstrap_servers, ["handover.homecare.v1"], EMBEDDED_TOPIC_PARTITIONS
    )
    producer = await start_producer(broker.bootstrap_servers)
    relay = OutboxRelay(engine, producer, "test", idle_seconds=60)
    task = asyncio.create_task(relay.run_forever())
    try:
        written(3)
        await eventually(lambda: unsent() == 0, timeout=10)
        written(2)  # the relay's last round read ahead and found nothing: it waits
        await eventually(lambda: unsent() == 0, timeout=10)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await producer.stop()


FAST_RETRY = RetryPolicy(3, 0.01)


@contextlib.asynccontextmanager
async def running_consumer(broker, engine, topic, group, handlers, retry=FAST_RETRY):
    producer = await start_producer(broker.bootstrap_servers)
    # as a service's runtime does at start: a dead letter sent to a topic the broker has to
    # create on the fly raced the test's own sends on the same producer (NotLeaderForPartition)
    await ensure_topics(broker.bootstrap_servers, [retry_topic(group), dead_letter_topic(group)], 1)
    topics = [topic, retry_topic(group)]
    consumer = make_consumer(broker.bootstrap_servers, group, topics, EMBEDDED_SESSION_TIMEOUT_MS)
    await consumer.start()
    loop = EventConsumer(
        name=group,
        consumer=consumer,
        dlq_producer=producer,
        engine=engine,
        handlers=handlers,
        retry=retry,
    )
    task = asyncio.create_task(loop.run_forever())
    try:
        yield producer
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await consumer.stop()
        await producer.stop()


async def test_a_poison_event_is_dead_lettered_and_the_partition_flows_on(engine, broker):
    topic, group = unique("poison"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    good_before, good_after = enrolled(PR_1), enrolled(PR_1)
    bad_content = enrolled(PR_1).model_copy(update={"payload": {"patient_ref": 7}})

    def strict(uow: UnitOfWork, envelope: Envelope) -> None:
        if envelope.event_id == bad_content.event_id:
            raise PermanentFailure("cannot apply")
        republish(uow, envelope)

    async with running_consumer(
        broker, engine, topic, group, {"homecare.enrolled": strict}
    ) as producer:
        for value in (encode(good_before), b"\x00garbage", encode(bad_content), encode(good_after)):
            await send_surely(producer, topic, value, PR_1.encode())
        await eventually(lambda: count(engine, InboxEntry) == 2)
    dead = await drain(broker.bootstrap_servers, dead_letter_topic(group), 2)
    assert [dict(r.headers)["dlq.reason"] for r in dead] == [b"undecodable", b"rejected"]
    assert dead[0].value == b"\x00garbage"
    assert dict(dead[0].headers)["dlq.topic"] == topic.encode()
    assert count(engine, OutboxMessage) == 2


async def test_a_transient_failure_is_retried_and_applied_once(engine, broker):
    topic, group = unique("flaky"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    attempts: list[int] = []

    def flaky(uow: UnitOfWork, envelope: Envelope) -> None:
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionError("database briefly away")
        republish(uow, envelope)

    async with running_consumer(
        broker, engine, topic, group, {"homecare.enrolled": flaky}
    ) as producer:
        await producer.send_and_wait(topic, encode(enrolled()), key=PR_1.encode())
        await eventually(lambda: count(engine, InboxEntry) == 1)
    assert len(attempts) == 3
    assert count(engine, OutboxMessage) == 1


async def test_a_database_away_longer_than_the_retries_is_waited_for(engine, broker):
    """Issue 10, finding 3: a 10-second database outage dead-lettered events after ~1.4 s."""
    topic, group = unique("outage"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    attempts: list[int] = []

    def outage(uow: UnitOfWork, envelope: Envelope) -> None:
        attempts.append(1)
        if len(attempts) <= 8:  # twice the retry budget for other errors
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database is away"))
        republish(uow, envelope)

    async with running_consumer(
        broker, engine, topic, group, {"homecare.enrolled": outage}, RetryPolicy(3, 0.01, 0.05)
    ) as producer:
        await producer.send_and_wait(topic, encode(enrolled()), key=PR_1.encode())
        await eventually(lambda: count(engine, InboxEntry) == 1)
    assert len(attempts) == 9
    dead = await drain(broker.bootstrap_servers, dead_letter_topic(group), 1, timeout=2)
    assert dead == []


async def test_a_bug_is_retried_a_few_times_then_dead_lettered(engine, broker):
    topic, group = unique("bug"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)

    def bug(uow: UnitOfWork, envelope: Envelope) -> None:
        raise KeyError("a handler bug, not an outage")

    async with running_consumer(broker, engine, topic, group, {"homecare.enrolled": bug}) as p:
        await p.send_and_wait(topic, encode(enrolled()), key=PR_1.encode())
        [dead] = await drain(broker.bootstrap_servers, dead_letter_topic(group), 1)
    assert dict(dead.headers)["dlq.reason"] == b"retries-exhausted"


async def test_offsets_are_committed_after_the_effect(engine, broker):
    topic, group = unique("commit"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    async with running_consumer(
        broker, engine, topic, group, {"homecare.enrolled": republish}
    ) as producer:
        for _ in range(5):
            await producer.send_and_wait(topic, encode(enrolled()), key=PR_1.encode())
        await eventually(lambda: count(engine, InboxEntry) == 5)
    # a restarted member of the same group resumes after the committed offset: nothing new
    async with running_consumer(
        broker, engine, topic, group, {"homecare.enrolled": republish}
    ) as producer:
        await producer.send_and_wait(topic, encode(enrolled()), key=PR_1.encode())
        await eventually(lambda: count(engine, InboxEntry) == 6)
    with Session(engine) as session:
        rows = session.exec(select(InboxEntry).order_by(col(InboxEntry.processed_at))).all()
    assert len(rows) == 6


async def test_dead_letters_are_replayed_once_after_the_fix(engine, broker) -> None:
    from handover_common.replay import replay

    topic, group = unique("replay"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    fixed = False

    def needs_fix(uow: UnitOfWork, envelope: Envelope) -> None:
        if not fixed:
            raise PermanentFailure("agreement data missing")
        republish(uow, envelope)

    handlers = {"homecare.enrolled": needs_fix}
    async with running_consumer(broker, engine, topic, group, handlers) as producer:
        await producer.send_and_wait(topic, encode(enrolled()), key=PR_1.encode())
        await drain(broker.bootstrap_servers, dead_letter_topic(group), 1)
        assert count(engine, InboxEntry) == 0
        fixed = True
        assert await replay(broker.bootstrap_servers, group, 1, EMBEDDED_SESSION_TIMEOUT_MS) == 1
        await eventually(lambda: count(engine, InboxEntry) == 1)
        assert await replay(broker.bootstrap_servers, group, 1, EMBEDDED_SESSION_TIMEOUT_MS) == 0
    assert count(engine, OutboxMessage) == 1


class FlakyDeadLetters:
    """A producer whose first dead-letter send fails, as when the broker blips."""

    def __init__(self, producer: AIOKafkaProducer) -> None:
        self._producer = producer
        self.failures = 1

    async def send_and_wait(self, *args, **kwargs):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker went away")
        return await self._producer.send_and_wait(*args, **kwargs)


async def test_a_loop_that_fails_mid_batch_resumes_without_losing_the_rest(engine, broker):
    topic, group = unique("rewind"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)
    producer = await start_producer(broker.bootstrap_servers)
    # as a service's runtime does at start: a dead letter sent to a topic the broker has to
    # create on the fly raced the test's own sends on the same producer (NotLeaderForPartition)
    await ensure_topics(broker.bootstrap_servers, [retry_topic(group), dead_letter_topic(group)], 1)
    topics = [topic, retry_topic(group)]
    consumer = make_consumer(broker.bootstrap_servers, group, topics, EMBEDDED_SESSION_TIMEOUT_MS)
    await consumer.start()
    loop = EventConsumer(
        name=group,
        consumer=consumer,
        dlq_producer=FlakyDeadLetters(producer),
        engine=engine,
        handlers={"homecare.enrolled": republish},
    )
    try:
        for value in (b"\x00garbage", encode(enrolled()), encode(enrolled())):
            await producer.send(topic, value, key=PR_1.encode())
        await producer.flush()
        with pytest.raises(ConnectionError):
            await loop.run_forever()  # the supervisor would log this and start the loop again
        task = asyncio.create_task(loop.run_forever())
        await eventually(lambda: count(engine, InboxEntry) == 2)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    finally:
        await consumer.stop()
        await producer.stop()
    dead = await drain(broker.bootstrap_servers, dead_letter_topic(group), 1)
    assert [r.value for r in dead] == [b"\x00garbage"]


async def test_a_row_the_broker_refuses_is_parked_and_the_rest_flows(engine, broker) -> None:
    """Issue 10, finding 1: one oversized row stopped every later event for good."""
    with UnitOfWork(engine, "test") as uow:
        republish(uow, enrolled(PR_A))
        uow.commit()
    with Session(engine) as session:
        huge = session.exec(select(OutboxMessage)).first()
        assert huge is not None
        huge.body = b"x" * 2_000_000  # beyond what the producer and broker take
        session.add(huge)
        session.commit()
        huge_id = huge.event_id
    with UnitOfWork(engine, "test") as uow:
        republish(uow, enrolled(PR_B))
        uow.commit()
    await ensure_topics(
        broker.bootstrap_servers, ["handover.homecare.v1"], EMBEDDED_TOPIC_PARTITIONS
    )
    producer = await start_producer(broker.bootstrap_servers)
    try:
        relay = OutboxRelay(engine, producer, "test")
        assert await relay.publish_batch() == 2
        assert await relay.publish_batch() == 0, "the parked row is not tried again"
    finally:
        await producer.stop()
    with Session(engine) as session:
        rows = {r.event_id: r for r in session.exec(select(OutboxMessage))}
    assert rows[huge_id].parked_at is not None and rows[huge_id].sent_at is None
    assert rows[huge_id].park_reason == "MessageSizeTooLargeError"
    assert [r.sent_at is not None for i, r in rows.items() if i != huge_id] == [True]


async def test_a_replay_of_a_still_poisoned_event_ends_and_reaches_that_consumer_only(
    engine, broker
) -> None:
    """Issue 10, finding 4: replaying to the shared topic fed every consumer the poison again
    and the dead-letter topics grew without end."""
    from handover_common.replay import list_dead_letters, replay

    topic, group = unique("loop"), unique("consumer")
    await ensure_topics(broker.bootstrap_servers, [topic], 1)

    def never(uow: UnitOfWork, envelope: Envelope) -> None:
        raise PermanentFailure("still broken")

    async with running_consumer(broker, engine, topic, group, {"homecare.enrolled": never}) as p:
        await p.send_and_wait(topic, encode(enrolled()), key=PR_1.encode())
        await drain(broker.bootstrap_servers, dead_letter_topic(group), 1)
        for round_ in (1, 2):
            replayed = await replay(broker.bootstrap_servers, group, 1, EMBEDDED_SESSION_TIMEOUT_MS)
            assert replayed == 1, round_  # ends; the one dead letter, once per replay
            await drain(broker.bootstrap_servers, dead_letter_topic(group), round_ + 1)
        letters = await list_dead_letters(
            broker.bootstrap_servers, group, 1, EMBEDDED_SESSION_TIMEOUT_MS
        )
    assert len(letters) == 3 and {x["reason"] for x in letters} == {"rejected"}
    assert len(await drain(broker.bootstrap_servers, topic, 5, timeout=3)) == 1, (
        "the shared topic never saw the poison again"
    )
