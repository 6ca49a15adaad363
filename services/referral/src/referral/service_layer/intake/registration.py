"""Store what the region sends and emit the event the responsibility rules decide on, in one
transaction: patient.discharged after a hospital stay, referral.submitted from a health centre
or specialised outpatient care (seed orebro-…: the three ways in)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from handover_common.unit_of_work import UnitOfWork, record_fields, record_of
from handover_contracts.envelope import utcnow
from handover_contracts.events import PatientDischarged, Payload, ReferralSubmitted, WayIn
from sqlalchemy import bindparam, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from referral.adapters.orm import DischargeRow, StayRow
from referral.domain.personnummer import Personnummer
from referral.domain.pseudonym import patient_ref
from referral.service_layer.intake.commands import RegisterReferral
from referral.service_layer.intake.patients import remember_at_commit
from referral.service_layer.lifecycle.history import record_at_commit
from referral.service_layer.lifecycle.readmission import resume_care


class MessageIdReused(ValueError):
    """The sender's message id came again with other content: refused, never dropped."""


class DischargeBeforeAdmission(ValueError):
    pass


class StayMismatch(ValueError):
    """The discharge names a stay that is not the sender's stay of this patient."""


@dataclass(frozen=True)
class Referral:
    """A message made ready to store: its patient reference, row and event are derived before
    the transaction starts, so a database writer (one at a time on SQLite) waits only for
    the statements (issue 11)."""

    cmd: RegisterReferral
    number: Personnummer
    row: DischargeRow
    event: Payload


def prepare_referral(cmd: RegisterReferral, secret: str) -> Referral:
    number = Personnummer.parse(cmd.personnummer)
    row = _row(cmd, patient_ref(number, secret))
    return Referral(cmd, number, row, _event(row, cmd, number))


def register_referral(referral: Referral, uow: UnitOfWork) -> DischargeRow:
    """A message in a transaction of its own: idempotent by the sender's message id, and the
    same message stored concurrently by another request answers as the first did."""
    try:
        return stored_in(referral, uow)
    except IntegrityError:
        uow.session.rollback()
        if (earlier := _sent_before(uow, referral.cmd)) is None:
            raise
        return earlier


def stored_in(referral: Referral, uow: UnitOfWork) -> DischargeRow:
    """A message in a transaction it may share with others (group_commit.py): a repeat of a
    message id answers as the first did; any failure is the caller's to roll back."""
    earlier = _sent_before(uow, referral.cmd)
    if earlier is not None:
        return earlier
    return _store(referral, uow)


def _store(referral: Referral, uow: UnitOfWork) -> DischargeRow:
    """The row is written with Core statements, not the ORM's unit of work: this runs for
    every message a region sends (issue 11); the returned row is not attached to the session."""
    cmd, row = referral.cmd, referral.row
    ref = row.patient_ref
    row.continues_care_request_id = None  # set again below when an earlier attempt rolled back
    remember_at_commit(uow, referral.number, cmd.registered_municipality_code, ref)
    uow.publish(referral.event, partition_key=ref)
    record_at_commit(uow, "discharge", row.id, 1, "original", cmd.author)
    if cmd.way_in is WayIn.HOSPITAL_DISCHARGE and cmd.stay_id and _end_stay(uow, cmd, ref):
        resumed = resume_care(uow, ref, cmd.region_code, cmd.stay_id, cmd.author, "discharged")
        row.continues_care_request_id = resumed[0].id if resumed else None
    uow.insert_at_commit(_INSERT, dict(record_fields(row)))  # after its patient's row
    if cmd.message_id is not None and (read := _read_ahead(uow)) is not None:
        read.by_message_id[cmd.message_id] = row  # a repeat later in the group finds it
    uow.commit()
    return row


_INSERT = insert(DischargeRow.__table__)  # type: ignore[attr-defined]


