"""Read what a service queued to publish, straight from its outbox."""

from __future__ import annotations

from typing import Any

from handover_common.tables import OutboxMessage
from handover_contracts import decode
from sqlalchemy import Engine
from sqlmodel import Session, col, select


def published(engine: Engine, patient_ref: str, event_type: str) -> list[dict[str, Any]]:
    """Payloads of one event type about one patient, oldest first."""
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.partition_key == patient_ref)
            .where(OutboxMessage.event_type == event_type)
            .order_by(col(OutboxMessage.id))
        )
        return [decode(row.body).payload for row in rows]
