"""The deadlines of cases, read from referral's tables (issue 9 section 5; rules in
domain/deadlines, periods in reference/deadline_periods.json).

A case is a hospital stay with what the region sent for it and the care requests it became,
or a referral without a stay. The facts come from: stay (admission and readiness notices,
discharge: LAW-PAY), patient (the registered municipality, which owes LAW-PAY), discharge
(discharge time, received time, content with the medication list), care_request and
care_request_transition (acknowledged, answered, withdrawn), sip_meeting (when the SIP was
called), medication_change_recipient and homecare_discharge (the follow-up acknowledgements,
`deadline_follow_up.py`). Organisations' open lists: `deadline_lists.py`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from handover_common.access import Organisation, OrgKind
from sqlmodel import Session, select

from referral.adapters.orm import (
    CareRequestRow,
    CareRequestTransition,
    DischargeRow,
    PatientRow,
    StayRow,
)
from referral.domain.care_request import Status
from referral.domain.deadlines import (
    CareRequestFacts,
    Deadline,
    DeadlineDataError,
    ReferralFacts,
    RuleBook,
    StayFacts,
    Timeline,
    deadlines_of,
    rule_book_from_document,
)
from referral.service_layer.deadline_follow_up import homecare_discharges, medication_changes
from referral.service_layer.deadline_sources import care_requests_of, sip_calls, transitions_of

Clock = Callable[[], datetime]
"""Where "now" comes from: the system clock in service, a fixed or moving one in tests."""

RULES_PACKAGE, RULES_FILE = "referral.reference", "deadline_periods.json"
ACKNOWLEDGING = {Status.RECEIVED, Status.ACCEPTED, Status.REJECTED}
ANSWERING = {Status.ACCEPTED, Status.REJECTED}
PAST_RECEIPT = {*ACKNOWLEDGING, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED}


def system_clock() -> datetime:
    return datetime.now(UTC)


@cache
def load_rule_book() -> RuleBook:
    """The packaged rules, read once. A malformed file fails its unit test
    (tests/unit/referral/test_deadlines_rules.py) and every deadline request (500)."""
    text = resources.files(RULES_PACKAGE).joinpath(RULES_FILE).read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DeadlineDataError(RULES_FILE, "<document>", f"invalid JSON: {error}") from None
    return rule_book_from_document(RULES_FILE, document)


@dataclass(frozen=True)
class Case:
    timeline: Timeline
    region_code: str  # the sending region
    municipality_codes: frozenset[str]  # the patient's registered one, and every addressed one
    home_municipality_code: str | None = None  # the patient's registered one

    def visible_to(self, org: Organisation) -> bool:
        if org.kind is OrgKind.MUNICIPALITY:
            return org.code in self.municipality_codes
        return org.is_region(self.region_code)

    def deadlines_for(self, org: Organisation, rules: RuleBook, now: datetime) -> list[Deadline]:
        """Everything due in the case; a municipality does not see others' care requests."""
        timeline = self.timeline
        if org.kind is OrgKind.MUNICIPALITY:
            timeline = timeline.as_seen_by_municipality(org.code)
        return deadlines_of(timeline, rules, now)


def case_of_referral(session: Session, referral_id: uuid.UUID) -> Case | None:
    referral = session.get(DischargeRow, referral_id)
    if referral is None:
        return None
    stay = session.get(StayRow, referral.stay_id) if referral.stay_id else None
    if stay is not None and stay.patient_ref != referral.patient_ref:
        stay = None  # another patient's stay under the same id: not this case
    return _case(session, referral.patient_ref, referral.region_code, stay, [referral])


def case_of_stay(session: Session, stay_id: str) -> Case | None:
    stay = session.get(StayRow, stay_id)
    if stay is None:
        return None
    query = select(DischargeRow).where(
        DischargeRow.stay_id == stay_id, DischargeRow.patient_ref == stay.patient_ref
    )
    return _case(session, stay.patient_ref, stay.region_code, stay, list(session.exec(query)))


# --- one case ---------------------------------------------------------------------------


def _case(
    session: Session,
    patient_ref: str,
    region_code: str,
    stay: StayRow | None,
    referrals: Sequence[DischargeRow],
) -> Case:
    requests = care_requests_of(session, [r.id for r in referrals])
    patient = session.get(PatientRow, patient_ref)
    home = None if patient is None else patient.registered_municipality_code
    timeline = timeline_of(session, patient_ref, stay, referrals, requests, home=home)
    addressed = {r.municipality_code for r in requests}
    if home is not None:
        addressed.add(home)
    return Case(timeline, region_code, frozenset(addressed), home)


