"""The legal and agreed duties of a case as deadlines (issue 9 section 5), judged at a time the
test chooses: pending, met, late and missed for LAW-ADM24, LAW-SIP3, LAW-INFO, CR-ACK and
CR-ACUTE, with the packaged periods (data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from referral.domain.deadlines import (
    CareRequestFacts,
    Deadline,
    ReferralFacts,
    RuleId,
    State,
    StayFacts,
    Timeline,
    deadlines_of,
)
from referral.service_layer.deadlines import load_rule_book

from tests.support.people import patient_ref

RULES = load_rule_book()
PR = patient_ref("deadlines")
H = timedelta(hours=1)

ADMITTED = datetime(2026, 11, 12, 7, 30, tzinfo=UTC)  # 08:30 in Sweden
READY_SENT = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # Wednesday 10:30 in Sweden
SIP_DUE = datetime(2026, 11, 21, 23, 0, tzinfo=UTC)  # end of Saturday 21 November in Sweden
DISCHARGED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 10:00 in Sweden
DISCHARGE_DAY_ENDS = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def stay(**changes: object) -> StayFacts:
    facts = StayFacts(
        stay_id="VT-1",
        region_code="23",
        admitted_at=ADMITTED,
        admission_notice_sent_at=ADMITTED + 5 * H,
        readiness_notice_sent_at=READY_SENT,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def referral(**changes: object) -> ReferralFacts:
    facts = ReferralFacts("r-1", "23", DISCHARGED, information_received_at=DISCHARGED - H)
    return replace(facts, **changes)  # type: ignore[arg-type]


def request(**changes: object) -> CareRequestFacts:
    facts = CareRequestFacts("cr-1", "2380", acute=False, created_at=CREATED)
    return replace(facts, **changes)  # type: ignore[arg-type]


def only(rule: RuleId, timeline: Timeline, now: datetime) -> Deadline:
    [deadline] = [d for d in deadlines_of(timeline, RULES, now) if d.rule_id is rule]
    return deadline


def none_of(rule: RuleId, timeline: Timeline, now: datetime) -> bool:
    return all(d.rule_id is not rule for d in deadlines_of(timeline, RULES, now))


# --- LAW-ADM24: the admission notice within 24 hours of admission -------------------------


@pytest.mark.parametrize(
    ("sent_after", "now_after", "state"),
    [
        (5 * H, 30 * H, State.MET),
        (24 * H, 30 * H, State.MET),  # the end is inclusive
        (30 * H, 31 * H, State.LATE),  # accepted and marked late, never refused
        (None, 23 * H, State.PENDING),
        (None, 25 * H, State.MISSED),
    ],
)
def test_the_admission_notice_is_due_24_hours_after_admission(sent_after, now_after, state):
    sent = None if sent_after is None else ADMITTED + sent_after
    timeline = Timeline(PR, stay=stay(admission_notice_sent_at=sent))
    deadline = only(RuleId.ADMISSION_NOTICE, timeline, ADMITTED + now_after)
    assert (deadline.due_at, deadline.met_at, deadline.state) == (ADMITTED + 24 * H, sent, state)
    assert deadline.owed_by == "region:23"
    assert (deadline.subject, deadline.subject_id) == ("stay", "VT-1")
    assert deadline.rule_version == "2018.1"


# --- LAW-SIP3: the SIP called within 3 calendar days of the readiness notice --------------


@pytest.mark.parametrize(
    ("called", "now", "state"),
    [
        (datetime(2026, 11, 20, 8, 0, tzinfo=UTC), SIP_DUE + 48 * H, State.MET),
        (SIP_DUE, SIP_DUE + H, State.MET),
        (datetime(2026, 11, 22, 7, 0, tzinfo=UTC), SIP_DUE + 48 * H, State.LATE),
        (None, SIP_DUE - timedelta(minutes=1), State.PENDING),
        (None, SIP_DUE, State.PENDING),
        (None, SIP_DUE + timedelta(minutes=1), State.MISSED),
    ],
)
def test_the_sip_is_due_by_the_end_of_the_third_day_after_the_readiness_notice(called, now, state):
    deadline = only(RuleId.SIP_CALLED, Timeline(PR, stay=stay(sip_called_at=called)), now)
    assert (deadline.anchor_at, deadline.due_at) == (READY_SENT, SIP_DUE)
    assert (deadline.met_at, deadline.state) == (called, state)


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        # 23:30 in Sweden on the 18th: the 18th is day 0, whatever the UTC date
        (datetime(2026, 11, 18, 22, 30, tzinfo=UTC), datetime(2026, 11, 21, 23, 0, tzinfo=UTC)),
        # 00:30 in Sweden on the 19th (23:30 UTC on the 18th): day 0 is the 19th
        (datetime(2026, 11, 18, 23, 30, tzinfo=UTC), datetime(2026, 11, 22, 23, 0, tzinfo=UTC)),
        # summer time: midnight in Sweden is 22:00 UTC
        (datetime(2026, 6, 10, 8, 0, tzinfo=UTC), datetime(2026, 6, 13, 22, 0, tzinfo=UTC)),
        # across the change to winter time (25 October 2026)
        (datetime(2026, 10, 23, 8, 0, tzinfo=UTC), datetime(2026, 10, 26, 23, 0, tzinfo=UTC)),
    ],
)
def test_sip_days_are_swedish_calendar_days(sent, due) -> None:
    timeline = Timeline(PR, stay=stay(admitted_at=sent - 48 * H, readiness_notice_sent_at=sent))
    assert only(RuleId.SIP_CALLED, timeline, sent).due_at == due


def test_no_sip_is_owed_before_the_readiness_notice_or_when_not_needed() -> None:
    later = SIP_DUE + 100 * H
    assert none_of(RuleId.SIP_CALLED, Timeline(PR, stay=stay(readiness_notice_sent_at=None)), later)
    assert none_of(RuleId.SIP_CALLED, Timeline(PR, stay=stay(sip_needed=False)), later)
    assert only(RuleId.SIP_CALLED, Timeline(PR, stay=stay(sip_needed=True)), later).state == (
        State.MISSED
    )


def test_a_readiness_cancellation_before_the_due_time_stops_the_sip_deadline() -> None:
    cancelled = stay(readiness_cancelled_at=READY_SENT + 6 * H)
    assert none_of(RuleId.SIP_CALLED, Timeline(PR, stay=cancelled), SIP_DUE + 100 * H)


def test_a_sip_missed_before_the_readiness_was_cancelled_stays_missed_but_is_closed() -> None:
    cancelled_at = SIP_DUE + 5 * H
    deadline = only(
        RuleId.SIP_CALLED,
        Timeline(PR, stay=stay(readiness_cancelled_at=cancelled_at)),
        SIP_DUE + 100 * H,
    )
    assert (deadline.state, deadline.stopped_at, deadline.is_open) == (
        State.MISSED,
        cancelled_at,
        False,
    )


def test_a_new_readiness_notice_after_a_cancellation_starts_a_new_sip_deadline() -> None:
    """The stay keeps the latest notice: its sent time is the anchor again (LAW-READY)."""
    again = READY_SENT + 72 * H
    timeline = Timeline(PR, stay=stay(readiness_notice_sent_at=again))
    deadline = only(RuleId.SIP_CALLED, timeline, again)
    assert (deadline.anchor_at, deadline.state) == (again, State.PENDING)
    assert deadline.due_at == SIP_DUE + 72 * H


def test_an_admission_entered_in_error_owed_nothing() -> None:
    timeline = Timeline(PR, stay=stay(entered_in_error=True, admission_notice_sent_at=None))
    assert deadlines_of(timeline, RULES, SIP_DUE + 100 * H) == []


# --- LAW-INFO: information transferred no later than the day of discharge -----------------


@pytest.mark.parametrize(
    ("received", "now", "state"),
    [
        (DISCHARGED - 24 * H, DISCHARGED, State.MET),
        (DISCHARGE_DAY_ENDS - H, DISCHARGE_DAY_ENDS + H, State.MET),  # 23:00 the same day
        (DISCHARGE_DAY_ENDS + H, DISCHARGE_DAY_ENDS + 2 * H, State.LATE),
        (None, DISCHARGE_DAY_ENDS - H, State.PENDING),
        (None, DISCHARGE_DAY_ENDS + H, State.MISSED),
    ],
)
def test_information_is_due_by_the_end_of_the_discharge_day(received, now, state) -> None:
    timeline = Timeline(PR, referrals=(referral(information_received_at=received),))
    deadline = only(RuleId.INFORMATION, timeline, now)
    assert (deadline.due_at, deadline.state) == (DISCHARGE_DAY_ENDS, state)
    assert (deadline.subject, deadline.owed_by) == ("referral", "region:23")


def test_information_is_owed_only_after_a_hospital_stay_and_not_for_a_voided_discharge() -> None:
    later = DISCHARGE_DAY_ENDS + 100 * H
    direct = Timeline(PR, referrals=(referral(discharged_at=None, information_received_at=None),))
    voided = Timeline(
        PR, referrals=(referral(entered_in_error=True, information_received_at=None),)
    )
    assert none_of(RuleId.INFORMATION, direct, later)
    assert none_of(RuleId.INFORMATION, voided, later)


# --- CR-ACK: the care request acknowledged within the configured time (24 h) -------------


@pytest.mark.parametrize(
    ("acknowledged_after", "now_after", "state"),
    [
        (2 * H, 30 * H, State.MET),
        (30 * H, 31 * H, State.LATE),
        (None, 23 * H, State.PENDING),
        (None, 25 * H, State.MISSED),
    ],
)
def test_a_care_request_is_acknowledged_within_24_hours(acknowledged_after, now_after, state):
    acknowledged = None if acknowledged_after is None else CREATED + acknowledged_after
    timeline = Timeline(PR, care_requests=(request(acknowledged_at=acknowledged),))
    deadline = only(RuleId.ACKNOWLEDGED, timeline, CREATED + now_after)
    assert (deadline.due_at, deadline.state) == (CREATED + 24 * H, state)
    assert (deadline.owed_by, deadline.subject, deadline.subject_id) == (
        "municipality:2380",
        "care-request",
        "cr-1",
    )
    assert none_of(RuleId.ACUTE_ANSWERED, timeline, CREATED + now_after)  # not acute


def test_a_withdrawn_request_owes_nothing_after_its_withdrawal() -> None:
    before_due = Timeline(PR, care_requests=(request(withdrawn_at=CREATED + 2 * H),))
    assert deadlines_of(before_due, RULES, CREATED + 100 * H) == []
    after_due = Timeline(PR, care_requests=(request(withdrawn_at=CREATED + 30 * H),))
    deadline = only(RuleId.ACKNOWLEDGED, after_due, CREATED + 100 * H)
    assert (deadline.state, deadline.is_open) == (State.MISSED, False)
    voided = Timeline(PR, care_requests=(request(entered_in_error=True),))
    assert deadlines_of(voided, RULES, CREATED + 100 * H) == []


# --- CR-ACUTE: an acute request confirmed before it is carried out (4 h) -----------------


@pytest.mark.parametrize(
    ("answered_after", "now_after", "state"),
    [
        (3 * H, 5 * H, State.MET),
        (5 * H, 6 * H, State.LATE),
        (None, 3 * H, State.PENDING),
        (None, 4 * H + timedelta(minutes=1), State.MISSED),
    ],
)
def test_an_acute_request_is_answered_within_4_hours(answered_after, now_after, state) -> None:
    answered = None if answered_after is None else CREATED + answered_after
    timeline = Timeline(PR, care_requests=(request(acute=True, answered_at=answered),))
    deadline = only(RuleId.ACUTE_ANSWERED, timeline, CREATED + now_after)
    assert (deadline.due_at, deadline.met_at, deadline.state) == (CREATED + 4 * H, answered, state)


# --- the case as a whole --------------------------------------------------------------------


def test_a_whole_case_lists_every_duty_soonest_due_first() -> None:
    timeline = Timeline(
        PR,
        stay=stay(),
        referrals=(referral(),),
        care_requests=(request(acute=True, acknowledged_at=CREATED + H),),
    )
    deadlines = deadlines_of(timeline, RULES, CREATED + 2 * H)
    assert [(d.rule_id, d.state) for d in deadlines] == [
        (RuleId.ADMISSION_NOTICE, State.MET),
        (RuleId.ACUTE_ANSWERED, State.PENDING),
        (RuleId.INFORMATION, State.MET),
        (RuleId.ACKNOWLEDGED, State.MET),
        (RuleId.SIP_CALLED, State.PENDING),
    ]
    assert all(d.patient_ref == PR for d in deadlines)
    assert [d.is_open for d in deadlines] == [False, True, False, False, True]


def test_a_municipality_sees_the_regions_duties_and_only_its_own_requests() -> None:
    timeline = Timeline(
        PR,
        stay=stay(),
        care_requests=(request(), request(care_request_id="cr-2", municipality_code="2326")),
    )
    seen = deadlines_of(timeline.as_seen_by_municipality("2380"), RULES, CREATED)
    assert {d.owed_by for d in seen} == {"region:23", "municipality:2380"}
    assert {d.subject_id for d in seen if d.subject == "care-request"} == {"cr-1"}
