"""Discharge from home care back to the health centre, and the health centre's acknowledgement
that completes the care request (HSV-DISCHARGE, HSV-DISCHARGE-ACK; issue 9 section 3).

Each state change and its events commit together. Repeats are answered as the first time and
publish nothing; two at once are told apart by a unique care request (the discharge) and by a
compare-and-set on the acknowledgement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.followup_events import (
    HomecareDischargeAcknowledged,
    HomecareDischarged,
    HomecareDischargeReason,
)
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select, update

from referral.adapters.followup_tables import HomecareDischargeRow
from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.domain.follow_up import Unknown
from referral.domain.homecare_discharge import (
    DischargeFacts,
    check_acknowledger,
    check_discharge,
    check_repeat,
    listed_health_centre,
    receiving_health_centre,
)
from referral.service_layer.follow_up.common import Actor, first_time, today
from referral.service_layer.follow_up.completion import complete_care_request

CARE_REQUEST = "care request"
HOMECARE_DISCHARGE = "discharge from home care"


@dataclass(frozen=True)
class DischargeFromHomecare:
    care_request_id: uuid.UUID
    municipality_code: str  # the caller's; another municipality's request is not found
    discharged_on: date
    reason: HomecareDischargeReason
    summary: str
    health_centre_hsa_id: str | None
    actor: Actor


@dataclass(frozen=True)
class AcknowledgeDischarge:
    care_request_id: uuid.UUID
    region_code: str  # the caller's; another region's request is not found
    actor: Actor


@dataclass(frozen=True)
class DischargeQuery:
    """Exactly one of the codes: the municipality sees its own, a region its region's."""

    municipality_code: str | None = None
    region_code: str | None = None
    unacknowledged: bool = False
    health_centre_hsa_id: str | None = None
    limit: int = 50
    offset: int = 0


def discharge_from_homecare(cmd: DischargeFromHomecare, uow: UnitOfWork) -> HomecareDischargeRow:
    try:
        return _discharge(cmd, uow)
    except IntegrityError:  # the same request discharged concurrently: answer as for a repeat
        uow.session.rollback()
        uow.session.expire_all()
        return _discharge(cmd, uow)


def _discharge(cmd: DischargeFromHomecare, uow: UnitOfWork) -> HomecareDischargeRow:
    request, sent = _care_request(uow, cmd.care_request_id)
    if request.municipality_code != cmd.municipality_code:
        raise Unknown(CARE_REQUEST, request.patient_ref)
    centre = receiving_health_centre(cmd.health_centre_hsa_id, listed_health_centre(sent.content))
    facts = DischargeFacts(cmd.discharged_on, cmd.reason.value, cmd.summary, centre.hsa_id)
    earlier = discharge_of(uow, request.id)
    if earlier is not None:
        check_repeat(_facts(earlier), facts)
        return earlier
    check_discharge(request.status, request.enrolled_on, cmd.discharged_on, today())
    row = HomecareDischargeRow(
        care_request_id=request.id,
        patient_ref=request.patient_ref,
        municipality_code=request.municipality_code,
        region_code=sent.region_code,
        discharged_on=facts.discharged_on,
        reason=facts.reason,
        summary=facts.summary,
        health_centre_hsa_id=centre.hsa_id,
        health_centre_name=centre.name,
        discharged_by=cmd.actor.person,
        discharged_by_unit=cmd.actor.unit,
    )
    uow.session.add(row)
    uow.publish(_discharged(row), partition_key=row.patient_ref)
    uow.commit()
    return row


