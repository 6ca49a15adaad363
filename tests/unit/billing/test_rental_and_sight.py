"""JH-RENT-DAY, JH-RENT-NIGHT and JH-SIGHT rating (issue 4 item 2)."""

from datetime import datetime
from decimal import Decimal

import pytest
from billing.domain import (
    BillableTime,
    CostItem,
    CostKind,
    Exclusion,
    ExclusionReason,
    UnitCode,
    WorkKind,
    WorkReport,
)
from billing.domain.work.rating_time import rate_sight_hearing, rate_staff_rental
from billing.domain.work.rules import CachedPricer, Rated

from tests.unit.billing.builders import context, report

D = Decimal


def rate_rental(r: WorkReport) -> Rated | Exclusion:
    ctx = context()
    return rate_staff_rental(r, ctx, CachedPricer(ctx.price_book))


def rate_sight(r: WorkReport) -> Rated | Exclusion:
    ctx = context()
    return rate_sight_hearing(r, ctx, CachedPricer(ctx.price_book))


@pytest.mark.parametrize(
    ("hour", "minute", "billable"),
    [(7, 59, False), (8, 0, True), (12, 0, True), (16, 59, True), (17, 0, False), (23, 0, False)],
)
def test_rental_daytime_window_is_08_to_17_by_start_time(hour, minute, billable):
    outcome = rate_rental(report(start=datetime(2026, 3, 10, hour, minute)))
    if billable:
        assert not isinstance(outcome, Exclusion)
        assert outcome.rule_id == "JH-RENT-DAY"
    else:
        assert isinstance(outcome, Exclusion)
        assert outcome.rule_id == "JH-RENT-NIGHT"
        assert outcome.reason is ExclusionReason.OUTSIDE_DAYTIME


def test_job_spanning_17_is_classified_by_its_start_and_billed_whole():
    # 16:30–17:45, 75 minutes → a daytime job: 2 started hours at 659.20 (640 × 1.03)
    job = report(start=datetime(2026, 3, 10, 16, 30), end=datetime(2026, 3, 10, 17, 45), minutes=75)
    outcome = rate_rental(job)
    assert not isinstance(outcome, Exclusion)
    (line,) = outcome.lines
    assert (line.quantity, line.unit, line.unit_price, line.amount) == (
        D(2),
        UnitCode.HOUR,
        D("659.20"),
        D("1318.40"),
    )


@pytest.mark.parametrize(("minutes", "hours"), [(60, 1), (61, 2), (1, 1)])
def test_rental_rounds_up_to_started_hours_per_job(minutes, hours):
    outcome = rate_rental(report(minutes=minutes))
    assert not isinstance(outcome, Exclusion)
    assert outcome.lines[0].quantity == hours
    assert outcome.lines[0].amount == D("659.20") * hours


def test_rental_billable_parts_are_summed_before_rounding():
    time = BillableTime(
        40,
        administration_minutes=10,
        reporting_back_minutes=5,
        travel_minutes=10,
        travel_combined_with_ordinary_visit=True,
    )
    outcome = rate_rental(report(time=time))  # 55 min (travel combined) → 1 hour
    assert not isinstance(outcome, Exclusion)
    assert outcome.lines[0].quantity == 1


def test_rental_with_zero_billable_minutes_is_excluded():
    outcome = rate_rental(report(minutes=0))
    assert isinstance(outcome, Exclusion)
    assert outcome.reason is ExclusionReason.NO_BILLABLE_TIME


def test_rental_refuses_passed_on_costs():
    costs = (CostItem(CostKind.TRAVEL, "taxi", D(1), D("300")),)
    outcome = rate_rental(report(costs=costs))
    assert isinstance(outcome, Exclusion)
    assert outcome.reason is ExclusionReason.COST_NOT_BILLABLE


def sight_report(
    task: str = "reading-writing-training",
    responsible: str = "region",
    kind: WorkKind = WorkKind.SIGHT,
) -> WorkReport:
    return report(kind=kind, task=task, responsible=responsible, counterparty="region", minutes=61)


def test_sight_listed_task_for_region_patient_is_billed_per_started_hour_at_opi_price():
    outcome = rate_sight(sight_report())
    assert not isinstance(outcome, Exclusion)
    assert outcome.rule_id == "JH-SIGHT"
    assert outcome.buyer_reference == "Syncentralen"
    assert (outcome.lines[0].quantity, outcome.lines[0].amount) == (D(2), D("692.90"))


def test_hearing_goes_to_the_hearing_centre():
    outcome = rate_sight(sight_report("hearing-aid-handling-training", kind=WorkKind.HEARING))
    assert not isinstance(outcome, Exclusion)
    assert outcome.buyer_reference == "Hörselvården"


@pytest.mark.parametrize(
    ("kind", "task"),
    [
        (WorkKind.SIGHT, "hearing-aid-handling-training"),
        (WorkKind.HEARING, "reading-tv"),
        (WorkKind.SIGHT, "cleaning-glasses"),
    ],
)
def test_sight_hearing_unlisted_task_is_not_billable(kind, task):
    outcome = rate_sight(sight_report(task, kind=kind))
    assert isinstance(outcome, Exclusion)
    assert (outcome.rule_id, outcome.reason) == ("JH-SIGHT", ExclusionReason.TASK_NOT_LISTED)


def test_sight_for_a_municipality_responsible_patient_is_not_billable():
    outcome = rate_sight(sight_report(responsible="ost"))
    assert isinstance(outcome, Exclusion)
    assert outcome.reason is ExclusionReason.NOT_REGION_RESPONSIBILITY
