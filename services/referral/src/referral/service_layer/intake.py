"""Store what the region sends and emit the event the responsibility rules decide on, in one
transaction: patient.discharged after a hospital stay, referral.submitted from a health centre
or specialised outpatient care (seed orebro-…: the three ways in)."""

from __future__ import annotations

import uuid

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.events import PatientDischarged, Payload, ReferralSubmitted, WayIn
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from referral.adapters.orm import DischargeRow
from referral.domain.personnummer import Personnummer
from referral.service_layer.commands import RegisterReferral
from referral.service_layer.patients import remember_patient


def register_referral(cmd: RegisterReferral, uow: UnitOfWork, secret: str) -> DischargeRow:
    """Idempotent by the sender's message id: a repeat answers as the first did."""
    earlier = _sent_before(uow, cmd.message_id)
    if earlier is not None:
        return earlier
    number = Personnummer.parse(cmd.personnummer)
    ref = remember_patient(uow, number, cmd.registered_municipality_code, secret).patient_ref
    row = _row(cmd, ref)
    uow.session.add(row)
    uow.publish(_event(row, cmd, number), partition_key=ref)
    try:
        uow.commit()
    except IntegrityError:  # the same message stored concurrently: answer as the first did
        uow.session.rollback()
        if (earlier := _sent_before(uow, cmd.message_id)) is None:
            raise
        return earlier
    return row


def _row(cmd: RegisterReferral, patient_ref: str) -> DischargeRow:
    return DischargeRow(
        id=uuid.uuid4(),
        message_id=cmd.message_id,
        patient_ref=patient_ref,
        way_in=cmd.way_in.value,
        region_code=cmd.region_code,
        hospital_unit=cmd.sending_unit,
        sender_unit_hsa_id=cmd.sender_unit_hsa_id,
        sender_person_hsa_id=cmd.sender_person_hsa_id,
        discharged_at=cmd.discharged_at,
        acute=cmd.acute,
        stay_id=cmd.stay_id,
        care=cmd.care.model_dump(mode="json"),
        content=cmd.content,
    )


def _sent_before(uow: UnitOfWork, message_id: uuid.UUID | None) -> DischargeRow | None:
    if message_id is None:
        return None
    query = select(DischargeRow).where(DischargeRow.message_id == message_id)
    return uow.session.exec(query).first()


def _event(row: DischargeRow, cmd: RegisterReferral, number: Personnummer) -> Payload:
    if cmd.way_in is WayIn.HOSPITAL_DISCHARGE:
        assert cmd.discharged_at is not None
        return PatientDischarged(
            discharge_id=row.id,
            patient_ref=row.patient_ref,
            region_code=cmd.region_code,
            registered_municipality_code=cmd.registered_municipality_code,
            age_years=number.age_on(cmd.discharged_at.date()),
            hospital_unit=cmd.sending_unit,
            admitted_at=cmd.admitted_at,
            discharged_at=cmd.discharged_at,
            acute=cmd.acute,
            stay_id=cmd.stay_id,
            care=cmd.care,
        )
    submitted = row.received_at
    return ReferralSubmitted(
        referral_id=row.id,
        patient_ref=row.patient_ref,
        way_in=cmd.way_in,
        region_code=cmd.region_code,
        registered_municipality_code=cmd.registered_municipality_code,
        age_years=number.age_on(submitted.date()),
        sending_unit=cmd.sending_unit,
        submitted_at=submitted,
        acute=cmd.acute,
        care=cmd.care,
    )
