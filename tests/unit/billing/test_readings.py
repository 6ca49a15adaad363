"""Seed readings (issue 13 section 4): GB-ECO bills performed care time only, JH-MT-VARIABLE
counts travel once, and every run and statement names the reading it applied."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from billing.domain import (
    AdjustmentReading,
    BillableTime,
    CostItem,
    CostKind,
    Period,
    SupplementaryModel,
    WorkKind,
    WorkReport,
    reconcile_supplementary_amount,
    run_monthly_invoices,
)
from billing.domain.distribution.mt_fixed import MT_FIXED_RESOURCE_NEED
from billing.domain.work.rules import GB_ECO_PERFORMED_CARE_TIME, MT_VARIABLE_TRAVEL_AS_COST

from tests.unit.billing.builders import context, price_book, report

D = Decimal
MARCH_2019 = Period.month(2019, 3)
# 480 min of care on a respirator, plus 15 admin, 10 reporting back and 10 travel = 515 min
SHIFT = BillableTime(480, administration_minutes=15, reporting_back_minutes=10, travel_minutes=10)


def gb_run(time: BillableTime = SHIFT):
    job = report(
        "gb1",
        kind=WorkKind.SEVERE_CARE,
        start=datetime(2019, 3, 12, 8, 0),
        end=datetime(2019, 3, 12, 17, 0),
        performer="bollnas",
        counterparty="gavleborg",
        responsible="gavleborg",
        task="respirator",
        time=time,
        subject_ref="P-7f3a",
    )
    return run_monthly_invoices([job], month=MARCH_2019, ctx=context(), issue_date=date(2019, 4, 5))


def test_gb_eco_bills_half_of_the_performed_care_time_only():
    """GB-ECO finding: 515 min were billed for 480 min of care (seed gavleborg-…)."""
    (invoice,) = gb_run().invoices
    (line,) = invoice.lines
    assert line.quantity == D(240)  # 50 % of 480 min, not of 515
    assert line.amount == D("1199.20")  # 240 min at 299.80 SEK/h (2019)
    assert GB_ECO_PERFORMED_CARE_TIME.reading_id in line.description


def test_gb_eco_with_no_performed_care_time_bills_nothing():
    paperwork = BillableTime(0, administration_minutes=30, travel_minutes=20)
    (exclusion,) = gb_run(paperwork).exclusions
    assert (exclusion.rule_id, exclusion.reason.value) == ("GB-ECO", "no-billable-time")


def mt_job(**changes: object) -> WorkReport:
    values: dict[str, Any] = {
        "kind": WorkKind.MT_SERVICE,
        "performer": "region",
        "counterparty": "krokom",
        "responsible": "krokom",
        "task": "pump-service",
        "time": BillableTime(45, travel_minutes=40),
        "costs": (CostItem(CostKind.TRAVEL, "car to the care unit", D(1), D("250.00")),),
    }
    values.update(changes)
    return report("mt1", **values)


def test_mt_variable_counts_travel_once_as_its_cost():
    """JH-MT-VARIABLE finding: travel was billed as hours *and* as travel costs."""
    march = Period.month(2026, 3)
    run = run_monthly_invoices([mt_job()], month=march, ctx=context(), issue_date=date(2026, 4, 5))
    (invoice,) = run.invoices
    time_line, travel_line = invoice.lines
    assert time_line.quantity == D(45)  # the job's minutes, the 40 travel minutes left out
    assert time_line.amount == D("867.52")  # 45 min × 1,156.69 / 60
    assert "travel 40 min not billed as time" in time_line.description
    assert travel_line.amount == D("250.00")  # travel once, as the cost reported
    assert invoice.total == D("1117.52")


def test_mt_variable_keeps_administration_and_reporting_as_time():
    time = BillableTime(45, administration_minutes=10, reporting_back_minutes=5, travel_minutes=40)
    march = Period.month(2026, 3)
    run = run_monthly_invoices(
        [mt_job(time=time, costs=())], month=march, ctx=context(), issue_date=date(2026, 4, 5)
    )
    assert run.invoices[0].lines[0].quantity == D(60)


def test_a_work_run_names_the_reading_of_each_rule_it_billed():
    run = gb_run()
    assert [r.reading_id for r in run.readings] == ["gb-eco-performed-care-time"]
    assert "gavleborg-svart-sjuka-i-hemmet-2018" in run.readings[0].source
    march = Period.month(2026, 3)
    mt = run_monthly_invoices([mt_job()], month=march, ctx=context(), issue_date=date(2026, 4, 5))
    assert mt.readings == (MT_VARIABLE_TRAVEL_AS_COST,)
    assert "Bilaga 1 item 2" in MT_VARIABLE_TRAVEL_AS_COST.line()


def test_a_supplier_run_names_only_the_readings_of_its_own_invoices():
    march = Period.month(2026, 3)
    jobs = [mt_job(), report("rent1")]  # the region's MT job, Östersund's rental
    run = run_monthly_invoices(
        jobs, month=march, ctx=context(), issue_date=date(2026, 4, 5), supplier_id="ost"
    )
    assert [r.rule_id for r in run.readings] == ["JH-RENT-DAY"]


def test_the_jh_tb_statement_ends_with_the_readings_applied():
    weights = {"elderly": D(1)}
    model = SupplementaryModel(
        "TB", "TB-ADJ", 129, 169, AdjustmentReading.PER_PERSON_OUTSIDE_INTERVAL, weights
    )
    statement = reconcile_supplementary_amount(
        year=2026,
        connected_persons=172,
        model=model,
        factor_values={"ost": {"elderly": D(1)}, "berg": {"elderly": D(1)}},
        price_book=price_book(),
    )
    ids = [r.reading_id for r in statement.readings]
    assert ids == ["jh-tb-count-in-force-during-year", "per-person-outside-interval"]
    steps = statement.steps()
    assert "what-if" in steps[0]  # a count asked, not derived, says so
    assert steps[-3] == "readings applied:" and "item 2b" in steps[-1]


def test_the_mt_fixed_statement_names_its_reading():
    assert MT_FIXED_RESOURCE_NEED.rule_id == "JH-MT-FIXED"
    assert "40 timmar per år plus 12 min" in MT_FIXED_RESOURCE_NEED.source
