"""Responsibility's handlers, registered in one table (`event_handlers`) at the bottom."""

from __future__ import annotations

import logging
from functools import partial

from handover_common.inbox import EventHandler, PermanentFailure
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from handover_contracts.events import PatientDischarged

from responsibility.domain import AgreementCatalogue, ResponsibilityError, decide
from responsibility.service_layer.decisions import DecisionContext, record_decision
from responsibility.service_layer.situations import situation_from_discharge

log = logging.getLogger(__name__)


def decide_on_discharge(catalogue: AgreementCatalogue, uow: UnitOfWork, envelope: Envelope) -> None:
    """patient.discharged → a stored, explained decision and responsibility.decided."""
    event = PatientDischarged.model_validate(envelope.payload)
    try:
        decision = decide(situation_from_discharge(event), catalogue)
    except ResponsibilityError as error:
        # invalid facts or no agreement in force: never guessed; operations replays it
        raise PermanentFailure(str(error)) from error
    context = DecisionContext(
        dedupe_key=f"discharge:{envelope.event_id}",
        source_event_id=envelope.event_id,
        discharge_id=event.discharge_id,
        patient_ref=event.patient_ref,
        municipality_code=event.registered_municipality_code,
        source=event.model_dump(mode="json"),
    )
    record_decision(uow, decision, context)


def event_handlers(catalogue: AgreementCatalogue) -> dict[str, EventHandler]:
    return {
        "patient.discharged": partial(decide_on_discharge, catalogue),
    }