def _end_stay(uow: UnitOfWork, cmd: RegisterReferral, patient_ref: str) -> bool:
    """The discharge ends its stay: LAW-READY readiness can no longer be cancelled. Only the
    sender's own stay of this patient: another's would move its payment clock (LAW-PAY).
    False when no admission notice made the stay known: then no home care waits on it
    (only an admission puts care on hold), and there is nothing to resume."""
    read = _read_ahead(uow)
    if read is not None and cmd.stay_id in read.stays:
        stay = read.stays[cmd.stay_id]
    else:
        stay = uow.session.exec(_STAY, params={"stay_id": cmd.stay_id}).first()
    if stay is None or cmd.discharged_at is None:
        return stay is not None
    if stay.region_code != cmd.region_code or stay.patient_ref != patient_ref:
        raise StayMismatch(f"stay {stay.stay_id} is another region's or another patient's")
    if stay.admitted_at > cmd.discharged_at:
        raise DischargeBeforeAdmission(f"stay {stay.stay_id} was admitted {stay.admitted_at}")
    stay.discharged_at = cmd.discharged_at
    uow.session.add(stay)
    return True


def _row(cmd: RegisterReferral, patient_ref: str) -> DischargeRow:
    """A plain record, not an ORM row: it is inserted with a Core statement (issue 11)."""
    values = {
        "id": uuid.uuid4(),
        "message_id": cmd.message_id,
        "patient_ref": patient_ref,
        "way_in": cmd.way_in.value,
        "region_code": cmd.region_code,
        "hospital_unit": cmd.sending_unit,
        "sender_unit_hsa_id": cmd.sender_unit_hsa_id,
        "sender_person_hsa_id": cmd.sender_person_hsa_id,
        "discharged_at": cmd.discharged_at,
        "acute": cmd.acute,
        "stay_id": cmd.stay_id,
        "care": cmd.care.model_dump(mode="json"),
        "content": cmd.content,
        "message_hash": cmd.fingerprint,
        "received_at": utcnow(),
    }
    return record_of(DischargeRow, values)


def _sent_before(uow: UnitOfWork, cmd: RegisterReferral) -> DischargeRow | None:
    if cmd.message_id is None:
        return None
    read = _read_ahead(uow)
    if read is not None and cmd.message_id in read.by_message_id:
        earlier = read.by_message_id[cmd.message_id]
    else:
        earlier = uow.session.exec(_BY_MESSAGE_ID, params={"message_id": cmd.message_id}).first()
    if earlier is not None and earlier.message_hash not in (None, cmd.fingerprint):
        raise MessageIdReused(f"message_id {cmd.message_id} was first sent with other content")
    return earlier


@dataclass
class ReadAhead:
    """A group's earlier messages (by the senders' message ids) and named stays, read in one
    query each before its messages are stored (`read_ahead`): a message's own lookups
    otherwise cost two statements each (issue 11). What a message of the group stores is
    added, so a repeat later in the same group answers as the first did."""

    by_message_id: dict[uuid.UUID, DischargeRow | None] = field(default_factory=dict)
    stays: dict[str, StayRow | None] = field(default_factory=dict)


def read_ahead(uow: UnitOfWork, referrals: Sequence[Referral]) -> None:
    ids = {r.cmd.message_id for r in referrals if r.cmd.message_id is not None}
    stays = {r.cmd.stay_id for r in referrals if r.cmd.stay_id}
    read = ReadAhead(dict.fromkeys(ids), dict.fromkeys(stays))
    if ids:
        sent = select(DischargeRow).where(col(DischargeRow.message_id).in_(ids))
        for row in uow.session.exec(sent):
            read.by_message_id[row.message_id] = row  # type: ignore[index]  # in ids: not None
    if stays:
        named = select(StayRow).where(col(StayRow.stay_id).in_(stays))
        read.stays.update((stay.stay_id, stay) for stay in uow.session.exec(named))
    uow.session.info[_READ_AHEAD] = read


def _read_ahead(uow: UnitOfWork) -> ReadAhead | None:
    found: ReadAhead | None = uow.session.info.get(_READ_AHEAD)
    return found


_READ_AHEAD = "intake_read_ahead"
_STAY = select(StayRow).where(StayRow.stay_id == bindparam("stay_id"))
"""Built once, as the next: a `Session.get` builds its statement anew every time, and most
discharges name a stay this service has never heard of (no admission notice was sent)."""
_BY_MESSAGE_ID = select(DischargeRow).where(DischargeRow.message_id == bindparam("message_id"))


def discharged_event(
    row: DischargeRow, cmd: RegisterReferral, number: Personnummer
) -> PatientDischarged:
    """patient.discharged for a discharge as sent (or as corrected)."""
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


def _event(row: DischargeRow, cmd: RegisterReferral, number: Personnummer) -> Payload:
    if cmd.way_in is WayIn.HOSPITAL_DISCHARGE:
        return discharged_event(row, cmd, number)
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
