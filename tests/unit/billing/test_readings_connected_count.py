"""JH-TB: persons connected during the year, derived from the JH-PAL-2 decisions held
(issue 13 section 3, reading jh-tb-count-in-force-during-year)."""

from datetime import date, datetime
from typing import Any

import pytest
from billing.domain import AdjustmentReading, SupplementaryModel, reconcile_supplementary_amount
from billing.domain.distribution.connections import (
    CountAdjustment,
    DecisionFact,
    connected_patients,
    count_connected,
)

from tests.unit.billing.builders import price_book


def decision(
    patient: str, on: date, connected: bool = True, until: date | None = None, n: int = 0
) -> DecisionFact:
    return DecisionFact(f"{patient}-{on}", patient, on, until, connected, n)


def test_a_person_counts_once_if_a_jh_pal_2_decision_was_in_force_some_day_of_the_year():
    decisions = [
        decision("p-before", date(2024, 5, 1)),  # connected in 2024, still in force in 2025
        decision("p-during", date(2025, 12, 31)),  # its first day is the year's last
        decision("p-twice", date(2025, 2, 1)),
        decision("p-twice", date(2025, 6, 1), n=1),  # a new discharge, still connected
        decision("p-after", date(2026, 1, 1)),  # connected only from the next year
        decision("p-not", date(2025, 3, 1), connected=False),  # JH-PAL-1: not connected
    ]
    assert connected_patients(decisions, 2025) == {"p-before", "p-during", "p-twice"}


def test_a_connection_ends_with_the_patients_next_decision_or_its_valid_until():
    decisions = [
        decision("p-ended", date(2024, 3, 1)),
        decision("p-ended", date(2025, 1, 1), connected=False, n=1),  # ended on 2024-12-31
        decision("p-late-end", date(2024, 3, 1)),
        decision("p-late-end", date(2025, 1, 2), connected=False, n=1),  # in force on 1 Jan
        decision("p-lapsed", date(2024, 3, 1), until=date(2024, 12, 31)),
        decision("p-same-day", date(2025, 5, 1)),
        decision("p-same-day", date(2025, 5, 1), connected=False, n=1),  # corrected that day
    ]
    assert connected_patients(decisions, 2025) == {"p-late-end"}


def test_finance_adjusts_the_derived_count_with_a_reason_shown_on_the_statement():
    at = datetime(2026, 1, 20, 9, 0)
    adjustments = (
        CountAdjustment(2, "two connections kept on paper in Storsjögläntan", "region:23 X", at),
        CountAdjustment(-1, "duplicate pseudonym after a merge", "region:23 X", at),
    )
    count = count_connected([decision("p1", date(2025, 4, 1))], adjustments, 2025)
    assert (count.derived, count.adjustment_total, count.total) == (1, 1, 2)
    steps = count.steps()
    assert steps[0].startswith("1. persons connected during 2025: 2 = 1 with a JH-PAL-2")
    assert "+2 by region:23 X on 2026-01-20: two connections kept on paper" in steps[1]
    assert "-1 by region:23 X" in steps[2]


def test_adjustments_cannot_make_the_count_negative():
    at = datetime(2026, 1, 20)
    with pytest.raises(ValueError, match="negative"):
        count_connected([], [CountAdjustment(-1, "wrong", "region:23", at)], 2025)


def test_the_statement_states_the_derived_count_and_refuses_another_year():
    model = SupplementaryModel(
        "TB",
        "TB-ADJ",
        129,
        169,
        AdjustmentReading.PER_PERSON_OUTSIDE_INTERVAL,
        {"elderly": 1},  # type: ignore[dict-item]
    )
    count = count_connected([decision("p1", date(2025, 4, 1))], [], 2025)
    common: dict[str, Any] = {
        "model": model,
        "factor_values": {"ost": {"elderly": 1}},
        "price_book": price_book(),
        "count": count,
    }
    statement = reconcile_supplementary_amount(year=2026, connected_persons=1, **common)
    assert "1 with a JH-PAL-2 decision in force" in statement.steps()[0]
    with pytest.raises(ValueError, match="not the one"):
        reconcile_supplementary_amount(year=2027, connected_persons=1, **common)
