"""Responsibility's handlers, registered in one table (`event_handlers`) at the bottom.

Two ways a case comes in — a hospital discharge and a direct referral from primary care or
specialised outpatient care (seed orebro-…) — and one way it is decided: same rules, same
explanation, same record (`decide_case`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial

from handover_common.inbox import EventHandler
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from handover_contracts.events import (
    DecisionReason,
    PatientDischarged,
    ReferralSubmitted,
    ResponsibilityUndecidable,
)
from handover_contracts.lifecycle_events import PatientDischargeCorrected
from sqlmodel import col, select

from responsibility.adapters.orm import DecisionRow
from responsibility.domain import (
    AgreementCatalogue,
    InvalidSituation,
    NoAgreementInForce,
    decide,
)
from responsibility.service_layer.agreement_terms import catalogue_in_force
from responsibility.service_layer.decisions import DecisionContext, record_decision
from responsibility.service_layer.situations import CaseEvent, situation_from_event


@dataclass(frozen=True)
class Case:
    """What differs between the ways in: the dedupe prefix, the id the decision is about
    (its `discharge_id`) and the event field the decision date comes from (AG-RENEW)."""

    kind: str
    case_id: uuid.UUID
    date_field: str
    event: CaseEvent
    reason: DecisionReason = DecisionReason.DISCHARGE
    supersedes: uuid.UUID | None = None


def decide_on_discharge(catalogue: AgreementCatalogue, uow: UnitOfWork, envelope: Envelope) -> None:
    """patient.discharged → a stored, explained decision and responsibility.decided."""
    event = PatientDischarged.model_validate(envelope.payload)
    decide_case(
        catalogue, uow, envelope, Case("discharge", event.discharge_id, "discharged_at", event)
    )


def decide_on_referral(catalogue: AgreementCatalogue, uow: UnitOfWork, envelope: Envelope) -> None:
    """referral.submitted (no hospital stay) → decided like a discharge; the decision's
    discharge_id is the referral_id."""
    event = ReferralSubmitted.model_validate(envelope.payload)
    decide_case(
        catalogue, uow, envelope, Case("referral", event.referral_id, "submitted_at", event)
    )


def decide_on_correction(
    catalogue: AgreementCatalogue, uow: UnitOfWork, envelope: Envelope
) -> None:
    """patient.discharge-corrected → decided again on the corrected facts, superseding the
    decision on the earlier version (referral updates or withdraws the care request); the
    earlier one is marked superseded, so re-evaluation and agreement terms leave it alone."""
    corrected = PatientDischargeCorrected.model_validate(envelope.payload)
    event = PatientDischarged.model_validate(corrected.model_dump())
    earlier = latest_decision(uow, event.discharge_id)
    case = Case(
        "correction",
        event.discharge_id,
        "discharged_at",
        event,
        DecisionReason.RE_EVALUATION,
        earlier.id if earlier else None,
    )
    decided = decide_case(catalogue, uow, envelope, case)
    if earlier is not None and decided is not None:
        earlier.superseded_by = decided
        uow.session.add(earlier)


def latest_decision(uow: UnitOfWork, discharge_id: uuid.UUID) -> DecisionRow | None:
    query = (
        select(DecisionRow)
        .where(DecisionRow.discharge_id == discharge_id)
        .order_by(col(DecisionRow.decided_on).desc(), col(DecisionRow.created_at).desc())
    )
    return uow.session.exec(query).first()


def decide_case(
    catalogue: AgreementCatalogue, uow: UnitOfWork, envelope: Envelope, case: Case
) -> uuid.UUID | None:
    """The new decision's id; None when the case could not be decided (told to the sender)."""
    event = case.event
    try:
        decision = decide(situation_from_event(event), catalogue_in_force(uow.session, catalogue))
    except (InvalidSituation, NoAgreementInForce) as error:
        uow.publish(undecidable(case, envelope, error), partition_key=event.patient_ref)
        return None
    context = DecisionContext(
        dedupe_key=f"{case.kind}:{envelope.event_id}",
        source_event_id=envelope.event_id,
        discharge_id=case.case_id,
        patient_ref=event.patient_ref,
        municipality_code=event.registered_municipality_code,
        source=event.model_dump(mode="json"),
        reason=case.reason,
        supersedes=case.supersedes,
    )
    return record_decision(uow, decision, context)


def undecidable(
    case: Case, envelope: Envelope, error: InvalidSituation | NoAgreementInForce
) -> ResponsibilityUndecidable:
    """Told back to the sender instead of guessed (or silently dead-lettered)."""
    field, rule = (
        (error.field, error.rule)
        if isinstance(error, InvalidSituation)
        else (case.date_field, "AG-RENEW")
    )
    return ResponsibilityUndecidable(
        discharge_id=case.case_id,
        patient_ref=case.event.patient_ref,
        source_event_id=envelope.event_id,
        region_code=case.event.region_code,
        municipality_code=case.event.registered_municipality_code,
        field=field,
        rule=rule,
        reason=str(error),
    )


def event_handlers(catalogue: AgreementCatalogue) -> dict[str, EventHandler]:
    return {
        "patient.discharged": partial(decide_on_discharge, catalogue),
        "referral.submitted": partial(decide_on_referral, catalogue),
        "patient.discharge-corrected": partial(decide_on_correction, catalogue),
    }