def acknowledge_discharge(cmd: AcknowledgeDischarge, uow: UnitOfWork) -> HomecareDischargeRow:
    """The addressed health centre takes the patient back; the care request becomes completed
    in the same transaction, or nothing is stored."""
    request, sent = _care_request(uow, cmd.care_request_id)
    if sent.region_code != cmd.region_code:
        raise Unknown(CARE_REQUEST, request.patient_ref)
    row = discharge_of(uow, request.id)
    if row is None:
        raise Unknown(HOMECARE_DISCHARGE)
    check_acknowledger(row.health_centre_hsa_id, cmd.actor.unit)
    if row.acknowledged_at is not None or not _claim_acknowledgement(uow, row, cmd.actor):
        return row  # a repeat, or another acknowledgement was first: nothing published
    uow.publish(_acknowledged(row), partition_key=row.patient_ref)
    complete_care_request(uow, request, row, f"{cmd.actor.organisation} {cmd.actor.unit}")
    uow.commit()
    return row


def _claim_acknowledgement(uow: UnitOfWork, row: HomecareDischargeRow, actor: Actor) -> bool:
    claimed = first_time(
        uow,
        update(HomecareDischargeRow)
        .where(col(HomecareDischargeRow.id) == row.id)
        .where(col(HomecareDischargeRow.acknowledged_at).is_(None))
        .values(
            acknowledged_at=utcnow(), acknowledged_by=actor.person, acknowledged_by_unit=actor.unit
        ),
    )
    uow.session.refresh(row)
    return claimed


def discharges(uow: UnitOfWork, query: DischargeQuery) -> tuple[int, list[HomecareDischargeRow]]:
    """Discharges from home care visible to one side, oldest first (what waits longest)."""
    found = select(HomecareDischargeRow)
    if query.municipality_code is not None:
        found = found.where(HomecareDischargeRow.municipality_code == query.municipality_code)
    if query.region_code is not None:
        found = found.where(HomecareDischargeRow.region_code == query.region_code)
    if query.unacknowledged:
        found = found.where(col(HomecareDischargeRow.acknowledged_at).is_(None))
    if query.health_centre_hsa_id is not None:
        found = found.where(HomecareDischargeRow.health_centre_hsa_id == query.health_centre_hsa_id)
    total = uow.session.exec(select(func.count()).select_from(found.subquery())).one()
    ordered = found.order_by(col(HomecareDischargeRow.recorded_at), col(HomecareDischargeRow.id))
    rows = list(uow.session.exec(ordered.offset(query.offset).limit(query.limit)))
    return total, rows


def discharge_of(uow: UnitOfWork, care_request_id: uuid.UUID) -> HomecareDischargeRow | None:
    query = select(HomecareDischargeRow).where(
        HomecareDischargeRow.care_request_id == care_request_id
    )
    return uow.session.exec(query).first()


def _care_request(
    uow: UnitOfWork, care_request_id: uuid.UUID
) -> tuple[CareRequestRow, DischargeRow]:
    request = uow.session.get(CareRequestRow, care_request_id)
    if request is None:
        raise Unknown(CARE_REQUEST)
    sent = uow.session.get(DischargeRow, request.discharge_id)
    assert sent is not None, "a care request always has the referral it came from"
    return request, sent


def _facts(row: HomecareDischargeRow) -> DischargeFacts:
    return DischargeFacts(row.discharged_on, row.reason, row.summary, row.health_centre_hsa_id)


def _discharged(row: HomecareDischargeRow) -> HomecareDischarged:
    return HomecareDischarged(
        care_request_id=row.care_request_id,
        patient_ref=row.patient_ref,
        municipality_code=row.municipality_code,
        region_code=row.region_code,
        discharged_on=row.discharged_on,
        reason=HomecareDischargeReason(row.reason),
        health_centre_hsa_id=row.health_centre_hsa_id,
    )


def _acknowledged(row: HomecareDischargeRow) -> HomecareDischargeAcknowledged:
    assert row.acknowledged_at is not None
    return HomecareDischargeAcknowledged(
        care_request_id=row.care_request_id,
        patient_ref=row.patient_ref,
        municipality_code=row.municipality_code,
        acknowledged_at=row.acknowledged_at,
    )
