"""Follow-up figures of one municipality and month, computed from kept facts (issue 12
section 4; seeds orebro-… and dalarna-…: measured volumes)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from notification.domain.followup import (
    CareRequestFacts,
    DeadlineFacts,
    DeadlineState,
    DisputeFacts,
    Facts,
    Month,
    MoveFacts,
    Outcome,
    StayFacts,
    WorkFacts,
    month_figures,
    rows,
    to_csv,
    trend,
)
from notification.domain.followup.facts import (
    deadline_municipality,
    move_municipality,
    next_deadline_state,
    reported_minutes,
)

MARCH = Month(2026, 3)
TODAY = date(2026, 5, 1)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 3) -> datetime:
    """A UTC moment in 2026 (March: Swedish time is UTC+1 until the 29th)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def request(key: str, code: str = "2380", **kw: object) -> CareRequestFacts:
    base: dict[str, object] = {"way_in": "hospital-discharge", "created_at": at(2)}
    return CareRequestFacts(key, code, **{**base, **kw})  # type: ignore[arg-type]


def test_outcome_of_a_request() -> None:
    assert request("a").outcome is Outcome.OPEN
    assert request("a", acknowledged_at=at(3)).outcome is Outcome.OPEN
    assert request("a", accepted_at=at(3)).outcome is Outcome.ACCEPTED
    assert request("a", rejected_at=at(3)).outcome is Outcome.REJECTED
    later = request("a", rejected_at=at(3), accepted_at=at(5))
    assert later.outcome is Outcome.ACCEPTED  # rejected, corrected, then accepted
    assert request("a", accepted_at=at(3), cancelled_at=at(4)).outcome is Outcome.CANCELLED
    gone = request("a", cancelled_at=at(4), entered_in_error=True)
    assert gone.outcome is Outcome.ENTERED_IN_ERROR


def test_care_requests_by_way_in_and_outcome_and_answers_in_the_month() -> None:
    facts = Facts(
        care_requests=[
            request("a", accepted_at=at(3)),
            request(
                "b",
                way_in="primary-care",
                acute=True,
                rejected_at=at(4),
                rejection_reason="missing_information",
            ),
            request("c", way_in="specialised-outpatient"),
            request("d", created_at=at(27, month=2), accepted_at=at(1)),  # answered in March
            request("e", created_at=at(31, 23, 30), accepted_at=at(1, month=4)),  # April (SE)
            request("f", code="2326", accepted_at=at(3)),  # another municipality
        ]
    )
    cr = month_figures("2380", MARCH, facts, TODAY).care_requests
    assert cr.created == 3 and cr.acute == 1
    assert cr.by_way_in == {"hospital-discharge": 1, "primary-care": 1, "specialised-outpatient": 1}
    assert cr.by_outcome == {
        "open": 1,
        "accepted": 1,
        "rejected": 1,
        "cancelled": 0,
        "entered-in-error": 0,
    }
    assert cr.by_way_in_and_outcome["primary-care"]["rejected"] == 1
    assert cr.accepted == 2  # a and d
    assert cr.rejected == 1
    assert cr.rejected_by_reason["missing_information"] == 1
    assert set(cr.rejected_by_reason) == {
        "missing_information", "not_municipal_responsibility", "wrong_municipality",
        "patient_declined", "other",
    }  # fmt: skip


def test_time_to_acknowledge_is_exact() -> None:
    waits = [10, 25, 40, 90]  # minutes; one more with 30.5 s
    facts = Facts(
        care_requests=[
            *(request(str(w), acknowledged_at=at(2) + timedelta(minutes=w)) for w in waits),
            request("s", acknowledged_at=at(2) + timedelta(seconds=30)),
            request("x", created_at=None, acknowledged_at=at(2)),  # creation never seen
        ]
    )
    ack = month_figures("2380", MARCH, facts, TODAY).time_to_acknowledge
    assert ack.acknowledged == 5
    assert ack.median_minutes == Decimal("25.00")
    assert ack.mean_minutes == Decimal("33.10")  # (10+25+40+90+0.5)/5
    empty = month_figures("2380", MARCH, Facts(), TODAY).time_to_acknowledge
    assert (empty.acknowledged, empty.median_minutes, empty.mean_minutes) == (0, None, None)


