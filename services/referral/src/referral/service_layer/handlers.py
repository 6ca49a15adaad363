"""Referral's handlers, registered in one table at the bottom."""

from __future__ import annotations

import uuid

from handover_common.inbox import EventHandler
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from handover_contracts.events import (
    CareComponent,
    CareRequestCreated,
    PatientDischarged,
    ResponsibilityDecided,
    ResponsibilityUndecidable,
)
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.domain.personnummer import Personnummer
from referral.service_layer.commands import RegisterDischarge
from referral.service_layer.patients import remember_patient


def register_discharge(cmd: RegisterDischarge, uow: UnitOfWork, secret: str) -> DischargeRow:
    """Store the discharge and emit patient.discharged in one transaction (idempotent by
    the sender's message id)."""
    earlier = _sent_before(uow, cmd.message_id)
    if earlier is not None:
        return earlier
    number = Personnummer.parse(cmd.personnummer)
    ref = remember_patient(uow, number, cmd.registered_municipality_code, secret).patient_ref
    discharge = DischargeRow(
        id=uuid.uuid4(),
        message_id=cmd.message_id,
        patient_ref=ref,
        region_code=cmd.region_code,
        hospital_unit=cmd.hospital_unit,
        discharged_at=cmd.discharged_at,
        acute=cmd.acute,
        stay_id=cmd.stay_id,
        care=cmd.care.model_dump(mode="json"),
    )
    uow.session.add(discharge)
    uow.publish(_discharged_event(discharge, cmd, number), partition_key=ref)
    try:
        uow.commit()
    except IntegrityError:  # the same message stored concurrently: answer as the first did
        uow.session.rollback()
        if (earlier := _sent_before(uow, cmd.message_id)) is None:
            raise
        return earlier
    return discharge


def _sent_before(uow: UnitOfWork, message_id: uuid.UUID | None) -> DischargeRow | None:
    if message_id is None:
        return None
    query = select(DischargeRow).where(DischargeRow.message_id == message_id)
    return uow.session.exec(query).first()


def _discharged_event(
    discharge: DischargeRow, cmd: RegisterDischarge, number: Personnummer
) -> PatientDischarged:
    return PatientDischarged(
        discharge_id=discharge.id,
        patient_ref=discharge.patient_ref,
        region_code=cmd.region_code,
        registered_municipality_code=cmd.registered_municipality_code,
        age_years=number.age_on(cmd.discharged_at.date()),
        hospital_unit=cmd.hospital_unit,
        admitted_at=cmd.admitted_at,
        discharged_at=cmd.discharged_at,
        acute=cmd.acute,
        stay_id=cmd.stay_id,
        care=cmd.care,
    )


def create_care_request(uow: UnitOfWork, envelope: Envelope) -> None:
    """On responsibility.decided: a care request to the municipality for its part of the care.

    A later decision (re-evaluation, dispute) that gives the municipality a part creates the
    request then; a discharge gets at most one care request.
    """
    decision = ResponsibilityDecided.model_validate(envelope.payload)
    discharge = uow.session.get(DischargeRow, decision.discharge_id)
    if discharge is None or _has_care_request(uow, discharge):
        return
    components = decision.municipal_components()
    discharge.decision_id = decision.decision_id
    discharge.outcome = "care-requested" if components else "region-responsible"
    uow.session.add(discharge)
    if components:
        _add_care_request(uow, discharge, decision, components)


def _has_care_request(uow: UnitOfWork, discharge: DischargeRow) -> bool:
    query = select(CareRequestRow.id).where(CareRequestRow.discharge_id == discharge.id)
    return uow.session.exec(query).first() is not None


def _add_care_request(
    uow: UnitOfWork,
    discharge: DischargeRow,
    decision: ResponsibilityDecided,
    components: list[CareComponent],
) -> None:
    request = CareRequestRow(
        discharge_id=discharge.id,
        decision_id=decision.decision_id,
        patient_ref=decision.patient_ref,
        municipality_code=decision.municipality_code,
        components=[str(c) for c in components],
        acute=discharge.acute,
    )
    uow.session.add(request)
    uow.publish(
        CareRequestCreated(
            care_request_id=request.id,
            discharge_id=discharge.id,
            patient_ref=request.patient_ref,
            municipality_code=request.municipality_code,
            decision_id=decision.decision_id,
            components=components,
            acute=request.acute,
        ),
        partition_key=request.patient_ref,
    )


def record_undecidable(uow: UnitOfWork, envelope: Envelope) -> None:
    """The rules could not decide: the discharge says which field broke which rule."""
    undecidable = ResponsibilityUndecidable.model_validate(envelope.payload)
    discharge = uow.session.get(DischargeRow, undecidable.discharge_id)
    if discharge is None or discharge.decision_id is not None:
        return
    discharge.outcome = "undecidable"
    discharge.outcome_detail = f"{undecidable.field} ({undecidable.rule}): {undecidable.reason}"
    uow.session.add(discharge)


EVENT_HANDLERS: dict[str, EventHandler] = {
    "responsibility.decided": create_care_request,
    "responsibility.undecidable": record_undecidable,
}
