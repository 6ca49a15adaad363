"""What one organisation still owes, across its cases (issue 9 section 5, issue 12 section 2):
a region its notices, SIP and information (LAW-*) and its health centres' acknowledgements of
discharges from home care (HSV-DISCHARGE-ACK); a municipality its answers to care requests
(CR-*), its acknowledgements of medication changes (MED-CHANGE-ACK) and its patients' payment
clocks (LAW-PAY)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from handover_common.access import Organisation, OrgKind
from sqlmodel import Session, col, select

from referral.adapters.orm import CareRequestRow, DischargeRow, PatientRow, StayRow
from referral.domain.care_request import Status
from referral.domain.deadlines import Deadline, RuleBook, Timeline, deadlines_of
from referral.service_layer.deadline_follow_up import (
    unacknowledged_changes,
    unacknowledged_discharges,
)
from referral.service_layer.deadline_sources import sip_calls, transitions_of, voided_referrals
from referral.service_layer.deadlines import care_request_facts, timeline_of

WAITING_FOR_AN_ANSWER = (Status.REQUESTED, Status.RECEIVED, Status.ON_HOLD)


def open_deadlines(
    session: Session, org: Organisation, rules: RuleBook, now: datetime
) -> list[Deadline]:
    """What the organisation still owes (pending or missed), soonest due first."""
    if org.kind is OrgKind.REGION:
        timelines = _region_timelines(session, org.code)
        timelines += unacknowledged_discharges(session, org.code)
    elif org.kind is OrgKind.MUNICIPALITY:
        timelines = _municipality_timelines(session, org.code)
        timelines += _waiting_for_discharge(session, org.code)
        timelines += unacknowledged_changes(session, org.code)
    else:
        return []
    owed = [
        deadline
        for timeline in timelines
        for deadline in deadlines_of(timeline, rules, now)
        if deadline.owed_by == str(org) and deadline.is_open
    ]
    return sorted(owed, key=lambda d: (d.due_at, d.rule_id, d.subject_id))


def _region_timelines(session: Session, region_code: str) -> list[Timeline]:
    stays = list(
        session.exec(
            select(StayRow).where(
                StayRow.region_code == region_code, col(StayRow.cancelled_at).is_(None)
            )
        )
    )
    referrals = list(
        session.exec(
            select(DischargeRow).where(
                DischargeRow.region_code == region_code, col(DischargeRow.cancelled_at).is_(None)
            )
        )
    )
    by_stay = _by_stay(referrals)
    sip_called = sip_calls(session, [s.stay_id for s in stays])
    timelines = [
        timeline_of(session, s.patient_ref, s, by_stay.pop(s.stay_id, []), [], sip_called)
        for s in stays
    ]
    alone = [r for group in by_stay.values() for r in group]  # no stay known for them
    timelines += [timeline_of(session, r.patient_ref, None, [r], [], {}) for r in alone]
    return timelines


def _municipality_timelines(session: Session, code: str) -> list[Timeline]:
    """Only requests still waiting for an answer can owe one (CR-ACK, CR-ACUTE)."""
    query = select(CareRequestRow).where(
        CareRequestRow.municipality_code == code,
        col(CareRequestRow.status).in_(WAITING_FOR_AN_ANSWER),
    )
    requests = list(session.exec(query))
    steps = transitions_of(session, [r.id for r in requests])
    voided = voided_referrals(session, {r.discharge_id for r in requests})
    return [
        Timeline(
            patient_ref=r.patient_ref,
            care_requests=(care_request_facts(r, steps.get(r.id, []), r.discharge_id in voided),),
        )
        for r in requests
    ]


def _waiting_for_discharge(session: Session, code: str) -> list[Timeline]:
    """LAW-PAY: the stays of the municipality's patients that are ready and not discharged
    (with their notices and SIP: the clock depends on the hospital's duties)."""
    query = (
        select(StayRow)
        .join(PatientRow, col(PatientRow.patient_ref) == col(StayRow.patient_ref))
        .where(PatientRow.registered_municipality_code == code)
        .where(col(StayRow.ready_notice_sent_at).is_not(None))
        .where(col(StayRow.discharged_at).is_(None), col(StayRow.cancelled_at).is_(None))
    )
    stays = list(session.exec(query))
    if not stays:
        return []
    referrals = select(DischargeRow).where(
        col(DischargeRow.stay_id).in_([s.stay_id for s in stays])
    )
    by_stay = _by_stay(list(session.exec(referrals)))
    sip_called = sip_calls(session, [s.stay_id for s in stays])
    return [
        timeline_of(session, s.patient_ref, s, _own(by_stay, s), [], sip_called, home=code)
        for s in stays
    ]


def _by_stay(referrals: Sequence[DischargeRow]) -> dict[str, list[DischargeRow]]:
    grouped: dict[str, list[DischargeRow]] = defaultdict(list)
    for referral in referrals:
        grouped[referral.stay_id or ""].append(referral)
    return grouped


def _own(by_stay: dict[str, list[DischargeRow]], stay: StayRow) -> list[DischargeRow]:
    return [r for r in by_stay.get(stay.stay_id, []) if r.patient_ref == stay.patient_ref]
