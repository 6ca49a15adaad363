"""Responsibility's handlers, registered in one table at the bottom."""

from __future__ import annotations

import uuid

from handover_common.inbox import EventHandler
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from handover_contracts.events import PatientDischarged, ResponsibilityDecided

from responsibility.adapters.orm import DecisionRow
from responsibility.service_layer.first_rule import (
    AGREEMENT_ID,
    AGREEMENT_VERSION,
    decide_components,
)


def decide_on_discharge(uow: UnitOfWork, envelope: Envelope) -> None:
    """patient.discharged → a stored decision and responsibility.decided, in one transaction."""
    event = PatientDischarged.model_validate(envelope.payload)
    components = decide_components(event)
    rule_ids = sorted({rule for c in components for rule in c.rule_ids})
    decided = ResponsibilityDecided(
        decision_id=uuid.uuid4(),
        discharge_id=event.discharge_id,
        patient_ref=event.patient_ref,
        source_event_id=envelope.event_id,
        agreement_id=AGREEMENT_ID,
        agreement_version=AGREEMENT_VERSION,
        decided_on=event.discharged_at.date(),
        municipality_code=event.registered_municipality_code,
        components=components,
        rule_ids=rule_ids,
    )
    uow.session.add(
        DecisionRow(
            id=decided.decision_id,
            source_event_id=envelope.event_id,
            discharge_id=event.discharge_id,
            patient_ref=event.patient_ref,
            region_code=event.region_code,
            municipality_code=decided.municipality_code,
            agreement_id=decided.agreement_id,
            agreement_version=decided.agreement_version,
            decided_on=decided.decided_on,
            components=[c.model_dump(mode="json") for c in components],
            rule_ids=rule_ids,
        )
    )
    uow.publish(decided, partition_key=event.patient_ref)


EVENT_HANDLERS: dict[str, EventHandler] = {
    "patient.discharged": decide_on_discharge,
}
