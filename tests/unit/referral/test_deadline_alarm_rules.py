"""Issue 12 section 2: the deadlines added for alarms, judged at a time the test chooses —
LAW-PAY's payment clock (day 0 before 12:00, free days as data, only when the hospital met its
notice duties), MED-CHANGE-ACK and HSV-DISCHARGE-ACK — and what the watch publishes once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from referral.domain.deadlines import (
    Deadline,
    DeadlineDataError,
    HomecareDischargeFacts,
    MedicationChangeFacts,
    Period,
    PeriodUnit,
    RuleId,
    State,
    StayFacts,
    Timeline,
    deadlines_of,
    rule_book_from_document,
)
from referral.domain.deadlines.changes import Outcome, Phase, change_of, deadline_key
from referral.service_layer.deadlines import load_rule_book

from tests.support.people import patient_ref

RULES = load_rule_book()
PR = patient_ref("deadline-alarms")
H = timedelta(hours=1)

ADMITTED = datetime(2026, 11, 12, 7, 30, tzinfo=UTC)
MORNING = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # Wednesday 10:30 in Sweden
AFTERNOON = datetime(2026, 11, 18, 11, 30, tzinfo=UTC)  # Wednesday 12:30 in Sweden
END_OF_FRIDAY = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # day 0 Wednesday + 2 free days
END_OF_SATURDAY = datetime(2026, 11, 21, 23, 0, tzinfo=UTC)  # also LAW-SIP3's due time
POSTED = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def stay(**changes: object) -> StayFacts:
    facts = StayFacts(
        stay_id="VT-1",
        region_code="23",
        admitted_at=ADMITTED,
        admission_notice_sent_at=ADMITTED + 5 * H,
        readiness_notice_sent_at=MORNING,
        sip_needed=False,
        municipality_code="2380",
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def of(rule: RuleId, timeline: Timeline, now: datetime) -> list[Deadline]:
    return [d for d in deadlines_of(timeline, RULES, now) if d.rule_id is rule]


def payment(now: datetime, **changes: object) -> Deadline | None:
    found = of(RuleId.PAYMENT_CLOCK, Timeline(PR, stay=stay(**changes)), now)
    return found[0] if found else None


# --- LAW-PAY: the payment clock ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (MORNING, END_OF_FRIDAY),  # before 12:00: the notice's day is day 0
        (AFTERNOON, END_OF_SATURDAY),  # at or after 12:00: the next day is day 0
        (datetime(2026, 11, 18, 11, 0, tzinfo=UTC), END_OF_SATURDAY),  # 12:00 sharp
    ],
)
def test_the_free_days_start_on_day_0_by_the_time_the_notice_was_sent(sent, due) -> None:
    clock = payment(sent, readiness_notice_sent_at=sent)
    assert clock is not None
    assert (clock.owed_by, clock.subject, clock.anchor_at, clock.due_at) == (
        "municipality:2380",
        "stay",
        sent,
        due,
    )
    assert clock.state is State.PENDING


def test_psychiatric_care_has_its_own_free_days() -> None:
    [clock] = of(
        RuleId.PAYMENT_CLOCK_PSYCHIATRY, Timeline(PR, stay=stay(psychiatric_care=True)), MORNING
    )
    assert clock.due_at == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)  # day 0 + 5 days
    assert not of(RuleId.PAYMENT_CLOCK, Timeline(PR, stay=stay(psychiatric_care=True)), MORNING)


@pytest.mark.parametrize(
    ("discharged", "now", "state"),
    [
        (None, END_OF_FRIDAY, State.PENDING),  # the end is inclusive
        (None, END_OF_FRIDAY + H, State.MISSED),  # the payment clock has started
        (END_OF_FRIDAY - H, END_OF_FRIDAY + 9 * H, State.MET),
        (END_OF_FRIDAY + 30 * H, END_OF_FRIDAY + 40 * H, State.LATE),  # days were paid
    ],
)
def test_the_clock_is_met_when_the_patient_is_discharged(discharged, now, state) -> None:
    clock = payment(now, discharged_at=discharged)
    assert clock is not None
    assert (clock.met_at, clock.state, clock.is_open) == (discharged, state, discharged is None)


def test_a_readiness_cancellation_stops_the_clock() -> None:
    assert payment(END_OF_FRIDAY + 50 * H, readiness_cancelled_at=MORNING + 5 * H) is None
    after = payment(END_OF_FRIDAY + 50 * H, readiness_cancelled_at=END_OF_FRIDAY + 5 * H)
    assert after is not None
    assert (after.state, after.stopped_at, after.is_open) == (
        State.MISSED,
        END_OF_FRIDAY + 5 * H,
        False,
    )


def test_no_clock_without_a_readiness_notice_or_a_known_municipality() -> None:
    later = END_OF_FRIDAY + 100 * H
    assert payment(later, readiness_notice_sent_at=None) is None
    assert payment(later, municipality_code=None) is None
    assert payment(later, entered_in_error=True) is None


def test_no_clock_when_the_admission_notice_was_late() -> None:
    """LAW-PAY: only when the hospital met its notice duties (LAW-ADM24 in time)."""
    assert payment(END_OF_FRIDAY + H, admission_notice_sent_at=ADMITTED + 30 * H) is None
    assert payment(END_OF_FRIDAY + H, admission_notice_sent_at=ADMITTED + 24 * H) is not None


def test_the_clock_runs_while_the_sip_may_still_be_called_in_time() -> None:
    clock = payment(END_OF_FRIDAY + H, sip_needed=True)  # LAW-SIP3 due at the end of Saturday
    assert clock is not None and clock.state is State.MISSED and clock.is_open
    called = payment(END_OF_SATURDAY + 9 * H, sip_needed=True, sip_called_at=END_OF_SATURDAY)
    assert called is not None and called.is_open  # called in time: the clock runs on


def test_a_sip_not_called_in_time_ends_the_clock_when_the_sip_fell_due() -> None:
    clock = payment(END_OF_SATURDAY + H, sip_needed=True)
    assert clock is not None
    assert (clock.state, clock.stopped_at, clock.is_open) == (
        State.MISSED,
        END_OF_SATURDAY,
        False,
    )
    late_sip = payment(END_OF_SATURDAY + 9 * H, sip_needed=True, sip_called_at=END_OF_SATURDAY + H)
    assert late_sip is not None and late_sip.stopped_at == END_OF_SATURDAY


def test_a_sip_falling_due_unmet_within_the_free_days_means_no_clock_at_all() -> None:
    """Notice after 12:00: the free days and LAW-SIP3 end together; nothing was ever owed."""
    later = END_OF_SATURDAY + H
    assert payment(later, readiness_notice_sent_at=AFTERNOON, sip_needed=True) is None
    assert payment(later, readiness_notice_sent_at=AFTERNOON) is not None  # no SIP needed


def test_the_municipality_sees_its_payment_clock() -> None:
    seen = deadlines_of(Timeline(PR, stay=stay()).as_seen_by_municipality("2380"), RULES, MORNING)
    assert RuleId.PAYMENT_CLOCK in {d.rule_id for d in seen}


# --- MED-CHANGE-ACK and HSV-DISCHARGE-ACK -----------------------------------------------------


def change(**changes: object) -> MedicationChangeFacts:
    facts = MedicationChangeFacts("ch-1", "2380", posted_at=POSTED)
    return replace(facts, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("acknowledged", "now", "state"),
    [
        (None, POSTED + 24 * H, State.PENDING),
        (None, POSTED + 25 * H, State.MISSED),
        (POSTED + 2 * H, POSTED + 30 * H, State.MET),
        (POSTED + 26 * H, POSTED + 30 * H, State.LATE),
    ],
)
def test_each_municipality_acknowledges_a_medication_change_within_24_hours(
    acknowledged, now, state
) -> None:
    timeline = Timeline(
        PR,
        medication_changes=(change(acknowledged_at=acknowledged), change(municipality_code="2326")),
    )
    found = of(RuleId.MEDICATION_CHANGE_ACKNOWLEDGED, timeline, now)
    assert [d.owed_by for d in found] == ["municipality:2326", "municipality:2380"]
    mine = found[1]
    assert (mine.subject, mine.subject_id, mine.due_at, mine.state) == (
        "medication-change",
        "ch-1:2380",
        POSTED + 24 * H,
        state,
    )
    seen = timeline.as_seen_by_municipality("2380")
    assert [d.subject_id for d in of(RuleId.MEDICATION_CHANGE_ACKNOWLEDGED, seen, now)] == [
        "ch-1:2380"
    ]


def test_a_change_owes_nothing_once_the_care_request_it_came_through_ended() -> None:
    ended = Timeline(PR, medication_changes=(change(ended_at=POSTED + H),))
    assert not of(RuleId.MEDICATION_CHANGE_ACKNOWLEDGED, ended, POSTED + 100 * H)
    ended_late = Timeline(PR, medication_changes=(change(ended_at=POSTED + 30 * H),))
    [deadline] = of(RuleId.MEDICATION_CHANGE_ACKNOWLEDGED, ended_late, POSTED + 100 * H)
    assert (deadline.state, deadline.is_open) == (State.MISSED, False)


def test_the_health_centre_acknowledges_a_discharge_from_home_care_by_the_next_day() -> None:
    recorded = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # Wednesday 15:00 in Sweden
    facts = HomecareDischargeFacts("cr-1", "2380", "23", recorded)
    end_of_thursday = datetime(2026, 11, 26, 23, 0, tzinfo=UTC)
    [pending] = of(
        RuleId.HOMECARE_DISCHARGE_ACKNOWLEDGED, Timeline(PR, homecare_discharges=(facts,)), recorded
    )
    assert (pending.owed_by, pending.subject, pending.subject_id, pending.due_at) == (
        "region:23",
        "homecare-discharge",
        "cr-1",
        end_of_thursday,
    )
    acknowledged = replace(facts, acknowledged_at=end_of_thursday + H)
    timeline = Timeline(PR, homecare_discharges=(acknowledged,))
    [late] = of(RuleId.HOMECARE_DISCHARGE_ACKNOWLEDGED, timeline, end_of_thursday + 2 * H)
    assert late.state is State.LATE
    assert not of(
        RuleId.HOMECARE_DISCHARGE_ACKNOWLEDGED, timeline.as_seen_by_municipality("2326"), recorded
    )


# --- day 0 as data --------------------------------------------------------------------------


def test_day_0_before_is_a_swedish_clock_time_for_calendar_days_only() -> None:
    period = Period(PeriodUnit.CALENDAR_DAYS, 0, time(12, 0))
    assert period.due_after(AFTERNOON) == datetime(2026, 11, 19, 23, 0, tzinfo=UTC)
    assert "12:00" in period.describe()
    rules = [
        {
            "id": r.value,
            "version": "1",
            "description": "d",
            "source": "s",
            "period": {"unit": "calendar-days", "amount": 1},
            "valid_from": "2018-01-01",
        }
        for r in RuleId
    ]
    for bad in (
        {"unit": "hours", "amount": 2, "day_0_before": "12:00"},
        {"unit": "calendar-days", "amount": 2, "day_0_before": "noon"},
    ):
        rules[0]["period"] = bad
        with pytest.raises(DeadlineDataError) as refused:
            rule_book_from_document("periods.json", {"rules": rules})
        assert refused.value.where == "rules[0].period.day_0_before"


# --- what the watch publishes, once ---------------------------------------------------------


def test_the_watch_publishes_missed_once_then_one_final_outcome() -> None:
    open_clock = payment(END_OF_FRIDAY + H)
    assert open_clock is not None
    assert change_of(open_clock, set()) is Outcome.MISSED
    assert change_of(open_clock, {Phase.MISSED}) is None
    met_late = payment(END_OF_FRIDAY + 40 * H, discharged_at=END_OF_FRIDAY + 30 * H)
    assert met_late is not None
    assert change_of(met_late, {Phase.MISSED}) is Outcome.MET
    assert change_of(met_late, set()) is Outcome.MET  # met between two sweeps: still counted
    assert change_of(met_late, {Phase.MISSED, Phase.FINAL}) is None
    stopped = payment(END_OF_FRIDAY + 50 * H, readiness_cancelled_at=END_OF_FRIDAY + 5 * H)
    assert stopped is not None
    assert change_of(stopped, {Phase.MISSED}) is Outcome.STOPPED
    pending = payment(MORNING)
    assert pending is not None and change_of(pending, set()) is None


def test_a_new_anchor_is_a_new_deadline() -> None:
    first, again = payment(MORNING), payment(MORNING, readiness_notice_sent_at=AFTERNOON)
    assert first is not None and again is not None
    assert deadline_key(first) != deadline_key(again)
    assert deadline_key(first).startswith("LAW-PAY:stay:VT-1@")
