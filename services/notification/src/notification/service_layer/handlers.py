"""Notification's handlers: every event becomes a notice for whoever must act."""

from __future__ import annotations

from handover_common.inbox import EventHandler
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import EVENTS, Envelope, payload_of

from notification.adapters.orm import NoticeRow
from notification.domain.actions import notices_for


def record_notice(uow: UnitOfWork, envelope: Envelope) -> None:
    """One row per audience of the event (the inbox makes a redelivery a no-op). The payload
    is checked against its contract first: a schema-invalid event raises and is dead-lettered
    by the consumer instead of becoming a notice (issue 10)."""
    payload = payload_of(envelope).model_dump(mode="json")
    for notice in notices_for(envelope.event_type, payload):
        uow.session.add(
            NoticeRow(
                event_id=envelope.event_id,
                event_type=envelope.event_type,
                patient_ref=str(payload.get("patient_ref") or "-"),
                audience=notice.audience,
                care_request_id=payload.get("care_request_id"),
                summary=notice.summary,
                action=notice.action,
                correlation_id=envelope.correlation_id,
                occurred_at=envelope.occurred_at,
            )
        )


EVENT_HANDLERS: dict[str, EventHandler] = {event_type: record_notice for event_type in EVENTS}
