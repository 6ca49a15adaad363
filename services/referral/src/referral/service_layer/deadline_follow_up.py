"""The follow-up flows' facts for the deadlines (issue 9 sections 3 and 4): each medication-list
change as each municipality got it (MED-CHANGE-ACK), each discharge from home care
(HSV-DISCHARGE-ACK), read for a case's care requests or as one organisation's open ones."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from referral.adapters.followup_tables import (
    HomecareDischargeRow,
    MedicationChangeRecipientRow,
    MedicationChangeRow,
)
from referral.adapters.orm import CareRequestRow, CareRequestTransition
from referral.domain.care_request import ACTIVE, Status
from referral.domain.deadlines import HomecareDischargeFacts, MedicationChangeFacts, Timeline
from referral.service_layer.deadline_sources import transitions_of

ENDED = frozenset(Status) - ACTIVE  # the municipality no longer cares for the patient
Steps = Mapping[uuid.UUID, Sequence[CareRequestTransition]]


def medication_changes(
    session: Session, requests: Sequence[CareRequestRow], steps: Steps
) -> dict[uuid.UUID, list[MedicationChangeFacts]]:
    """The changes that reached a municipality through each of these care requests."""
    by_id = {r.id: r for r in requests}
    found: dict[uuid.UUID, list[MedicationChangeFacts]] = defaultdict(list)
    if by_id:
        query = _recipients().where(col(MedicationChangeRecipientRow.care_request_id).in_(by_id))
        for recipient, posted_at in session.exec(query):
            request = by_id[recipient.care_request_id]
            found[request.id].append(_change_facts(recipient, posted_at, request, steps))
    return found


def homecare_discharges(
    session: Session, request_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[HomecareDischargeFacts]]:
    """The discharges from home care recorded on each of these care requests."""
    found: dict[uuid.UUID, list[HomecareDischargeFacts]] = defaultdict(list)
    if request_ids:
        query = select(HomecareDischargeRow).where(
            col(HomecareDischargeRow.care_request_id).in_(request_ids)
        )
        for row in session.exec(query):
            found[row.care_request_id].append(_discharge_facts(row))
    return found


def unacknowledged_changes(session: Session, municipality_code: str) -> list[Timeline]:
    """What one municipality has not acknowledged yet, one timeline per change."""
    query = _recipients().where(
        MedicationChangeRecipientRow.municipality_code == municipality_code,
        col(MedicationChangeRecipientRow.acknowledged_at).is_(None),
    )
    found = list(session.exec(query))
    ids = {recipient.care_request_id for recipient, _ in found}
    requests = {
        r.id: r for r in session.exec(select(CareRequestRow).where(col(CareRequestRow.id).in_(ids)))
    }
    steps = transitions_of(session, ids)
    return [
        Timeline(
            patient_ref=recipient.patient_ref,
            medication_changes=(
                _change_facts(recipient, posted_at, requests[recipient.care_request_id], steps),
            ),
        )
        for recipient, posted_at in found
        if recipient.care_request_id in requests
    ]


def unacknowledged_discharges(session: Session, region_code: str) -> list[Timeline]:
    """The discharges from home care a region's health centres have not acknowledged yet."""
    query = select(HomecareDischargeRow).where(
        HomecareDischargeRow.region_code == region_code,
        col(HomecareDischargeRow.acknowledged_at).is_(None),
    )
    return [
        Timeline(patient_ref=row.patient_ref, homecare_discharges=(_discharge_facts(row),))
        for row in session.exec(query)
    ]


def _recipients() -> Select[MedicationChangeRecipientRow, datetime]:
    return select(MedicationChangeRecipientRow, MedicationChangeRow.posted_at).join(
        MedicationChangeRow,
        col(MedicationChangeRow.id) == col(MedicationChangeRecipientRow.change_id),
    )


def _change_facts(
    recipient: MedicationChangeRecipientRow,
    posted_at: datetime,
    request: CareRequestRow,
    steps: Steps,
) -> MedicationChangeFacts:
    return MedicationChangeFacts(
        change_id=str(recipient.change_id),
        municipality_code=recipient.municipality_code,
        posted_at=posted_at,
        acknowledged_at=recipient.acknowledged_at,
        ended_at=_ended_at(request, steps.get(request.id, ())),
    )


def _ended_at(request: CareRequestRow, steps: Sequence[CareRequestTransition]) -> datetime | None:
    ended = min((s.at for s in steps if s.to_status in ENDED), default=None)
    if ended is None and request.status in ENDED:  # moved before transitions were kept
        ended = request.updated_at
    return ended


def _discharge_facts(row: HomecareDischargeRow) -> HomecareDischargeFacts:
    return HomecareDischargeFacts(
        care_request_id=str(row.care_request_id),
        municipality_code=row.municipality_code,
        region_code=row.region_code,
        recorded_at=row.recorded_at,
        acknowledged_at=row.acknowledged_at,
    )
