"""Publishes committed outbox rows to Kafka (keyed by patient reference) and marks them sent.

Delivery is at least once: a crash between publish and mark re-sends, and the consumers'
inbox makes the repeat harmless. A row the broker refuses for good (too large, say) is parked
— kept, logged, counted in metrics for operations — and the rows after it keep flowing.

A row's `traceparent` (the span that wrote it) goes along as a record header. When that trace
is sampled, the send is a producer span of its own (from the row's writing to the broker's
acknowledgement: how long it waited in the outbox shows) and the header names that span.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from datetime import datetime
from typing import NamedTuple

from aiokafka import AIOKafkaProducer
from aiokafka.errors import InvalidTopicError, MessageSizeTooLargeError, RecordTooLargeError
from handover_contracts.envelope import utcnow
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind
from sqlalchemy import Connection, func, select, update
from sqlalchemy.engine import Engine

from handover_common import tracing
from handover_common.db import writer_lock
from handover_common.leases import Lease
from handover_common.metrics import EVENTS_PUBLISHED, OUTBOX_PARKED, OUTBOX_PENDING
from handover_common.unit_of_work import OUTBOX
from handover_common.wakeup import OUTBOX_COMMITTED, wait_for

log = logging.getLogger(__name__)


class Pending(NamedTuple):
    id: int
    event_id: object
    event_type: str
    topic: str
    partition_key: str
    body: bytes
    traceparent: str | None
    created_at: datetime


PERMANENT = (MessageSizeTooLargeError, InvalidTopicError, RecordTooLargeError)
"""Refusals that no retry will change: the row is parked for operations."""


class OutboxRelay:
    """Wakes when a unit of work in this process commits outbox rows; polls every
    `idle_seconds` as a safety net (rows from another process, a lost wake-up)."""

    def __init__(
        self,
        engine: Engine,
        producer: AIOKafkaProducer,
        service: str,
        batch_size: int = 200,
        idle_seconds: float = 2.0,
    ):
        self._engine = engine
        self._producer = producer
        self._service = service
        self._batch_size = batch_size
        self._idle_seconds = idle_seconds
        self.lease = Lease(engine, f"outbox-relay:{service}")
        self._read_ahead: list[Pending] | None = None  # the next round's rows, read with a mark

    async def run_forever(self) -> None:
        """Publishes while this replica holds the relay's lease (one relay per service)."""
        committed = OUTBOX_COMMITTED.register()
        try:
            while True:
                if not await self._lease_held():
                    self._read_ahead = None
                    await asyncio.sleep(max(self._idle_seconds, 1.0))
                    continue
                published = await self._publish_safely()
                if published == 0 or self._read_ahead == []:  # nothing more was there
                    await wait_for(committed, self._idle_seconds)
        finally:
            OUTBOX_COMMITTED.unregister(committed)

    async def _lease_held(self) -> bool:
        """Asked on a worker thread only where it takes the database (issue 11: a thread hop
        per round where the answer is always yes)."""
        if self.lease.always_held:
            return True
        return await asyncio.to_thread(self.lease.held)

    async def _publish_safely(self) -> int:
        try:
            return await self.publish_batch()
        except Exception:
            log.exception("outbox relay failed; retrying")
            await asyncio.sleep(1.0)
            return 0

    async def publish_batch(self) -> int:
        """One round: the unsent rows (read with the last round's marks, when there was one:
        one thread hop and connection a round instead of two), sent, then marked."""
        rows, self._read_ahead = self._read_ahead or None, None
        if rows is None:
            rows = await asyncio.to_thread(self._unsent)
        if not rows:
            return 0
        outcomes = await self._deliver(rows)
        sent = [row for row, outcome in zip(rows, outcomes, strict=True) if outcome is None]
        refused = [
            (row, outcome)
            for row, outcome in zip(rows, outcomes, strict=True)
            if isinstance(outcome, PERMANENT)
        ]
        transient = [
            o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, PERMANENT)
        ]
        marked = [row.id for row in sent]
        if transient:
            await asyncio.to_thread(self._mark, marked, refused)
        else:
            self._read_ahead = await asyncio.to_thread(self._mark_and_read, marked, refused)
        for row in sent:
            EVENTS_PUBLISHED.labels(self._service, row.topic).inc()
        if transient:
            raise transient[0]  # retried on the next round; the inbox makes repeats harmless
        return len(sent) + len(refused)

    def _mark_and_read(
        self, sent: list[int], refused: list[tuple[Pending, BaseException]]
    ) -> list[Pending]:
        self._mark(sent, refused)
        return self._unsent()

    async def _deliver(self, rows: list[Pending]) -> list[BaseException | None]:
        """Each row's outcome: None when the broker acknowledged it. The rows are handed to
        the producer one after the other, in order, and their acknowledgements are awaited
        together: a task per row cost more than the sending itself (issue 11)."""
        acknowledgements: list[Awaitable[object]] = []
        for row in rows:
            span = self._producer_span(row)
            traceparent = row.traceparent
            if span is not None:
                traceparent = tracing.traceparent_of(span.get_span_context()) or traceparent
            try:
                acknowledged = await self._hand_over(row, traceparent)
            except Exception as error:  # refused at once: too large, an unknown topic
                acknowledged = _failed(error)
            if span is not None:
                acknowledged = asyncio.ensure_future(_within(span, acknowledged))
            acknowledgements.append(acknowledged)
        results = await asyncio.gather(*acknowledgements, return_exceptions=True)
        return [result if isinstance(result, BaseException) else None for result in results]

    async def _hand_over(self, row: Pending, traceparent: str | None) -> Awaitable[object]:
        headers = [
            ("event_id", str(row.event_id).encode()),
            ("event_type", row.event_type.encode()),
        ]
        if traceparent:
            headers.append((tracing.TRACEPARENT, traceparent.encode()))
        acknowledgement: Awaitable[object] = await self._producer.send(
            row.topic, row.body, key=_key(row), headers=headers
        )
        return acknowledgement

    def _producer_span(self, row: Pending) -> Span | None:
        """For a sampled trace, the send is a producer span of its own, from the row's writing
        to the broker's acknowledgement; the record's header then names that span."""
        if not (tracing.is_sampled(row.traceparent) and tracing.exports(self._service)):
            return None
        return tracing.tracer(self._service).start_span(
            f"{row.topic} publish",
            context=tracing.parent_context(row.traceparent),
            kind=SpanKind.PRODUCER,
            start_time=int(row.created_at.timestamp() * 1e9),
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": row.topic,
                "messaging.message.id": str(row.event_id),
                "handover.event_type": row.event_type,
            },
        )

    def _unsent(self) -> list[Pending]:
        waiting = (OUTBOX.c.sent_at.is_(None), OUTBOX.c.parked_at.is_(None))
        query = (
            select(*(OUTBOX.c[name] for name in Pending._fields))
            .where(*waiting)
            .order_by(OUTBOX.c.id)
            .limit(self._batch_size)
        )
        with self._engine.connect() as connection:
            rows = [Pending(*row) for row in connection.execute(query)]
            pending = len(rows)
            if pending == self._batch_size:  # count the backlog only when there is one
                pending = connection.execute(select(func.count()).where(*waiting)).scalar_one()
        OUTBOX_PENDING.labels(self._service).set(pending)
        return rows

    def _mark(self, sent: list[int], refused: list[tuple[Pending, BaseException]]) -> None:
        writer = writer_lock(self._engine)
        writer.acquire()
        try:
            with self._engine.begin() as connection:
                if sent:
                    connection.execute(
                        update(OUTBOX).where(OUTBOX.c.id.in_(sent)).values(sent_at=utcnow())
                    )
                for row, error in refused:
                    self._park(connection, row, type(error).__name__)
        finally:
            writer.release()

    def _park(self, connection: Connection, row: Pending, reason: str) -> None:
        ids = tracing.log_ids(tracing.parse(row.traceparent))  # the row's trace, not the loop's
        log.error(
            "parking outbox row %s (%s): the broker refuses it",
            row.event_id,
            reason,
            extra={"event_id": str(row.event_id), **ids},
        )
        OUTBOX_PARKED.labels(self._service, reason).inc()
        connection.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == row.id)
            .values(parked_at=utcnow(), park_reason=reason)
        )


def _key(row: Pending) -> bytes:
    return row.partition_key.encode()


async def _within(span: Span, acknowledgement: Awaitable[object]) -> object:
    with trace.use_span(span, end_on_exit=True):  # a refusal is recorded on the span
        return await acknowledgement


def _failed(error: BaseException) -> asyncio.Future[object]:
    failed: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    failed.set_exception(error)
    return failed
