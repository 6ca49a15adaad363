"""Which cases a sweep looks at: only those whose deadlines can still change, never every case
ever stored. A case (a stay, or a referral without one) is looked at when

- it owes something still (open): a stay neither discharged nor voided (LAW-ADM24, LAW-SIP3,
  LAW-PAY), a care request waiting for an answer (CR-ACK, CR-ACUTE), a medication change not
  acknowledged through a care request still active (MED-CHANGE-ACK), a discharge from home care
  not acknowledged (HSV-DISCHARGE-ACK);
- or something in it happened within the lookback (a discharge, a voiding, a referral received,
  a care request moved, an acknowledgement): a duty met or ended is published once from there;
- or an alarm published for it is not settled yet (deadline_publication, phase missed): it is
  cleared (met late or stopped) whenever that happens, lookback or not.

A duty met in time while the watch was down for longer than the lookback is not reported as
met (nothing was raised for it); an alarm is never left open by the bound.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from referral.adapters.deadline_tables import DeadlinePublicationRow
from referral.adapters.followup_tables import (
    HomecareDischargeRow,
    MedicationChangeRecipientRow,
    MedicationChangeRow,
)
from referral.adapters.orm import CareRequestRow, DischargeRow, StayRow
from referral.domain.care_request import ACTIVE, Status
from referral.domain.deadlines.changes import Phase

STAY, REFERRAL = "stay", "referral"
WAITING_FOR_AN_ANSWER = (Status.REQUESTED, Status.RECEIVED, Status.ON_HOLD)


@dataclass(frozen=True, order=True)
class CaseRef:
    kind: str  # stay | referral
    id: str


def changeable_cases(
    session: Session, since: datetime, patients: Patients | None = None
) -> list[CaseRef]:
    """The cases to evaluate, ``since`` = the sweep's time less the lookback; with `patients`
    (a query of patient refs), only these patients' cases."""
    of = _Of(patients)
    found = {CaseRef(STAY, stay_id) for stay_id in _stays(session, since, of)}
    found |= _cases_of_referrals(session, _referrals(session, since, of))
    found |= _unsettled(session, of)
    return sorted(found)


Patients = SelectOfScalar[str]


@dataclass(frozen=True)
class _Of:
    """A condition that keeps the rows of some patients only, or all rows."""

    patients: Patients | None

    def __call__(self, column: Any) -> ColumnElement[bool]:
        return true() if self.patients is None else col(column).in_(self.patients)


def _stays(session: Session, since: datetime, of: _Of) -> Iterable[str]:
    open_ = col(StayRow.discharged_at).is_(None) & col(StayRow.cancelled_at).is_(None)
    recent = or_(col(StayRow.discharged_at) >= since, col(StayRow.cancelled_at) >= since)
    return session.exec(select(StayRow.stay_id).where(or_(open_, recent), of(StayRow.patient_ref)))


def _referrals(session: Session, since: datetime, of: _Of) -> set[uuid.UUID]:
    received = select(DischargeRow.id).where(
        or_(col(DischargeRow.received_at) >= since, col(DischargeRow.discharged_at) >= since),
        of(DischargeRow.patient_ref),
    )
    requests = select(CareRequestRow.discharge_id).where(
        or_(
            col(CareRequestRow.status).in_(WAITING_FOR_AN_ANSWER),
            col(CareRequestRow.updated_at) >= since,
        ),
        of(CareRequestRow.patient_ref),
    )
    recipient = MedicationChangeRecipientRow
    changes = (
        select(CareRequestRow.discharge_id)
        .join(recipient, col(recipient.care_request_id) == col(CareRequestRow.id))
        .join(MedicationChangeRow, col(MedicationChangeRow.id) == col(recipient.change_id))
        .where(
            or_(
                col(recipient.acknowledged_at).is_(None) & col(CareRequestRow.status).in_(ACTIVE),
                col(recipient.acknowledged_at) >= since,
                col(MedicationChangeRow.posted_at) >= since,
            ),
            of(CareRequestRow.patient_ref),
        )
    )
    discharges = (
        select(CareRequestRow.discharge_id)
        .join(
            HomecareDischargeRow,
            col(HomecareDischargeRow.care_request_id) == col(CareRequestRow.id),
        )
        .where(
            or_(
                col(HomecareDischargeRow.acknowledged_at).is_(None),
                col(HomecareDischargeRow.acknowledged_at) >= since,
                col(HomecareDischargeRow.recorded_at) >= since,
            ),
            of(CareRequestRow.patient_ref),
        )
    )
    ids: set[uuid.UUID] = set()
    for query in (received, requests, changes, discharges):
        ids.update(session.exec(query))
    return ids


IDS_PER_QUERY = 10_000
"""SQLite takes at most 32,766 values in one statement; a lookback can hold more referrals."""


def _cases_of_referrals(session: Session, ids: set[uuid.UUID]) -> set[CaseRef]:
    """A referral belongs to its stay's case (the same patient's), else it is its own."""
    ordered = sorted(ids)
    found: set[CaseRef] = set()
    for start in range(0, len(ordered), IDS_PER_QUERY):
        query = (
            select(DischargeRow.id, DischargeRow.stay_id, StayRow.stay_id)
            .outerjoin(
                StayRow,
                (col(StayRow.stay_id) == col(DischargeRow.stay_id))
                & (col(StayRow.patient_ref) == col(DischargeRow.patient_ref)),
            )
            .where(col(DischargeRow.id).in_(ordered[start : start + IDS_PER_QUERY]))
        )
        found.update(
            CaseRef(STAY, stay) if stay else CaseRef(REFERRAL, str(referral))
            for referral, _, stay in session.exec(query)
        )
    return found


def _unsettled(session: Session, of: _Of) -> set[CaseRef]:
    row = DeadlinePublicationRow
    query = (
        select(row.case_kind, row.case_id)
        .where(row.phase == Phase.MISSED, col(row.settled_at).is_(None), of(row.patient_ref))
        .distinct()
    )
    return {CaseRef(kind, case_id) for kind, case_id in session.exec(query)}
