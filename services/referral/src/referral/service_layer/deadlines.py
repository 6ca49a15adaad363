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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from handover_common.access import Organisation, OrgKind
from sqlalchemy.orm import defer
from sqlmodel import Session, SQLModel, col, select

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
    HomecareDischargeFacts,
    MedicationChangeFacts,
    ReferralFacts,
    RuleBook,
    StayFacts,
    Timeline,
    deadlines_of,
    rule_book_from_document,
)
from referral.service_layer.deadline_follow_up import Steps, homecare_discharges, medication_changes
from referral.service_layer.deadline_sources import care_requests_of, sip_calls, transitions_of

R = TypeVar("R", bound=SQLModel)
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
    return cases_of(session, referrals=[referral_id]).referrals.get(referral_id)


def case_of_stay(session: Session, stay_id: str) -> Case | None:
    return cases_of(session, stays=[stay_id]).stays.get(stay_id)


@dataclass(frozen=True)
class Cases:
    stays: dict[str, Case]
    referrals: dict[uuid.UUID, Case]  # referrals read as cases of their own


def cases_of(
    session: Session, stays: Collection[str] = (), referrals: Collection[uuid.UUID] = ()
) -> Cases:
    """Many cases read at once, each as it reads alone (`case_of_stay`, `case_of_referral`
    are this with one): a statement per kind of row for them all instead of eight per case —
    the deadline watch reads every case that can still change at each sweep (issue 11)."""
    stay_rows = _stays(session, stays)
    referral_rows = _rows(session, DischargeRow, DischargeRow.id, referrals, _TIMELINE_ONLY)
    of_referrals = {r.stay_id for r in referral_rows.values() if r.stay_id} - stay_rows.keys()
    known_stays = {**_stays(session, of_referrals), **stay_rows}
    parts = {
        ("stay", stay.stay_id): _Parts(stay, members)
        for stay, members in _members(session, stay_rows.values())
    }
    for referral in referral_rows.values():
        stay = known_stays.get(referral.stay_id) if referral.stay_id else None
        if stay is not None and stay.patient_ref != referral.patient_ref:
            stay = None  # another patient's stay under the same id: not this case
        parts["referral", str(referral.id)] = _Parts(stay, [referral], referral)
    built = _built(session, parts)
    return Cases(
        stays={key: case for (kind, key), case in built.items() if kind == "stay"},
        referrals={uuid.UUID(key): case for (kind, key), case in built.items() if kind != "stay"},
    )


@dataclass(frozen=True)
class _Parts:
    """A case's own rows: its stay (if known) and the referrals sent for it."""

    stay: StayRow | None
    referrals: list[DischargeRow]
    alone: DischargeRow | None = None  # a referral read as its own case

    @property
    def patient_ref(self) -> str:
        return self.alone.patient_ref if self.alone else self._stay.patient_ref

    @property
    def region_code(self) -> str:
        return self.alone.region_code if self.alone else self._stay.region_code

    @property
    def _stay(self) -> StayRow:
        assert self.stay is not None
        return self.stay


def _stays(session: Session, ids: Collection[str]) -> dict[str, StayRow]:
    return _rows(session, StayRow, StayRow.stay_id, ids)


def _rows(
    session: Session,
    model: type[R],
    key: Any,
    ids: Collection[Any],
    options: Sequence[Any] = (),
) -> dict[Any, R]:
    if not ids:
        return {}
    query = select(model).where(key.in_(ids)).options(*options)
    return {getattr(row, key.key): row for row in session.exec(query)}


_TIMELINE_ONLY = tuple(
    defer(getattr(DischargeRow, name)) for name in ("care", "decision", "missing_facts")
)
"""A case's timeline never reads a referral's care facts, decision or missing facts: their JSON
was a quarter of the deadline watch's sweep (issue 11). Deferred, not refused: a row loaded here
and found again in the same session loads them when read."""


