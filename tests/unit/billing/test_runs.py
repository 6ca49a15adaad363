"""Monthly invoice runs over work reports (issue 4 item 3), billing each report once."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from billing.domain import (
    BillableTime,
    BillingContext,
    CostItem,
    CostKind,
    ExclusionReason,
    InvoiceRun,
    Period,
    UnitCode,
    WorkKind,
    WorkReport,
    run_monthly_invoices,
)

from tests.unit.billing.builders import context, report

D = Decimal
MARCH = Period.month(2026, 3)
ISSUE = date(2026, 4, 5)


def run(
    reports: Iterable[WorkReport], ctx: BillingContext | None = None, **kwargs: Any
) -> InvoiceRun:
    return run_monthly_invoices(
        reports, month=MARCH, ctx=ctx or context(), issue_date=ISSUE, **kwargs
    )


def reasons(result: InvoiceRun) -> dict[str, ExclusionReason]:
    return {e.report_id: e.reason for e in result.exclusions}


def test_a_report_delivered_twice_is_billed_once():
    result = run([report("r1"), report("r1")])
    (invoice,) = result.invoices
    assert len(invoice.lines) == 1
    assert reasons(result) == {"r1": ExclusionReason.DUPLICATE}


def test_a_report_billed_in_an_earlier_run_is_not_billed_again():
    first = run([report("r1"), report("r2")])
    second = run([report("r1"), report("r3")], already_billed=first.billed_report_ids)
    assert first.billed_report_ids == {"r1", "r2"}
    assert second.billed_report_ids == {"r3"}
    assert reasons(second) == {"r1": ExclusionReason.ALREADY_BILLED}


def test_a_redelivery_with_different_content_keeps_the_first_and_is_flagged():
    result = run([report("r1", minutes=60), report("r1", minutes=120)])
    assert result.invoices[0].lines[0].quantity == 1
    assert reasons(result) == {"r1": ExclusionReason.CONFLICTING_REDELIVERY}


def test_only_reports_starting_in_the_month_are_invoiced():
    reports = [
        report("feb", start=datetime(2026, 2, 28, 9)),
        report("mar"),
        report("apr", start=datetime(2026, 4, 1, 9)),
    ]
    assert run(reports).billed_report_ids == {"mar"}


def test_one_invoice_per_counterparty_and_separate_sight_and_hearing_invoices():
    reports = [
        report("a", performer="ost"),
        report("b", performer="ost"),
        report("c", performer="berg"),
        report("s", kind=WorkKind.SIGHT, task="reading-tv", performer="ost"),
        report("h", kind=WorkKind.HEARING, task="hearing-aid-handling-training", performer="ost"),
    ]
    result = run(reports)
    by_id = {invoice.invoice_id: invoice for invoice in result.invoices}
    assert set(by_id) == {
        "staff-rental/2026-03/ost/region",
        "staff-rental/2026-03/berg/region",
        "sight/2026-03/ost/region",
        "hearing/2026-03/ost/region",
    }
    rental = by_id["staff-rental/2026-03/ost/region"]
    assert rental.total == D("1318.40")
    assert rental.source_ids == {"a", "b"}
    assert by_id["sight/2026-03/ost/region"].buyer_reference == "Syncentralen"
    assert by_id["hearing/2026-03/ost/region"].buyer_reference == "Hörselvården"
    assert rental.due_date == date(2026, 5, 5)
    assert rental.period == MARCH


def test_a_suppliers_run_issues_its_own_invoices_and_rates_only_its_reports():
    reports = [
        report("ost-day", performer="ost"),
        report("ost-night", performer="ost", start=datetime(2026, 3, 10, 17, 0)),
        report("berg-day", performer="berg"),
        report("mt", kind=WorkKind.MT_SERVICE, performer="region", counterparty="ost"),
    ]
    ost = run(reports, supplier_id="ost")
    assert [i.invoice_id for i in ost.invoices] == ["staff-rental/2026-03/ost/region"]
    assert ost.billed_report_ids == {"ost-day"}  # the region's MT invoice waits for its run
    assert reasons(ost) == {"ost-night": ExclusionReason.OUTSIDE_DAYTIME}  # berg's: not shown
    region = run(reports, supplier_id="region")
    assert region.billed_report_ids == {"mt"}


def test_night_reports_are_listed_with_their_rule_and_not_invoiced():
    result = run([report("night", start=datetime(2026, 3, 10, 17, 0))])
    assert result.invoices == ()
    (exclusion,) = result.exclusions
    assert exclusion.rule_id == "JH-RENT-NIGHT"


def gb_report(
    rid: str = "g1",
    minutes: int = 90,
    task: str = "respirator",
    start: datetime = datetime(2019, 3, 4, 22, 0),
) -> WorkReport:
    return report(
        rid,
        kind=WorkKind.SEVERE_CARE,
        performer="bollnas",
        counterparty="gavleborg",
        responsible="gavleborg",
        task=task,
        minutes=minutes,
        start=start,
        subject_ref="P-7f3a",
    )


def test_gb_eco_region_pays_half_of_performed_time_at_the_yearly_rate():
    result = run_monthly_invoices(
        [gb_report()], month=Period.month(2019, 3), ctx=context(), issue_date=date(2019, 4, 10)
    )
    (invoice,) = result.invoices
    (line,) = invoice.lines
    # 50 % of 90 min = 45 min at 299.80 SEK/h (2019) = 224.85
    assert (line.quantity, line.unit, line.base_quantity) == (D(45), UnitCode.MINUTE, D(60))
    assert line.amount == D("224.85")
    assert line.subject_ref == "P-7f3a"
    assert invoice.buyer_reference == "KST 80904"
    assert invoice.deliver_by == date(2019, 4, 25)
    assert result.warnings == ()


def test_gb_eco_invoice_issued_after_the_25th_is_flagged():
    result = run_monthly_invoices(
        [gb_report()], month=Period.month(2019, 3), ctx=context(), issue_date=date(2019, 4, 26)
    )
    assert "2019-04-25" in result.warnings[0]


def test_gb_eco_only_for_the_target_group():
    result = run_monthly_invoices(
        [gb_report(task="wound-care")],
        month=Period.month(2019, 3),
        ctx=context(),
        issue_date=date(2019, 4, 10),
    )
    assert reasons(result) == {"g1": ExclusionReason.NOT_TARGET_GROUP}


def test_mt_variable_hours_travel_and_parts_to_the_ordering_municipality():
    costs = (
        CostItem(CostKind.TRAVEL, "car to the care unit", D(1), D("250.00")),
        CostItem(CostKind.SPARE_PART, "battery", D(2), D("99.50")),
    )
    job = report(
        "mt1",
        kind=WorkKind.MT_SERVICE,
        performer="region",
        counterparty="krokom",
        responsible="krokom",
        minutes=45,
        costs=costs,
    )
    (invoice,) = run([job]).invoices
    assert invoice.supplier.party_id == "region"
    assert invoice.customer.party_id == "krokom"
    # 45 min at 1,123 × 1.03 = 1,156.69 per hour → 867.5175 → 867.52
    assert [line.amount for line in invoice.lines] == [D("867.52"), D("250.00"), D("199.00")]
    assert invoice.total == D("1316.52")
    assert all(line.rule_id == "JH-MT-VARIABLE" for line in invoice.lines)


def test_hospital_staff_needs_a_written_agreement_and_bills_salary_travel_travel_time():
    costs = (
        CostItem(CostKind.SALARY, "assistant 8 h", D(8), D("310.00")),
        CostItem(CostKind.TRAVEL_TIME_PAY, "travel time 2 h", D(2), D("155.00")),
    )
    common: dict[str, Any] = dict(
        kind=WorkKind.HOSPITAL_ACCOMPANIMENT, performer="harj", costs=costs
    )
    result = run([report("h1", written_agreement_ref="AGR-12", **common), report("h2", **common)])
    (invoice,) = result.invoices
    assert invoice.rule_id == "JH-HOSP-STAFF"
    assert invoice.total == D("2790.00")
    assert reasons(result) == {"h2": ExclusionReason.NO_WRITTEN_AGREEMENT}


def test_non_resident_care_is_invoiced_by_the_region_to_the_home_region():
    visitor = report(
        "v1",
        kind=WorkKind.NON_RESIDENT_CARE,
        performer="are",
        counterparty="vasternorrland",
        responsible="region",
        minutes=30,
        time=BillableTime(30),
    )
    resident = report(
        "v2",
        kind=WorkKind.NON_RESIDENT_CARE,
        performer="are",
        counterparty="ost",
        responsible="region",
    )
    result = run([visitor, resident])
    (invoice,) = result.invoices
    assert (invoice.supplier.party_id, invoice.customer.party_id) == ("region", "vasternorrland")
    assert invoice.rule_id == "GEN-RES"
    assert reasons(result) == {"v2": ExclusionReason.NOT_NON_RESIDENT}


def test_every_line_names_the_report_behind_it():
    result = run([report(f"r{i}", performer="ost") for i in range(5)])
    (invoice,) = result.invoices
    assert [line.source_ids for line in invoice.lines] == [(f"r{i}",) for i in range(5)]
