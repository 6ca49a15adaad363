"""Billing's event handlers, registered in one table at the bottom."""

from __future__ import annotations

from handover_common.errors import RequestRejected
from handover_common.inbox import EventHandler, PermanentFailure
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope, payload_of
from handover_contracts.billing_events import WorkReported
from handover_contracts.events import ResponsibilityDecided, ResponsibilityMoved
from handover_contracts.stay_events import PatientReadinessCancelled
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
    row = DecisionRow(
        decision_id=decided.decision_id,
        patient_ref=decided.patient_ref,
        agreement_id=decided.agreement_id,
        decided_on=decided.decided_on,
        valid_until=decided.valid_until,
        supersedes=decided.supersedes,
        palliative_connected=_is_connected(decided),
    )
    # the same decision published again replaces its row (found without a flush per event)
    earlier = uow.find(DecisionRow, decision_id=decided.decision_id)
    if earlier is None:
        uow.keep(row, decision_id=decided.decision_id)
    else:
        earlier.sqlmodel_update(row.model_dump())


def record_responsibility(uow: UnitOfWork, envelope: Envelope) -> None:
    decided = ResponsibilityDecided.model_validate(envelope.payload)
    record_decision(uow, decided)
    for component in decided.components:
        if component.responsible is None or component.cost_bearer is None:
            continue  # unknown or not covered: nothing to bill against yet
        uow.session.add(
            ResponsibilityRow(
                decision_id=decided.decision_id,
                patient_ref=decided.patient_ref,
                component=component.component,
                principal=component.responsible.kind,
                principal_code=component.responsible.code,
                cost_bearer_kind=component.cost_bearer.kind,
                cost_bearer_code=component.cost_bearer.code,
                valid_from=decided.decided_on,
            )
        )


def record_moved_responsibility(uow: UnitOfWork, envelope: Envelope) -> None:
    """GEN-DISPUTE: a resolution moved a component; from its date the new party bears the cost,
    and costs already billed are settled afterwards against this row."""
    moved = ResponsibilityMoved.model_validate(envelope.payload)
    uow.session.add(
        ResponsibilityRow(
            decision_id=moved.decision_id,
            patient_ref=moved.patient_ref,
            component=moved.component,
            principal=moved.moved_to.kind,
            principal_code=moved.moved_to.code,
            cost_bearer_kind=moved.moved_to.kind,
            cost_bearer_code=moved.moved_to.code,
            valid_from=moved.effective_from,
            settles_dispute=moved.dispute_id,
        )
    )


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
    uow.session.add_all(stay_rows(envelope.event_id, payload))


EVENT_HANDLERS: dict[str, EventHandler] = {
    "responsibility.decided": record_responsibility,
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
