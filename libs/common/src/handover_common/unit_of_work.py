"""One database transaction: the state change and the events it emits commit together."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from handover_contracts import Envelope, encode, spec_for, wrap
from handover_contracts.envelope import utcnow
from handover_contracts.events import Payload
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handover_common.context import current_correlation_id
from handover_common.db import writer_lock
from handover_common.tables import OutboxMessage
from handover_common.tracing import current_traceparent
from handover_common.wakeup import OUTBOX_COMMITTED

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]


class UnitOfWork:
    """`hold_commits`: the consumer's batch, where a handler's `commit()` only flushes and
    the batch commits once, with all its inbox rows, at the end (`commit_held`).

    Each outbox row keeps the `traceparent` of the span current when it was published (the
    request's, or the consumed event's): the trace goes on through the broker."""

    def __init__(
        self,
        engine: Engine,
        producer_name: str,
        cause: Envelope | None = None,
        *,
        hold_commits: bool = False,
    ):
        self._engine = engine
        self.producer_name = producer_name
        self.cause = cause
        self.published: list[Envelope] = []
        self._outbox_rows: list[dict[str, Any]] = []
        self._hold_commits = hold_commits

    def __enter__(self) -> UnitOfWork:
        self._writer = writer_lock(self._engine)
        self._writer.acquire()
        self.session = Session(self._engine, expire_on_commit=False)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            # close() rolls back anything uncommitted but keeps loaded objects readable
            self.session.close()
        finally:
            self._writer.release()

    def publish(self, payload: Payload, *, partition_key: str) -> Envelope:
        """Queue an event in the outbox; it leaves only if this unit of work commits."""
        envelope = wrap(
            payload,
            producer=self.producer_name,
            partition_key=partition_key,
            correlation_id=self.cause.correlation_id if self.cause else current_correlation_id(),
            causation_id=str(self.cause.event_id) if self.cause else None,
        )
        self._outbox_rows.append(_outbox_row(envelope))
        self.published.append(envelope)
        return envelope

    def commit(self) -> None:
        if self._hold_commits:
            self.session.flush()
        else:
            self.commit_held()

    def commit_held(self) -> None:
        rows, self._outbox_rows = self._outbox_rows, []
        if rows:
            self.session.execute(insert(OUTBOX), rows)
        self.session.commit()
        if rows:
            OUTBOX_COMMITTED.notify()


def _outbox_row(envelope: Envelope) -> dict[str, Any]:
    return {
        "event_id": envelope.event_id,
        "event_type": envelope.event_type,
        "topic": spec_for(envelope.event_type).topic,
        "partition_key": envelope.partition_key,
        "body": encode(envelope),
        "created_at": utcnow(),
        "traceparent": current_traceparent(),
    }
