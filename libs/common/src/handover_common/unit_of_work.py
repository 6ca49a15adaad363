"""One database transaction: the state change and the events it emits commit together."""

from __future__ import annotations

from types import TracebackType

from handover_contracts import Envelope, encode, spec_for, wrap
from handover_contracts.events import Payload
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handover_common.context import current_correlation_id
from handover_common.tables import OutboxMessage


class UnitOfWork:
    def __init__(self, engine: Engine, producer_name: str, cause: Envelope | None = None):
        self._engine = engine
        self.producer_name = producer_name
        self.cause = cause
        self.published: list[Envelope] = []

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self._engine, expire_on_commit=False)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back anything uncommitted but keeps loaded objects readable
        self.session.close()

    def publish(self, payload: Payload, *, partition_key: str) -> Envelope:
        """Queue an event in the outbox; it leaves only if this unit of work commits."""
        envelope = wrap(
            payload,
            producer=self.producer_name,
            partition_key=partition_key,
            correlation_id=self.cause.correlation_id if self.cause else current_correlation_id(),
            causation_id=str(self.cause.event_id) if self.cause else None,
        )
        self.session.add(_outbox_row(envelope))
        self.published.append(envelope)
        return envelope

    def commit(self) -> None:
        self.session.commit()


def _outbox_row(envelope: Envelope) -> OutboxMessage:
    return OutboxMessage(
        event_id=envelope.event_id,
        event_type=envelope.event_type,
        topic=spec_for(envelope.event_type).topic,
        partition_key=envelope.partition_key,
        body=encode(envelope),
    )
