"""Billing's event handlers, registered in one table at the bottom."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from handover_common.errors import RequestRejected
from handover_common.inbox import BatchHandler, EventHandler, PermanentFailure, ids_in
from handover_common.unit_of_work import UnitOfWork, record_fields
from handover_contracts import Envelope, payload_of
from handover_contracts.billing_events import WorkReported
from handover_contracts.envelope import utcnow
from handover_contracts.events import PartyRef, ResponsibilityDecided, ResponsibilityMoved
from handover_contracts.stay_events import PatientReadinessCancelled
from sqlalchemy import insert
from sqlmodel import col, delete

from billing.adapters.connection_tables import DecisionRow
from billing.adapters.orm import ResponsibilityRow
from billing.adapters.work_tables import StayEventRow
from billing.service_layer.stays import replaced_kinds, stay_of, stay_rows
from billing.service_layer.work import record_work_report


def _is_connected(decided: ResponsibilityDecided) -> bool:
    """JH-PAL-2: the patient is connected to the specialised palliative team (JH-TB counts)."""
    rules = {*decided.rule_ids, *(r for c in decided.components for r in c.rule_ids)}
    return "JH-PAL-2" in rules


def record_decision(uow: UnitOfWork, decided: ResponsibilityDecided) -> None:
    """Every decision, so JH-TB can tell when a JH-PAL-2 connection began and ended."""
    values = {
        "decision_id": decided.decision_id,
        "patient_ref": decided.patient_ref,
        "agreement_id": decided.agreement_id,
        "decided_on": decided.decided_on,
        "valid_until": decided.valid_until,
        "supersedes": decided.supersedes,
        "palliative_connected": _is_connected(decided),
        "recorded_at": utcnow(),
    }
    # the same decision published again replaces its row (found without a flush per event)
    earlier = uow.find(DecisionRow, decision_id=decided.decision_id)
    if earlier is None:
        uow.new(DecisionRow, values, decision_id=decided.decision_id)
    else:
        for name, value in values.items():
            setattr(earlier, name, value)


def preload_decisions(uow: UnitOfWork, envelopes: Sequence[Envelope]) -> None:
    """The batch's decisions looked up in one query (`record_decision` finds each, issue 11)."""
    uow.preload(DecisionRow, "decision_id", ids_in(envelopes, "decision_id"))


def record_responsibility(uow: UnitOfWork, envelope: Envelope) -> None:
    decided = ResponsibilityDecided.model_validate(envelope.payload)
    record_decision(uow, decided)
    _add_responsibilities(
        uow,
        [
            _responsibility(
                decided.decision_id,
                decided.patient_ref,
                component.component,
                component.responsible,
                component.cost_bearer,
                decided.decided_on,
            )
            for component in decided.components
            # unknown or not covered: nothing to bill against yet
            if component.responsible is not None and component.cost_bearer is not None
        ],
    )


def record_moved_responsibility(uow: UnitOfWork, envelope: Envelope) -> None:
    """GEN-DISPUTE: a resolution moved a component; from its date the new party bears the cost,
    and costs already billed are settled afterwards against this row."""
    moved = ResponsibilityMoved.model_validate(envelope.payload)
    row = _responsibility(
        moved.decision_id,
        moved.patient_ref,
        moved.component,
        moved.moved_to,
        moved.moved_to,
        moved.effective_from,
    )
    _add_responsibilities(uow, [{**row, "settles_dispute": moved.dispute_id}])


def _responsibility(
    decision_id: uuid.UUID,
    patient_ref: str,
    component: str,
    responsible: PartyRef,
    cost_bearer: PartyRef,
    valid_from: date,
) -> dict[str, Any]:
    return {
        "decision_id": decision_id,
        "patient_ref": patient_ref,
        "component": str(component),  # StrEnums: their values
        "principal": str(responsible.kind),
        "principal_code": responsible.code,
        "cost_bearer_kind": str(cost_bearer.kind),
        "cost_bearer_code": cost_bearer.code,
        "valid_from": valid_from,
        "settles_dispute": None,
        "recorded_at": utcnow(),
    }


def _add_responsibilities(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Written as the transaction commits, with the batch's other rows of the table in one Core
    statement, in event order (a later row wins a tie on `valid_from`): an ORM row per
    component, then a statement per event, cost more than the rest of the event (issue 11).
    A query through the session later in the batch (JH-SIGHT's check of a work report) writes
    the queued rows first, as autoflush does (`UnitOfWork`)."""
    for row in rows:
        uow.insert_at_commit(_INSERT_RESPONSIBILITY, row)


_INSERT_RESPONSIBILITY = insert(ResponsibilityRow.__table__)  # type: ignore[attr-defined]


def record_reported_work(uow: UnitOfWork, envelope: Envelope) -> None:
    """work.reported from Kafka: stored once per report id; a changed repeat is dead-lettered."""
    report = WorkReported.model_validate(envelope.payload)
    try:
        record_work_report(uow, report, publish=False)
    except RequestRejected as rejected:
        raise PermanentFailure(str(rejected)) from rejected


def record_stay_notice(uow: UnitOfWork, envelope: Envelope) -> None:
    """Admission, readiness, cancellation and discharge notices for the payment clock (LAW-PAY);
    a correction replaces the facts it corrects, an entered-in-error notice removes them."""
    payload = payload_of(envelope)
    replaced, stay_id = replaced_kinds(envelope.event_type, payload), stay_of(payload)
    if replaced and stay_id:
        uow.session.execute(
            delete(StayEventRow).where(
                col(StayEventRow.stay_id) == stay_id,
                col(StayEventRow.event_type).in_([k.value for k in replaced]),
            )
        )
        if isinstance(payload, PatientReadinessCancelled) and payload.entered_in_error:
            return
    for row in stay_rows(envelope.event_id, payload):
        uow.insert_at_commit(_INSERT_STAY_EVENT, record_fields(row))


_INSERT_STAY_EVENT = insert(StayEventRow.__table__)  # type: ignore[attr-defined]


EVENT_HANDLERS: dict[str, EventHandler] = {
    "responsibility.decided": BatchHandler(record_responsibility, preload_decisions),
    "responsibility.moved": record_moved_responsibility,
    "work.reported": record_reported_work,
    "patient.admitted": record_stay_notice,
    "patient.ready-for-discharge": record_stay_notice,
    "patient.readiness-cancelled": record_stay_notice,
    "patient.discharged": record_stay_notice,
    "patient.admission-corrected": record_stay_notice,
    "patient.admission-cancelled": record_stay_notice,
    "patient.readiness-corrected": record_stay_notice,
    "patient.discharge-corrected": record_stay_notice,
}
