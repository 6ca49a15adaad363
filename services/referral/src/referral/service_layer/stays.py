"""Admission and readiness notices (LAW-ADM24, LAW-READY, LAW-SIP3), one stay at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.lifecycle_events import (
    PatientAdmissionCancelled,
    PatientAdmissionCorrected,
    PatientReadinessCorrected,
)
from handover_contracts.stay_events import (
    PatientAdmitted,
    PatientReadinessCancelled,
    PatientReadyForDischarge,
)
from sqlalchemy.exc import IntegrityError

from referral.adapters.orm import PatientRow, StayRow
from referral.domain.personnummer import Personnummer
from referral.service_layer.intake.patients import remember_patient
from referral.service_layer.lifecycle.history import Author, record
from referral.service_layer.lifecycle.readmission import pause_care, resume_care


class StayNotFound(LookupError):
    pass


class StayConflict(ValueError):
    def __init__(self, message: str, rule: str = "LAW-READY", field: str = "stay_id"):
        super().__init__(message)
        self.rule = rule
        self.field = field


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
    author: Author


@dataclass(frozen=True)
class CorrectAdmission:
    stay_id: str
    region_code: str
    hospital_unit: str
    psychiatric_care: bool
    admitted_at: datetime
    notice_sent_at: datetime
    reason: str
    author: Author


@dataclass(frozen=True)
class CancelAdmission:
    stay_id: str
    region_code: str
    reason: str
    author: Author


@dataclass(frozen=True)
class MarkReady:
    stay_id: str
    region_code: str  # the sender's; another region's stay is not found
    ready_at: datetime
    notice_sent_at: datetime
    sip_needed: bool | None
    sip_called_at: datetime | None
    author: Author
    correction_reason: str | None = None  # set: this corrects the current readiness notice


@dataclass(frozen=True)
class CancelReadiness:
    stay_id: str
    region_code: str
    cancelled_at: datetime
    reason: str
    entered_in_error: bool = False


def admit(cmd: Admit, uow: UnitOfWork, secret: str) -> StayRow:
    """A repeat of the same admission answers as the first; a different one is a conflict."""
    try:
        return _admit(cmd, uow, secret)
    except IntegrityError:  # the same stay admitted concurrently: answer as for a repeat
        uow.session.rollback()
        return _admit(cmd, uow, secret)


def _admit(cmd: Admit, uow: UnitOfWork, secret: str) -> StayRow:
    patient_ref = remember_patient(
        uow, Personnummer.parse(cmd.personnummer), cmd.registered_municipality_code, secret
    )
    patient = uow.session.get(PatientRow, patient_ref)  # as the first sender registered them
    assert patient is not None
    earlier = uow.session.get(StayRow, cmd.stay_id)
    if earlier is not None:
        same = (earlier.region_code, earlier.patient_ref, earlier.admitted_at)
        if same != (cmd.region_code, patient_ref, cmd.admitted_at):
            raise StayConflict(f"stay {cmd.stay_id} was admitted with other facts")
        return earlier
    stay = StayRow(
        stay_id=cmd.stay_id,
        patient_ref=patient_ref,
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
    record(uow, "admission", stay.stay_id, 1, "original", cmd.author)
    pause_care(uow, stay.patient_ref, stay.region_code, stay.stay_id, cmd.author)
    uow.commit()
    return stay


def correct_admission(cmd: CorrectAdmission, uow: UnitOfWork) -> StayRow:
    stay, patient = _open_stay(uow, cmd.stay_id, cmd.region_code)
    stay.hospital_unit, stay.psychiatric_care = cmd.hospital_unit, cmd.psychiatric_care
    stay.admitted_at, stay.admission_notice_sent_at = cmd.admitted_at, cmd.notice_sent_at
    stay.admission_version += 1
    uow.session.add(stay)
    uow.publish(
        PatientAdmissionCorrected(
            **_notice(stay, patient),
            admitted_at=cmd.admitted_at,
            notice_sent_at=cmd.notice_sent_at,
            version=stay.admission_version,
            reason=cmd.reason,
        ),
        partition_key=stay.patient_ref,
    )
    record(
        uow,
        "admission",
        stay.stay_id,
        stay.admission_version,
        "correction",
        cmd.author,
        reason=cmd.reason,
    )
    uow.commit()
    return stay


def cancel_admission(cmd: CancelAdmission, uow: UnitOfWork) -> StayRow:
    """Entered in error: the stay never was; home care paused by it goes on."""
    stay, patient = _open_stay(uow, cmd.stay_id, cmd.region_code)
    stay.cancelled_at = utcnow()
    uow.session.add(stay)
    uow.publish(
        PatientAdmissionCancelled(
            **_notice(stay, patient), cancelled_at=stay.cancelled_at, reason=cmd.reason
        ),
        partition_key=stay.patient_ref,
    )
    record(
        uow,
        "admission",
        stay.stay_id,
        stay.admission_version,
        "cancellation",
        cmd.author,
        reason=cmd.reason,
    )
    resume_care(
        uow, stay.patient_ref, stay.region_code, stay.stay_id, cmd.author, "admission cancelled"
    )
    uow.commit()
    return stay


def mark_ready(cmd: MarkReady, uow: UnitOfWork) -> StayRow:
    stay, patient = _open_stay(uow, cmd.stay_id, cmd.region_code)
    correcting = cmd.correction_reason is not None
    if correcting and (stay.ready_at is None or stay.readiness_cancelled_at is not None):
        raise StayConflict(f"stay {cmd.stay_id} has no readiness notice to correct")
    earlier = stay.ready_at is not None  # a correction, or a new notice after a cancellation
    stay.ready_at, stay.ready_notice_sent_at = cmd.ready_at, cmd.notice_sent_at
    stay.sip_needed, stay.sip_called_at = cmd.sip_needed, cmd.sip_called_at
    stay.readiness_cancelled_at = None
    stay.readiness_version += 1 if earlier else 0
    uow.session.add(stay)
    notice = {
        **_notice(stay, patient),
        "ready_at": cmd.ready_at,
        "notice_sent_at": cmd.notice_sent_at,
        "sip_needed": cmd.sip_needed,
        "sip_called_at": cmd.sip_called_at,
    }
    event = (
        PatientReadinessCorrected(
            **notice, version=stay.readiness_version, reason=cmd.correction_reason
        )
        if correcting
        else PatientReadyForDischarge(**notice)
    )
    uow.publish(event, partition_key=stay.patient_ref)
    change = "correction" if correcting else "original"
    record(
        uow,
        "readiness",
        stay.stay_id,
        stay.readiness_version,
        change,
        cmd.author,
        reason=cmd.correction_reason,
    )
    uow.commit()
    return stay


def cancel_readiness(cmd: CancelReadiness, uow: UnitOfWork) -> StayRow:
    stay, patient = _open_stay(uow, cmd.stay_id, cmd.region_code)
    if stay.ready_at is None or stay.readiness_cancelled_at is not None:
        raise StayConflict(f"stay {cmd.stay_id} has no readiness notice to cancel")
    if stay.discharged_at is not None:
        raise StayConflict(f"stay {cmd.stay_id} ended with a discharge: readiness stands")
    stay.readiness_cancelled_at = cmd.cancelled_at
    uow.session.add(stay)
    uow.publish(
        PatientReadinessCancelled(
            **_notice(stay, patient),
            cancelled_at=cmd.cancelled_at,
            reason=cmd.reason,
            entered_in_error=cmd.entered_in_error,
        ),
        partition_key=stay.patient_ref,
    )
    uow.commit()
    return stay


def _open_stay(uow: UnitOfWork, stay_id: str, region_code: str) -> tuple[StayRow, PatientRow]:
    """The sender's stay, unless its admission was entered in error (then nothing follows)."""
    stay, patient = _stay(uow, stay_id, region_code)
    if stay.cancelled_at is not None:
        message = f"stay {stay_id}'s admission was cancelled as entered in error"
        raise StayConflict(message, rule="MSG-CANCELLED")
    return stay, patient


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
