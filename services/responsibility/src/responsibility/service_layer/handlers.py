"""Responsibility's handlers, registered in one table (`event_handlers`) at the bottom."""

from __future__ import annotations

from functools import partial

from handover_common.inbox import EventHandler
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from handover_contracts.events import PatientDischarged, ResponsibilityUndecidable

from responsibility.domain import (
    AgreementCatalogue,
    InvalidSituation,
    NoAgreementInForce,
    decide,
)
from responsibility.service_layer.decisions import DecisionContext, record_decision
from responsibility.service_layer.situations import situation_from_discharge


def decide_on_discharge(catalogue: AgreementCatalogue, uow: UnitOfWork, envelope: Envelope) -> None:
    """patient.discharged → a stored, explained decision and responsibility.decided."""
    event = PatientDischarged.model_validate(envelope.payload)
    try:
        decision = decide(situation_from_discharge(event), catalogue)
    except (InvalidSituation, NoAgreementInForce) as error:
        uow.publish(undecidable(event, envelope, error), partition_key=event.patient_ref)
        return
    context = DecisionContext(
        dedupe_key=f"discharge:{envelope.event_id}",
        source_event_id=envelope.event_id,
        discharge_id=event.discharge_id,
        patient_ref=event.patient_ref,
        municipality_code=event.registered_municipality_code,
        source=event.model_dump(mode="json"),
    )
    record_decision(uow, decision, context)


def undecidable(
    event: PatientDischarged, envelope: Envelope, error: InvalidSituation | NoAgreementInForce
) -> ResponsibilityUndecidable:
    """Told back to the sender instead of guessed (or silently dead-lettered)."""
    field, rule = (
        (error.field, error.rule)
        if isinstance(error, InvalidSituation)
        else ("discharged_at", "AG-RENEW")
    )
    return ResponsibilityUndecidable(
        discharge_id=event.discharge_id,
        patient_ref=event.patient_ref,
        source_event_id=envelope.event_id,
        region_code=event.region_code,
        municipality_code=event.registered_municipality_code,
        field=field,
        rule=rule,
        reason=str(error),
    )


def event_handlers(catalogue: AgreementCatalogue) -> dict[str, EventHandler]:
    return {
        "patient.discharged": partial(decide_on_discharge, catalogue),
    }