def test_days_in_home_care_are_split_over_the_months_a_stay_covers() -> None:
    stays = [
        StayFacts("a", "2380", date(2026, 3, 3), date(2026, 3, 10), "needs-met"),  # 8 days
        StayFacts("b", "2380", date(2026, 2, 20), date(2026, 3, 5), "moved"),  # 5 in March
        StayFacts("c", "2380", date(2026, 3, 25)),  # goes on: 7 in March
        StayFacts("d", "2380", date(2026, 3, 30), request_ended_on=date(2026, 4, 2)),  # 2
        StayFacts("e", "2380", date(2026, 1, 5), date(2026, 2, 1), "deceased"),  # none
    ]
    hc = month_figures("2380", MARCH, Facts(stays=stays), TODAY).home_care
    assert hc.enrolled == 3  # a, c, d
    assert hc.discharged == 2 and hc.discharged_by_reason["needs-met"] == 1
    assert hc.discharged_by_reason["moved"] == 1
    assert hc.stays == 4
    assert hc.days == 8 + 5 + 7 + 2
    april = month_figures("2380", Month(2026, 4), Facts(stays=stays), TODAY).home_care
    assert april.days == 30 + 2  # c through 30 April, d through its cancellation on 2 April
    assert april.discharged_by_reason["ended-without-discharge"] == 1
    # an ongoing stay counts up to today only
    assert month_figures("2380", Month(2026, 5), Facts(stays=stays), TODAY).home_care.days == 1


def test_deadlines_due_in_the_month_per_rule() -> None:
    def deadline(key: str, rule: str, state: DeadlineState, day: int = 5) -> DeadlineFacts:
        return DeadlineFacts(key, rule, "2380", at(day), state)

    facts = Facts(
        deadlines=[
            deadline("1", "LAW-SIP3", DeadlineState.MET),
            deadline("2", "LAW-SIP3", DeadlineState.MISSED),
            deadline("3", "LAW-SIP3", DeadlineState.MET_LATE),
            deadline("4", "CR-ACK", DeadlineState.MET),
            deadline("5", "CR-ACK", DeadlineState.STOPPED),
            DeadlineFacts("6", "CR-ACK", "2380", at(5, month=4), DeadlineState.MISSED),
        ]
    )
    found = month_figures("2380", MARCH, facts, TODAY).deadlines
    assert list(found) == ["CR-ACK", "LAW-SIP3"]
    assert (found["LAW-SIP3"].met, found["LAW-SIP3"].met_late, found["LAW-SIP3"].missed) == (
        1,
        1,
        1,
    )
    assert (found["CR-ACK"].met, found["CR-ACK"].met_late, found["CR-ACK"].missed) == (1, 0, 0)


def test_deadline_state_met_is_final() -> None:
    state = next_deadline_state(None, "deadline.missed", False)
    assert state is DeadlineState.MISSED
    state = next_deadline_state(state, "deadline.met", True)
    assert state is DeadlineState.MET_LATE
    assert next_deadline_state(state, "deadline.missed", False) is DeadlineState.MET_LATE
    assert next_deadline_state(DeadlineState.MISSED, "deadline.stopped", False) is (
        DeadlineState.STOPPED
    )
    assert deadline_municipality(None, "municipality:2380") == "2380"
    assert deadline_municipality("2326", "region:23") == "2326"
    assert deadline_municipality(None, "region:23") is None


def test_disputes_settled_and_components_moved() -> None:
    moves = [
        MoveFacts("d1", "nursing", "2380", "municipality", at(10)),
        MoveFacts("d1", "rehabilitation", "2380", "region", at(10)),
        MoveFacts("d2", "oxygen", "2380", "region", at(12)),
        MoveFacts("d3", "nursing", "2380", "region", at(12, month=4)),
    ]
    disputes = month_figures("2380", MARCH, Facts(moves=moves), TODAY).disputes
    assert disputes.settled_with_move == 2
    assert disputes.components_moved == {"nursing": 1, "oxygen": 1, "rehabilitation": 1}
    assert disputes.moved_to == {"municipality": 1, "region": 2}
    assert (disputes.opened, disputes.settled, disputes.settled_without_move) == (0, 2, 0)
    assert move_municipality("2380", [("region", "23"), None]) == "2380"
    assert move_municipality(None, [("region", "23"), ("municipality", "2326")]) == "2326"