def timeline_of(
    session: Session,
    patient_ref: str,
    stay: StayRow | None,
    referrals: Sequence[DischargeRow],
    requests: Sequence[CareRequestRow],
    sip_called: dict[str, datetime] | None = None,
    home: str | None = None,
) -> Timeline:
    """The case's facts; ``home`` (the patient's registered municipality) owes LAW-PAY."""
    if sip_called is None:
        sip_called = sip_calls(session, [stay.stay_id] if stay else [])
    steps = transitions_of(session, [r.id for r in requests])
    voided = {r.id for r in referrals if r.cancelled_at is not None}
    live = [r for r in requests if r.discharge_id not in voided]
    return Timeline(
        patient_ref=patient_ref,
        stay=None if stay is None else _stay_facts(stay, referrals, sip_called, home),
        referrals=tuple(_referral_facts(r, stay) for r in referrals),
        care_requests=tuple(
            care_request_facts(r, steps.get(r.id, []), r.discharge_id in voided) for r in requests
        ),
        medication_changes=medication_changes(session, live, steps),
        homecare_discharges=homecare_discharges(session, [r.id for r in live]),
    )


def _stay_facts(
    stay: StayRow,
    referrals: Sequence[DischargeRow],
    sip_called: dict[str, datetime],
    home: str | None,
) -> StayFacts:
    return StayFacts(
        stay_id=stay.stay_id,
        region_code=stay.region_code,
        admitted_at=stay.admitted_at,
        admission_notice_sent_at=stay.admission_notice_sent_at,
        readiness_notice_sent_at=stay.ready_notice_sent_at,
        readiness_cancelled_at=stay.readiness_cancelled_at,
        sip_needed=_sip_needed(referrals, stay),
        sip_called_at=_earliest(sip_called.get(stay.stay_id), stay.sip_called_at),
        entered_in_error=stay.cancelled_at is not None,
        municipality_code=home,
        psychiatric_care=stay.psychiatric_care,
        discharged_at=stay.discharged_at,
    )


def _sip_needed(referrals: Sequence[DischargeRow], stay: StayRow) -> bool | None:
    """What the latest discharge says (content.sip_needed), else the readiness notice; None
    when nobody said."""
    for referral in sorted(referrals, key=lambda r: r.received_at, reverse=True):
        said = (referral.content or {}).get("sip_needed")
        if isinstance(said, bool) and referral.cancelled_at is None:
            return said
    return stay.sip_needed


def _earliest(*moments: datetime | None) -> datetime | None:
    """The earliest known time (a SIP may be reported on the readiness notice or as a call)."""
    return min((m for m in moments if m is not None), default=None)


def _referral_facts(referral: DischargeRow, stay: StayRow | None) -> ReferralFacts:
    discharged_at = referral.discharged_at
    if stay is not None and stay.discharged_at is not None:
        discharged_at = stay.discharged_at
    informed = referral.received_at if _has_medication_list(referral.content) else None
    return ReferralFacts(
        referral_id=str(referral.id),
        region_code=referral.region_code,
        discharged_at=discharged_at,
        information_received_at=informed,
        entered_in_error=referral.cancelled_at is not None,
    )


def _has_medication_list(content: dict[str, Any] | None) -> bool:
    medication = (content or {}).get("medication_list")
    return isinstance(medication, dict) and bool(medication.get("established_on"))


def care_request_facts(
    row: CareRequestRow, steps: Sequence[CareRequestTransition], referral_voided: bool
) -> CareRequestFacts:
    status = Status(row.status)
    acknowledged = _first(steps, ACKNOWLEDGING)
    if acknowledged is None and status in PAST_RECEIPT:  # moved before transitions were kept
        acknowledged = row.answered_at or row.updated_at
    withdrawn = _first(steps, {Status.CANCELLED})
    if withdrawn is None and status is Status.CANCELLED:
        withdrawn = row.updated_at
    return CareRequestFacts(
        care_request_id=str(row.id),
        municipality_code=row.municipality_code,
        acute=row.acute,
        created_at=row.created_at,
        acknowledged_at=acknowledged,
        answered_at=_first(steps, ANSWERING) or row.answered_at,
        withdrawn_at=withdrawn,
        entered_in_error=referral_voided or status is Status.ENTERED_IN_ERROR,
    )


def _first(steps: Iterable[CareRequestTransition], to: Collection[Status]) -> datetime | None:
    return min((s.at for s in steps if s.to_status in to), default=None)
