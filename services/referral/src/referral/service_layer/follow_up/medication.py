"""Medication-list changes: posted by the region, addressed to every municipality with an active
care request from it, acknowledged by each (MED-CHANGE, MED-CHANGE-RECIPIENTS; issue 9
section 4). The change and its event commit together; a repeat publishes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.followup_events import MedicationListAcknowledged, MedicationListChanged
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update

from referral.adapters.followup_tables import MedicationChangeRecipientRow, MedicationChangeRow
from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.domain.follow_up import MESSAGE_ID, Kind, Refusal, Unknown
from referral.domain.medication import CareRequestState, check_changed_on, recipients
from referral.service_layer.follow_up.common import Actor, first_time, today

CHANGE = "medication-list change"


@dataclass(frozen=True)
class PostChange:
    patient_ref: str
    named_by: str  # the field the caller named the patient by: patient_ref or personnummer
    region_code: str  # the caller's
    list_reference: str
    changed_on: date
    changed_by_hsa_id: str
    summary: str
    actor: Actor
    message_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PostedChange:
    change: MedicationChangeRow
    recipients: list[MedicationChangeRecipientRow]


def post_change(cmd: PostChange, uow: UnitOfWork) -> PostedChange:
    try:
        return _post(cmd, uow)
    except IntegrityError:  # the same message_id stored concurrently: answer as for a repeat
        uow.session.rollback()
        return _post(cmd, uow)


def _post(cmd: PostChange, uow: UnitOfWork) -> PostedChange:
    earlier = _sent_before(uow, cmd)
    if earlier is not None:
        return PostedChange(earlier, recipients_of(uow, earlier.id))
    check_changed_on(cmd.changed_on, today())
    reached = recipients(_region_requests(uow, cmd), cmd.named_by)
    change = MedicationChangeRow(
        message_id=cmd.message_id,
        patient_ref=cmd.patient_ref,
        region_code=cmd.region_code,
        list_reference=cmd.list_reference,
        changed_on=cmd.changed_on,
        changed_by_hsa_id=cmd.changed_by_hsa_id,
        summary=cmd.summary,
        posted_by=cmd.actor.person,
        posted_by_unit=cmd.actor.unit,
    )
    addressed = [
        MedicationChangeRecipientRow(
            change_id=change.id,
            municipality_code=municipality,
            patient_ref=cmd.patient_ref,
            care_request_id=request_id,
        )
        for municipality, request_id in reached.items()
    ]
    uow.session.add(change)
    uow.session.flush()  # the change before its recipients (foreign key)
    uow.session.add_all(addressed)
    uow.publish(_changed(change, [*reached]), partition_key=change.patient_ref)
    uow.commit()
    return PostedChange(change, addressed)


def _sent_before(uow: UnitOfWork, cmd: PostChange) -> MedicationChangeRow | None:
    """A repeated message_id is answered as the first time if it says the same, else refused."""
    if cmd.message_id is None:
        return None
    query = select(MedicationChangeRow).where(MedicationChangeRow.message_id == cmd.message_id)
    earlier = uow.session.exec(query).first()
    if earlier is not None and _content(earlier) != _content(cmd):
        message = "this message_id was sent before with other content"
        raise Refusal(Kind.CONFLICT, "message_id", MESSAGE_ID, message)
    return earlier


def _content(said: MedicationChangeRow | PostChange) -> tuple[object, ...]:
    return (
        said.patient_ref,
        said.region_code,
        said.list_reference,
        said.changed_on,
        said.changed_by_hsa_id,
        said.summary,
    )


def _region_requests(uow: UnitOfWork, cmd: PostChange) -> list[CareRequestState]:
    """The patient's care requests the caller's region sent; none at all: not found."""
    query = (
        select(CareRequestRow)
        .join(DischargeRow, col(DischargeRow.id) == col(CareRequestRow.discharge_id))
        .where(CareRequestRow.patient_ref == cmd.patient_ref)
        .where(DischargeRow.region_code == cmd.region_code)
    )
    rows = list(uow.session.exec(query))
    if not rows:
        raise Unknown("patient", cmd.patient_ref)
    return [CareRequestState(r.id, r.municipality_code, r.status, r.created_at) for r in rows]


def acknowledge_change(
    change_id: uuid.UUID, municipality_code: str, actor: Actor, uow: UnitOfWork
) -> MedicationChangeRecipientRow:
    """The receiving municipality has read the change; a repeat publishes nothing."""
    recipient = uow.session.get(MedicationChangeRecipientRow, (change_id, municipality_code))
    if recipient is None:
        change = uow.session.get(MedicationChangeRow, change_id)
        raise Unknown(CHANGE, change.patient_ref if change else None)
    if recipient.acknowledged_at is not None or not _claim(uow, recipient, actor):
        return recipient
    assert recipient.acknowledged_at is not None
    uow.publish(
        MedicationListAcknowledged(
            change_id=change_id,
            patient_ref=recipient.patient_ref,
            municipality_code=municipality_code,
            acknowledged_at=recipient.acknowledged_at,
        ),
        partition_key=recipient.patient_ref,
    )
    uow.commit()
    return recipient


def _claim(uow: UnitOfWork, recipient: MedicationChangeRecipientRow, actor: Actor) -> bool:
    row = MedicationChangeRecipientRow
    claimed = first_time(
        uow,
        update(row)
        .where(col(row.change_id) == recipient.change_id)
        .where(col(row.municipality_code) == recipient.municipality_code)
        .where(col(row.acknowledged_at).is_(None))
        .values(
            acknowledged_at=utcnow(), acknowledged_by=actor.person, acknowledged_by_unit=actor.unit
        ),
    )
    uow.session.refresh(recipient)
    return claimed


def recipients_of(uow: UnitOfWork, change_id: uuid.UUID) -> list[MedicationChangeRecipientRow]:
    query = (
        select(MedicationChangeRecipientRow)
        .where(MedicationChangeRecipientRow.change_id == change_id)
        .order_by(col(MedicationChangeRecipientRow.municipality_code))
    )
    return list(uow.session.exec(query))


def changes_for(
    uow: UnitOfWork, patient_ref: str, municipality_code: str
) -> list[tuple[MedicationChangeRow, MedicationChangeRecipientRow]]:
    """The changes that reached one municipality about one patient, oldest first."""
    query = (
        select(MedicationChangeRow, MedicationChangeRecipientRow)
        .join(
            MedicationChangeRecipientRow,
            col(MedicationChangeRecipientRow.change_id) == col(MedicationChangeRow.id),
        )
        .where(MedicationChangeRecipientRow.patient_ref == patient_ref)
        .where(MedicationChangeRecipientRow.municipality_code == municipality_code)
        .order_by(col(MedicationChangeRow.changed_on), col(MedicationChangeRow.posted_at))
    )
    return [(change, recipient) for change, recipient in uow.session.exec(query)]


def _changed(change: MedicationChangeRow, municipalities: list[str]) -> MedicationListChanged:
    return MedicationListChanged(
        change_id=change.id,
        patient_ref=change.patient_ref,
        region_code=change.region_code,
        list_reference=change.list_reference,
        changed_on=change.changed_on,
        changed_by_hsa_id=change.changed_by_hsa_id,
        municipality_codes=municipalities,
    )
