"""Notification's handlers: every event becomes a notice for whoever must act, and each
capability (alarms, delivery, care-request tracking, follow-up figures) keeps what it needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handover_common.inbox import BatchHandler, EventHandler, Prefetch
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import EVENTS, Envelope, payload_of
from handover_contracts.envelope import utcnow

from notification.domain.actions import notices_for
from notification.service_layer import alarms, delivery, followup, tracking
from notification.service_layer.projections import Preload, Projection

CAPABILITIES = (alarms, tracking, followup)


def record_notice(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    """One notice per audience of the event (the inbox makes a redelivery a no-op), stored
    with its feed entry and deliveries as the event's transaction commits."""
    received_at = utcnow()
    for notice in notices_for(envelope.event_type, payload):
        row = {
            "event_id": envelope.event_id,
            "event_type": envelope.event_type,
            "patient_ref": str(payload.get("patient_ref") or "-"),
            "audience": notice.audience,
            "care_request_id": payload.get("care_request_id"),
            "summary": notice.summary,
            "action": notice.action,
            "correlation_id": envelope.correlation_id,
            "occurred_at": envelope.occurred_at,
            "received_at": received_at,
        }
        delivery.deliver(uow, row)


def _projections_of(event_type: str) -> Sequence[Projection]:
    found = (c.PROJECTIONS.get(event_type) for c in CAPABILITIES)
    return (record_notice, *(p for p in found if p is not None))


def _handler(projections: Sequence[Projection]) -> EventHandler:
    def handle(uow: UnitOfWork, envelope: Envelope) -> None:
        """The payload is checked against its contract first: a schema-invalid event raises
        and is dead-lettered by the consumer instead of becoming a notice (issue 10)."""
        payload = payload_of(envelope).model_dump(mode="json")
        for project in projections:
            project(uow, envelope, payload)

    return handle


def _preloads_of(event_type: str) -> tuple[Preload, ...]:
    found = (c.PRELOADS.get(event_type, ()) for c in CAPABILITIES)
    return tuple(p for preloads in found for p in preloads)


def _preloading(preloads: Sequence[Preload]) -> Prefetch:
    def prefetch(uow: UnitOfWork, envelopes: Sequence[Envelope]) -> None:
        """The batch's rows each projection will look up, one query per table."""
        for preload in preloads:
            values = (preload.value(e.payload) for e in envelopes)
            uow.preload(preload.model, preload.column, {str(v) for v in values if v is not None})

    return prefetch


def _event_handler(event_type: str) -> EventHandler:
    handle = _handler(_projections_of(event_type))
    preloads = _preloads_of(event_type)
    return BatchHandler(handle, _preloading(preloads)) if preloads else handle


EVENT_HANDLERS: dict[str, EventHandler] = {
    event_type: _event_handler(event_type) for event_type in EVENTS
}
