"""The sender corrects or cancels what it sent (domain brief 5.2: every message has a
correction and a cancellation variant). A corrected discharge is decided again; a cancelled
one takes its care request with it. Only the sender may do either (checked by the caller)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.lifecycle_events import (
    CareRequestCancelled,
    CareRequestCorrected,
    Party,
    PatientDischargeCancelled,
    PatientDischargeCorrected,
)
from sqlmodel import col, select

from referral.adapters.orm import CareRequestRow, DischargeRow, PatientRow
from referral.domain.care_request import ACTIVE, Owner, Status
from referral.domain.personnummer import Personnummer
from referral.service_layer.intake.commands import RegisterReferral
from referral.service_layer.intake.registration import discharged_event
from referral.service_layer.lifecycle.history import Author, record
from referral.service_layer.lifecycle.transitions import Mover, ids_of, move


class MessageCancelled(ValueError):
    """A cancelled (entered-in-error) message cannot be corrected or answered any more."""


class OtherPatient(ValueError):
    """A correction names another patient: cancel the message and send a new one."""


@dataclass(frozen=True)
class Correction:
    discharge: DischargeRow
    new: RegisterReferral
    reason: str


def correct_discharge(uow: UnitOfWork, fix: Correction) -> DischargeRow:
    row, new = fix.discharge, fix.new
    _still_open(row)
    patient = uow.session.get(PatientRow, row.patient_ref)
    assert patient is not None and new.discharged_at is not None
    number = Personnummer.parse(new.personnummer)
    if number.digits != patient.personnummer:
        raise OtherPatient("a correction is about the same patient: cancel and send anew")
    changed = _changed(row, new)
    _apply(row, new)
    uow.session.add(row)
    event = discharged_event(row, new, number)
    corrected = PatientDischargeCorrected(
        **event.model_dump(), version=row.version, reason=fix.reason
    )
    uow.publish(corrected, partition_key=row.patient_ref)
    record(uow, "discharge", row.id, row.version, "correction", new.author, reason=fix.reason)
    for request in _active_requests(uow, row.id):
        tell_corrected(uow, request, changed, fix.reason)
    uow.commit()
    return row


def cancel_discharge(uow: UnitOfWork, row: DischargeRow, reason: str, author: Author) -> None:
    """Entered in error: the discharge and its care request are void."""
    if row.cancelled_at is not None:
        return  # a repeat
    row.cancelled_at, row.outcome = utcnow(), "cancelled"
    uow.session.add(row)
    uow.publish(
        PatientDischargeCancelled(
            discharge_id=row.id,
            patient_ref=row.patient_ref,
            region_code=row.region_code,
            registered_municipality_code=_registered(uow, row),
            cancelled_at=row.cancelled_at,
            reason=reason,
        ),
        partition_key=row.patient_ref,
    )
    record(uow, "discharge", row.id, row.version, "cancellation", author, reason=reason)
    mover = Mover(Owner.REQUESTER, author.organisation, author.person)
    for request in _active_requests(uow, row.id):
        cancel_request(uow, request, mover, reason, entered_in_error=True)
    uow.commit()


def cancel_request(
    uow: UnitOfWork, row: CareRequestRow, by: Mover, reason: str, entered_in_error: bool
) -> None:
    wanted = Status.ENTERED_IN_ERROR if entered_in_error else Status.CANCELLED
    move(uow, row, wanted, by, reason)
    party = Party.REQUESTER if by.owner is Owner.REQUESTER else Party.PERFORMER
    uow.publish(
        CareRequestCancelled(
            **ids_of(row), cancelled_by=party, reason=reason, entered_in_error=entered_in_error
        ),
        partition_key=row.patient_ref,
    )


def tell_corrected(uow: UnitOfWork, row: CareRequestRow, changed: list[str], reason: str) -> None:
    """The municipality hears of every change to what it was asked (read it in referral)."""
    if not changed:
        return
    row.content_version += 1
    row.updated_at = utcnow()
    uow.session.add(row)
    uow.publish(
        CareRequestCorrected(
            **ids_of(row), version=row.content_version, changed=changed, reason=reason
        ),
        partition_key=row.patient_ref,
    )


def correct_request_content(
    uow: UnitOfWork, row: CareRequestRow, content: dict[str, Any], reason: str, author: Author
) -> list[str]:
    discharge = uow.session.get(DischargeRow, row.discharge_id)
    assert discharge is not None
    _still_open(discharge)
    before = discharge.content or {}
    merged = {**before, **content}
    changed = sorted(k for k in merged if merged.get(k) != before.get(k))
    if not changed:
        return []  # the same correction again: nothing new to tell
    discharge.content = merged
    uow.session.add(discharge)
    tell_corrected(uow, row, changed, reason)
    record(uow, "care-request", row.id, row.content_version, "correction", author, reason=reason)
    uow.commit()
    return changed


def _still_open(row: DischargeRow) -> None:
    if row.cancelled_at is not None:
        raise MessageCancelled(f"{row.id} was cancelled as entered in error")


def _changed(row: DischargeRow, new: RegisterReferral) -> list[str]:
    before = {**(row.content or {}), "care": row.care, "acute": row.acute}
    after = {**new.content, "care": new.care.model_dump(mode="json"), "acute": new.acute}
    changed = sorted(k for k in after if after.get(k) != before.get(k))
    return changed + (["discharged_at"] if row.discharged_at != new.discharged_at else [])


def _apply(row: DischargeRow, new: RegisterReferral) -> None:
    row.hospital_unit, row.acute, row.stay_id = new.sending_unit, new.acute, new.stay_id
    row.discharged_at = new.discharged_at
    row.care, row.content = new.care.model_dump(mode="json"), new.content
    row.version += 1


def _active_requests(uow: UnitOfWork, discharge_id: uuid.UUID) -> list[CareRequestRow]:
    query = select(CareRequestRow).where(
        CareRequestRow.discharge_id == discharge_id,
        col(CareRequestRow.status).in_([s.value for s in ACTIVE]),
    )
    return list(uow.session.exec(query))


def _registered(uow: UnitOfWork, row: DischargeRow) -> str:
    patient = uow.session.get(PatientRow, row.patient_ref)
    assert patient is not None
    return patient.registered_municipality_code