def _members(
    session: Session, stays: Iterable[StayRow]
) -> list[tuple[StayRow, list[DischargeRow]]]:
    """Each stay with the referrals sent for it about its own patient."""
    by_id = {stay.stay_id: stay for stay in stays}
    members: dict[str, list[DischargeRow]] = {stay_id: [] for stay_id in by_id}
    if by_id:
        query = select(DischargeRow).where(col(DischargeRow.stay_id).in_(by_id))
        for row in session.exec(query.options(*_TIMELINE_ONLY)):
            if row.stay_id is not None and row.patient_ref == by_id[row.stay_id].patient_ref:
                members[row.stay_id].append(row)
    return [(by_id[stay_id], rows) for stay_id, rows in members.items()]


def _built(session: Session, parts: dict[tuple[str, str], _Parts]) -> dict[tuple[str, str], Case]:
    referral_ids = [r.id for p in parts.values() for r in p.referrals]
    requests: dict[uuid.UUID, list[CareRequestRow]] = {}
    for request in care_requests_of(session, referral_ids):
        requests.setdefault(request.discharge_id, []).append(request)
    homes = _homes(session, {p.patient_ref for p in parts.values()})
    sources = _sources(session, [r for rs in requests.values() for r in rs], parts.values())
    cases = {}
    for key, part in parts.items():
        own = [r for referral in part.referrals for r in requests.get(referral.id, [])]
        own.sort(key=lambda r: r.created_at)  # as care_requests_of orders them
        home = homes.get(part.patient_ref)
        timeline = _timeline(part.patient_ref, part.stay, part.referrals, own, sources, home)
        addressed = {r.municipality_code for r in own}
        if home is not None:
            addressed.add(home)
        cases[key] = Case(timeline, part.region_code, frozenset(addressed), home)
    return cases


def _homes(session: Session, patient_refs: Collection[str]) -> dict[str, str]:
    """Each patient's registered municipality."""
    if not patient_refs:
        return {}
    query = select(PatientRow.patient_ref, PatientRow.registered_municipality_code).where(
        col(PatientRow.patient_ref).in_(patient_refs)
    )
    return dict(session.exec(query).all())


@dataclass(frozen=True)
class _Sources:
    """What timelines read beyond their cases' own rows, loaded once for all of them."""

    sip_called: Mapping[str, datetime]
    steps: Steps
    medication_changes: Mapping[uuid.UUID, Sequence[MedicationChangeFacts]]
    homecare_discharges: Mapping[uuid.UUID, Sequence[HomecareDischargeFacts]]


def _sources(
    session: Session,
    requests: Sequence[CareRequestRow],
    parts: Iterable[_Parts],
    sip_called: Mapping[str, datetime] | None = None,
) -> _Sources:
    if sip_called is None:
        sip_called = sip_calls(session, [p.stay.stay_id for p in parts if p.stay is not None])
    steps = transitions_of(session, [r.id for r in requests])
    voided = {r.id for p in parts for r in p.referrals if r.cancelled_at is not None}
    live = [r for r in requests if r.discharge_id not in voided]
    return _Sources(
        sip_called,
        steps,
        medication_changes(session, live, steps),
        homecare_discharges(session, [r.id for r in live]),
    )


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
    sources = _sources(session, requests, [_Parts(stay, list(referrals))], sip_called)
    return _timeline(patient_ref, stay, referrals, requests, sources, home)


def _timeline(
    patient_ref: str,
    stay: StayRow | None,
    referrals: Sequence[DischargeRow],
    requests: Sequence[CareRequestRow],
    sources: _Sources,
    home: str | None,
) -> Timeline:
    steps = sources.steps
    voided = {r.id for r in referrals if r.cancelled_at is not None}
    live = [r for r in requests if r.discharge_id not in voided]
    return Timeline(
        patient_ref=patient_ref,
        stay=None if stay is None else _stay_facts(stay, referrals, sources.sip_called, home),
        referrals=tuple(_referral_facts(r, stay) for r in referrals),
        care_requests=tuple(
            care_request_facts(r, steps.get(r.id, []), r.discharge_id in voided) for r in requests
        ),
        medication_changes=tuple(f for r in live for f in sources.medication_changes.get(r.id, ())),
        homecare_discharges=tuple(
            f for r in live for f in sources.homecare_discharges.get(r.id, ())
        ),
    )


def _stay_facts(
    stay: StayRow,
    referrals: Sequence[DischargeRow],
    sip_called: Mapping[str, datetime],
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
