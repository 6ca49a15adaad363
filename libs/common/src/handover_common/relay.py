"""Publishes committed outbox rows to Kafka (keyed by patient reference) and marks them sent.

Delivery is at least once: a crash between publish and mark re-sends, and the consumers'
inbox makes the repeat harmless. A row the broker refuses for good (too large, say) is parked
— kept, logged, counted in metrics for operations — and the rows after it keep flowing.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaProducer
from aiokafka.errors import InvalidTopicError, MessageSizeTooLargeError, RecordTooLargeError
from handover_contracts.envelope import utcnow
from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from handover_common.leases import Lease
from handover_common.metrics import EVENTS_PUBLISHED, OUTBOX_PARKED, OUTBOX_PENDING
from handover_common.tables import OutboxMessage

log = logging.getLogger(__name__)
PERMANENT = (MessageSizeTooLargeError, InvalidTopicError, RecordTooLargeError)
"""Refusals that no retry will change: the row is parked for operations."""


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        producer: AIOKafkaProducer,
        service: str,
        batch_size: int = 200,
        idle_seconds: float = 0.05,
    ):
        self._engine = engine
        self._producer = producer
        self._service = service
        self._batch_size = batch_size
        self._idle_seconds = idle_seconds
        self.lease = Lease(engine, f"outbox-relay:{service}")

    async def run_forever(self) -> None:
        """Publishes while this replica holds the relay's lease (one relay per service)."""
        while True:
            if not await asyncio.to_thread(self.lease.held):
                await asyncio.sleep(max(self._idle_seconds, 1.0))
                continue
            try:
                sent = await self.publish_batch()
            except Exception:
                log.exception("outbox relay failed; retrying")
                sent = 0
                await asyncio.sleep(1.0)
            if sent == 0:
                await asyncio.sleep(self._idle_seconds)

    async def publish_batch(self) -> int:
        rows = await asyncio.to_thread(self._unsent)
        if not rows:
            return 0
        outcomes = await asyncio.gather(*(self._send(row) for row in rows), return_exceptions=True)
        sent = [row for row, outcome in zip(rows, outcomes, strict=True) if outcome is None]
        refused = [
            (row, outcome)
            for row, outcome in zip(rows, outcomes, strict=True)
            if isinstance(outcome, PERMANENT)
        ]
        await asyncio.to_thread(self._mark_sent, [row.id for row in sent if row.id is not None])
        await asyncio.to_thread(self._park, refused)
        for row in sent:
            EVENTS_PUBLISHED.labels(self._service, row.topic).inc()
        transient = [
            o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, PERMANENT)
        ]
        if transient:
            raise transient[0]  # retried on the next round; the inbox makes repeats harmless
        return len(sent) + len(refused)

    async def _send(self, row: OutboxMessage) -> None:
        delivery = await self._producer.send(
            row.topic,
            row.body,
            key=row.partition_key.encode(),
            headers=[
                ("event_id", str(row.event_id).encode()),
                ("event_type", row.event_type.encode()),
            ],
        )
        await delivery

    def _park(self, refused: list[tuple[OutboxMessage, BaseException]]) -> None:
        if not refused:
            return
        with Session(self._engine) as session:
            for row, error in refused:
                reason = type(error).__name__
                log.error("parking outbox row %s (%s): the broker refuses it", row.event_id, reason)
                OUTBOX_PARKED.labels(self._service, reason).inc()
                session.execute(
                    update(OutboxMessage)
                    .where(col(OutboxMessage.id) == row.id)
                    .values(parked_at=utcnow(), park_reason=reason)
                )
            session.commit()

    def _unsent(self) -> list[OutboxMessage]:
        with Session(self._engine) as session:
            query = (
                select(OutboxMessage)
                .where(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.parked_at).is_(None))
                .order_by(col(OutboxMessage.id))
                .limit(self._batch_size)
            )
            rows = list(session.exec(query))
            pending = len(rows)
            if pending == self._batch_size:  # count the backlog only when there is one
                unsent = select(func.count()).where(
                    col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.parked_at).is_(None)
                )
                pending = session.exec(unsent).one()
        OUTBOX_PENDING.labels(self._service).set(pending)
        return rows

    def _mark_sent(self, ids: list[int]) -> None:
        with Session(self._engine) as session:
            session.execute(
                update(OutboxMessage).where(col(OutboxMessage.id).in_(ids)).values(sent_at=utcnow())
            )
            session.commit()