def test_disputes_opened_and_settled_with_and_without_move() -> None:
    facts = Facts(
        disputes=[
            # d1: opened in March, settled in March by moving nursing (counted by its move)
            DisputeFacts("d1", "2380", "individual", at(2), at(10), moved_components=1),
            # d2: opened in March, resolved in March without a move
            DisputeFacts("d2", "2380", "organisational", at(3), at(12), moved_components=0),
            # d3: opened in February, resolved without a move on 31 March 22:30 UTC = April (SE)
            DisputeFacts("d3", "2380", "individual", at(20, month=2), at(31, 22, 30), 0),
            # d4: opened in March, still open
            DisputeFacts("d4", "2380", "individual", at(30, 21, 59)),
            # d5: resolution seen, opening not (yet): settled, not opened
            DisputeFacts("d5", "2380", None, None, at(14), moved_components=0),
            DisputeFacts("d6", "2326", "individual", at(4), at(5), moved_components=0),
        ],
        moves=[MoveFacts("d1", "nursing", "2380", "region", at(10))],
    )
    disputes = month_figures("2380", MARCH, facts, TODAY).disputes
    assert disputes.opened == 3  # d1, d2, d4
    assert disputes.opened_by_level == {"individual": 2, "organisational": 1}
    assert (disputes.settled_with_move, disputes.settled_without_move) == (1, 2)  # d1; d2, d5
    assert disputes.settled == 3
    april = month_figures("2380", Month(2026, 4), facts, TODAY).disputes
    assert (april.opened, april.settled, april.settled_without_move) == (0, 1, 1)  # d3
    assert month_figures("2380", MARCH, facts, TODAY).not_measured == {}
    february = month_figures("2380", Month(2026, 2), facts, TODAY).disputes
    assert february.opened_by_level == {"individual": 1, "organisational": 0}


def test_work_hours_by_stream_performed_and_received() -> None:
    assert reported_minutes(60, 15, 10, 20, combined=False) == 105
    assert reported_minutes(60, 15, 10, 20, combined=True) == 85
    work = [
        WorkFacts("w1", "staff-rental", "2380", "23", at(4), 105),
        WorkFacts("w2", "staff-rental", "2380", "23", at(5), 50),
        WorkFacts("w3", "mt-service", "23", "2380", at(6), 90),
        WorkFacts("w4", "sight", "2380", "23", at(6, month=4), 60),
    ]
    found = month_figures("2380", MARCH, Facts(work=work), TODAY).work
    rental = found.performed["staff-rental"]
    assert (rental.reports, rental.minutes, rental.hours) == (2, 155, Decimal("2.58"))
    assert found.performed["sight"].reports == 0
    assert found.received["mt-service"].hours == Decimal("1.50")


def test_rows_and_both_csv_variants() -> None:
    facts = Facts(
        care_requests=[request("a", acknowledged_at=at(2, 10, 25), accepted_at=at(3))],
        work=[WorkFacts("w1", "staff-rental", "2380", "23", at(4), 50)],
    )
    figures = month_figures("2380", MARCH, facts, TODAY)
    table = {(r.figure, r.dimension): r.value for r in rows(figures)}
    assert table["care_requests_created", "all"] == 1
    assert table["care_requests_outcome", "hospital-discharge/accepted"] == 1
    assert table["time_to_acknowledge_median_minutes", "all"] == Decimal("25.00")
    assert table["work_hours_performed", "staff-rental"] == Decimal("0.83")
    assert table["disputes_opened", "all"] == 0
    assert table["disputes_opened", "organisational"] == 0
    assert table["disputes_settled_without_move", "all"] == 0
    plain = to_csv(rows(figures))
    assert plain.startswith("figure,dimension,value\r\ncare_requests_created,all,1\r\n")
    assert "work_hours_performed,staff-rental,0.83\r\n" in plain
    swedish = to_csv(rows(figures), swedish=True)
    assert swedish.startswith("\ufefffigur;dimension;värde\r\ncare_requests_created;all;1\r\n")
    assert "work_hours_performed;staff-rental;0,83\r\n" in swedish
    assert "time_to_acknowledge_mean_minutes;all;25,00\r\n" in swedish


def test_trend_one_number_per_month_oldest_first() -> None:
    facts = Facts(
        care_requests=[
            request("a", accepted_at=at(3)),
            request("b", created_at=at(2, month=2), rejected_at=at(3)),
            request("c", code="2326", created_at=at(2, month=1)),  # before the window
        ],
        stays=[StayFacts("a", "2380", date(2026, 3, 4))],
    )
    found = trend([Month(2026, 2), MARCH], facts, always=["2321"])
    assert found.months == ["2026-02", "2026-03"]
    assert found.municipalities == {
        "2321": {
            "care_requests": [0, 0],
            "accepted": [0, 0],
            "rejected": [0, 0],
            "enrolled": [0, 0],
        },
        "2380": {
            "care_requests": [1, 1],
            "accepted": [0, 1],
            "rejected": [0, 1],
            "enrolled": [0, 1],
        },
    }
