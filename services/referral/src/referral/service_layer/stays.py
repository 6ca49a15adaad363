"""Admission and readiness notices (LAW-ADM24, LAW-READY, LAW-SIP3), one stay at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.stay_events import (
    PatientAdmitted,
    PatientReadinessCancelled,
    PatientReadyForDischarge,
)
from sqlalchemy.exc import IntegrityError

from referral.adapters.orm import PatientRow, StayRow
from referral.domain.personnummer import Personnummer
from referral.service_layer.patients import remember_patient


class StayNotFound(LookupError):
    pass


class StayConflict(ValueError):
    pass


@dataclass(frozen=True)
class Admit:
    stay_id: str
    personnummer: str
    registered_municipality_code: str
    region_code: str
    hospital_unit: str
    psychiatric_care: bool
    admitted_at: datetime
    notice_sent_at: datetime


@dataclass(frozen=True)
class MarkReady:
    stay_id: str
    region_code: str  # the sender's; another region's stay is not found
    ready_at: datetime
    notice_sent_at: datetime
    sip_needed: bool | None
    sip_called_at: datetime | None


@dataclass(frozen=True)
class CancelReadiness:
    stay_id: str
    region_code: str
    cancelled_at: datetime
    reason: str


def admit(cmd: Admit, uow: UnitOfWork, secret: str) -> StayRow:
    """A repeat of the same admission answers as the first; a different one is a conflict."""
    try:
        return _admit(cmd, uow, secret)
    except IntegrityError:  # the same stay admitted concurrently: answer as for a repeat
        uow.session.rollback()
        return _admit(cmd, uow, secret)


def _admit(cmd: Admit, uow: UnitOfWork, secret: str) -> StayRow:
    patient = remember_patient(
        uow, Personnummer.parse(cmd.personnummer), cmd.registered_municipality_code, secret
    )
    earlier = uow.session.get(StayRow, cmd.stay_id)
    if earlier is not None:
        if earlier.patient_ref != patient.patient_ref or earlier.admitted_at != cmd.admitted_at:
            raise StayConflict(f"stay {cmd.stay_id} was admitted with other facts")
        return earlier
    stay = StayRow(
        stay_id=cmd.stay_id,
        patient_ref=patient.patient_ref,
        region_code=cmd.region_code,
        hospital_unit=cmd.hospital_unit,
        psychiatric_care=cmd.psychiatric_care,
        admitted_at=cmd.admitted_at,
        admission_notice_sent_at=cmd.notice_sent_at,
    )
    uow.session.add(stay)
    uow.publish(
        PatientAdmitted(
            **_notice(stay, patient), admitted_at=cmd.admitted_at, notice_sent_at=cmd.notice_sent_at
        ),
        partition_key=stay.patient_ref,
    )
    uow.commit()
    return stay


def mark_ready(cmd: MarkReady, uow: UnitOfWork) -> StayRow:
    stay, patient = _stay(uow, cmd.stay_id, cmd.region_code)
    stay.ready_at, stay.ready_notice_sent_at = cmd.ready_at, cmd.notice_sent_at
    stay.readiness_cancelled_at = None
    uow.session.add(stay)
    uow.publish(
        PatientReadyForDischarge(
            **_notice(stay, patient),
            ready_at=cmd.ready_at,
            notice_sent_at=cmd.notice_sent_at,
            sip_needed=cmd.sip_needed,
            sip_called_at=cmd.sip_called_at,
        ),
        partition_key=stay.patient_ref,
    )
    uow.commit()
    return stay


def cancel_readiness(cmd: CancelReadiness, uow: UnitOfWork) -> StayRow:
    stay, patient = _stay(uow, cmd.stay_id, cmd.region_code)
    if stay.ready_at is None or stay.readiness_cancelled_at is not None:
        raise StayConflict(f"stay {cmd.stay_id} has no readiness notice to cancel")
    stay.readiness_cancelled_at = cmd.cancelled_at
    uow.session.add(stay)
    uow.publish(
        PatientReadinessCancelled(
            **_notice(stay, patient), cancelled_at=cmd.cancelled_at, reason=cmd.reason
        ),
        partition_key=stay.patient_ref,
    )
    uow.commit()
    return stay


def _stay(uow: UnitOfWork, stay_id: str, region_code: str) -> tuple[StayRow, PatientRow]:
    stay = uow.session.get(StayRow, stay_id)
    if stay is None or stay.region_code != region_code:
        raise StayNotFound(stay_id)
    patient = uow.session.get(PatientRow, stay.patient_ref)
    assert patient is not None
    return stay, patient


def _notice(stay: StayRow, patient: PatientRow) -> dict[str, object]:
    return {
        "stay_id": stay.stay_id,
        "patient_ref": stay.patient_ref,
        "region_code": stay.region_code,
        "registered_municipality_code": patient.registered_municipality_code,
        "hospital_unit": stay.hospital_unit,
        "psychiatric_care": stay.psychiatric_care,
    }
