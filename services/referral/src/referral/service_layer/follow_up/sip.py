"""SIP meetings: called by the fixed care contact in regional outpatient care (LAW-SIP3), read
by the calling region and every invited organisation, marked held once (issue 9 section 5)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.followup_events import SipCalled, SipHeld
from sqlalchemy import ColumnElement, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select, update

from referral.adapters.followup_tables import SipInvitationRow, SipMeetingRow
from referral.adapters.orm import CareRequestRow, DischargeRow, StayRow
from referral.domain.follow_up import MESSAGE_ID, SIP_PATIENT, Kind, Refusal, Unknown
from referral.domain.sip import check_call, check_held, invited_parties
from referral.service_layer.follow_up.common import Actor, first_time

SIP_MEETING = "SIP meeting"


@dataclass(frozen=True)
class CallSip:
    region_code: str  # the caller's: the care request or stay must be the region's own
    care_request_id: uuid.UUID | None
    stay_id: str | None
    meeting_at: datetime
    called_at: datetime
    invited: list[str]
    actor: Actor
    message_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Subject:
    """Whom the SIP is about, from the care request and/or the stay named."""

    patient_ref: str
    stay_id: str | None
    care_request_id: uuid.UUID | None
    municipality_code: str | None  # of the care request: always invited


@dataclass(frozen=True)
class SipQuery:
    organisation: str  # the caller's, as invited: "municipality:2380"
    region_code: str | None  # a region caller also reads the SIPs its region called
    patient_ref: str | None = None
    stay_id: str | None = None
    held: bool | None = None
    limit: int = 50
    offset: int = 0


def call_sip(cmd: CallSip, uow: UnitOfWork) -> SipMeetingRow:
    try:
        return _call(cmd, uow)
    except IntegrityError:  # the same message_id stored concurrently: answer as for a repeat
        uow.session.rollback()
        return _call(cmd, uow)


def _call(cmd: CallSip, uow: UnitOfWork) -> SipMeetingRow:
    subject = _subject(uow, cmd)
    required = [f"municipality:{subject.municipality_code}"] if subject.municipality_code else []
    invited = invited_parties(cmd.invited, required)
    earlier = _sent_before(uow, cmd.message_id, (subject.patient_ref, cmd.meeting_at, invited))
    if earlier is not None:
        return earlier
    check_call(cmd.called_at, cmd.meeting_at, utcnow())
    row = SipMeetingRow(
        message_id=cmd.message_id,
        patient_ref=subject.patient_ref,
        region_code=cmd.region_code,
        stay_id=subject.stay_id,
        care_request_id=subject.care_request_id,
        called_at=cmd.called_at,
        meeting_at=cmd.meeting_at,
        invited=invited,
        called_by=cmd.actor.person,
        called_by_unit=cmd.actor.unit,
    )
    uow.session.add(row)
    uow.session.flush()  # the meeting before its invitations (foreign key)
    uow.session.add_all([SipInvitationRow(sip_id=row.id, organisation=o) for o in invited])
    uow.publish(_called(row), partition_key=row.patient_ref)
    uow.commit()
    return row


def _subject(uow: UnitOfWork, cmd: CallSip) -> Subject:
    if cmd.care_request_id is None and cmd.stay_id is None:
        message = "name the patient by care_request_id or stay_id"
        raise Refusal(Kind.INVALID, "care_request_id", SIP_PATIENT, message)
    request = _request(uow, cmd.care_request_id, cmd.region_code)
    stay = _stay(uow, cmd.stay_id, cmd.region_code)
    if request and stay and request[0].patient_ref != stay.patient_ref:
        message = "the stay and the care request are about different patients"
        raise Refusal(Kind.INVALID, "stay_id", SIP_PATIENT, message)
    if request is not None:
        row, sent = request
        stay_id = cmd.stay_id or sent.stay_id
        return Subject(row.patient_ref, stay_id, row.id, row.municipality_code)
    assert stay is not None
    return Subject(stay.patient_ref, stay.stay_id, None, None)


def _request(
    uow: UnitOfWork, care_request_id: uuid.UUID | None, region_code: str
) -> tuple[CareRequestRow, DischargeRow] | None:
    if care_request_id is None:
        return None
    row = uow.session.get(CareRequestRow, care_request_id)
    if row is None:
        raise Unknown("care request")
    sent = uow.session.get(DischargeRow, row.discharge_id)
    if sent is None or sent.region_code != region_code:
        raise Unknown("care request", row.patient_ref)
    return row, sent


def _stay(uow: UnitOfWork, stay_id: str | None, region_code: str) -> StayRow | None:
    if stay_id is None:
        return None
    stay = uow.session.get(StayRow, stay_id)
    if stay is None:
        raise Unknown("stay")
    if stay.region_code != region_code:
        raise Unknown("stay", stay.patient_ref)
    if stay.cancelled_at is not None:
        message = f"stay {stay_id} was entered in error"
        raise Refusal(Kind.CONFLICT, "stay_id", SIP_PATIENT, message)
    return stay


def _sent_before(
    uow: UnitOfWork, message_id: uuid.UUID | None, content: tuple[object, ...]
) -> SipMeetingRow | None:
    """A repeated message_id is answered as the first time if it says the same, else refused."""
    if message_id is None:
        return None
    query = select(SipMeetingRow).where(SipMeetingRow.message_id == message_id)
    earlier = uow.session.exec(query).first()
    if (
        earlier is not None
        and (earlier.patient_ref, earlier.meeting_at, earlier.invited) != content
    ):
        message = "this message_id was sent before with other content"
        raise Refusal(Kind.CONFLICT, "message_id", MESSAGE_ID, message)
    return earlier


def mark_held(
    sip_id: uuid.UUID, region_code: str, held_at: datetime, actor: Actor, uow: UnitOfWork
) -> SipMeetingRow:
    """The calling region says the meeting took place; a repeat publishes nothing."""
    row = uow.session.get(SipMeetingRow, sip_id)
    if row is None:
        raise Unknown(SIP_MEETING)
    if row.region_code != region_code:
        raise Unknown(SIP_MEETING, row.patient_ref)
    if row.held_at is not None:
        return row
    check_held(row.called_at, held_at, utcnow())
    claimed = first_time(
        uow,
        update(SipMeetingRow)
        .where(col(SipMeetingRow.id) == sip_id)
        .where(col(SipMeetingRow.held_at).is_(None))
        .values(held_at=held_at, held_by=actor.person),
    )
    uow.session.refresh(row)
    if claimed:
        uow.publish(
            SipHeld(sip_id=row.id, patient_ref=row.patient_ref, held_at=held_at),
            partition_key=row.patient_ref,
        )
        uow.commit()
    return row


def sip_meetings(uow: UnitOfWork, query: SipQuery) -> tuple[int, list[SipMeetingRow]]:
    """The SIPs the caller called (its region) or is invited to, by meeting time."""
    invited = select(SipInvitationRow.sip_id).where(
        SipInvitationRow.organisation == query.organisation
    )
    visible: list[ColumnElement[bool]] = [col(SipMeetingRow.id).in_(invited)]
    if query.region_code is not None:
        visible.append(col(SipMeetingRow.region_code) == query.region_code)
    found = select(SipMeetingRow).where(or_(*visible))
    if query.patient_ref is not None:
        found = found.where(SipMeetingRow.patient_ref == query.patient_ref)
    if query.stay_id is not None:
        found = found.where(SipMeetingRow.stay_id == query.stay_id)
    if query.held is not None:
        held = col(SipMeetingRow.held_at)
        found = found.where(held.is_not(None) if query.held else held.is_(None))
    total = uow.session.exec(select(func.count()).select_from(found.subquery())).one()
    ordered = found.order_by(col(SipMeetingRow.meeting_at), col(SipMeetingRow.id))
    return total, list(uow.session.exec(ordered.offset(query.offset).limit(query.limit)))


def _called(row: SipMeetingRow) -> SipCalled:
    return SipCalled(
        sip_id=row.id,
        patient_ref=row.patient_ref,
        region_code=row.region_code,
        stay_id=row.stay_id,
        called_at=row.called_at,
        meeting_at=row.meeting_at,
        invited=row.invited,
    )
