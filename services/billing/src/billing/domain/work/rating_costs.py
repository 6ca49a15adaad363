"""Rating of work billed with passed-on costs: JH-MT-VARIABLE, JH-HOSP-STAFF, GEN-RES.

JH-MT-VARIABLE bills time per hour (not per *started* hour — the agreement says
"1123 kr/timme" without "påbörjad"), so the time line is the billable minutes priced per
60 minutes, rounded once to öre.

Travel is counted once (reading ``mt-variable-travel-as-cost``): the agreement bills
"timersättning, reskostnader vid besök på vårdenhet" — travel is a cost passed on, so the
reported travel minutes are not billed as time; the reported travel costs are.
"""

from __future__ import annotations

from decimal import Decimal

from billing.domain.invoicing.invoices import InvoiceLine, UnitCode, make_line
from billing.domain.parties import PartyKind, party
from billing.domain.work.reports import CostItem, CostKind, WorkReport, started_hours
from billing.domain.work.rules import (
    MT_VARIABLE_TRAVEL_AS_COST,
    BillingContext,
    Exclusion,
    ExclusionReason,
    Pricer,
    Rated,
    Reading,
)

SIXTY = Decimal(60)
MT_COST_KINDS = frozenset({CostKind.TRAVEL, CostKind.CONSUMABLE, CostKind.SPARE_PART})
HOSP_STAFF_COST_KINDS = frozenset({CostKind.SALARY, CostKind.TRAVEL, CostKind.TRAVEL_TIME_PAY})


def _cost_line(report: WorkReport, rule_id: str, cost: CostItem) -> InvoiceLine:
    return make_line(
        rule_id=rule_id,
        description=f"{cost.kind}: {cost.description}",
        quantity=cost.quantity,
        unit=UnitCode.ONE,
        unit_price=cost.unit_price,
        source_ids=(report.report_id,),
        service_date=report.local_start.date(),
        subject_ref=report.subject_ref,
    )


def _disallowed_costs(report: WorkReport, allowed: frozenset[CostKind]) -> list[str]:
    return sorted({cost.kind.value for cost in report.costs if cost.kind not in allowed})


def _rated(
    report: WorkReport,
    rule_id: str,
    supplier: str,
    lines: list[InvoiceLine],
    reading: Reading | None = None,
) -> Rated:
    return Rated(
        report.report_id,
        rule_id,
        report.kind.value,
        supplier,
        report.counterparty_id,
        "",
        tuple(lines),
        reading,
    )


def mt_minutes(report: WorkReport) -> int:
    """JH-MT-VARIABLE time: the job's minutes without travel (travel is billed as its cost)."""
    time = report.time
    return time.intervention_minutes + time.administration_minutes + time.reporting_back_minutes


def rate_mt_service(report: WorkReport, ctx: BillingContext, price: Pricer) -> Rated | Exclusion:
    """JH-MT-VARIABLE: hours at the MT rate + travel costs + consumables and spare parts;
    travel once, as its cost (reading ``mt-variable-travel-as-cost``)."""
    bad = _disallowed_costs(report, MT_COST_KINDS)
    if bad:
        detail = f"costs {bad} are not billable under JH-MT-VARIABLE"
        return Exclusion(
            report.report_id, ExclusionReason.COST_NOT_BILLABLE, "JH-MT-VARIABLE", detail
        )
    lines: list[InvoiceLine] = []
    minutes = mt_minutes(report)
    if minutes:
        quote = price(ctx.rules.mt_hourly_tariff_id, report.local_start.date())
        travel = report.time.travel_minutes
        untimed = f" (travel {travel} min not billed as time)" if travel else ""
        lines.append(
            make_line(
                rule_id="JH-MT-VARIABLE",
                description=f"{report.task_type}: {minutes} min{untimed}",
                quantity=Decimal(minutes),
                unit=UnitCode.MINUTE,
                unit_price=quote.amount,
                base_quantity=SIXTY,
                source_ids=(report.report_id,),
                service_date=report.local_start.date(),
                tariff_id=quote.tariff.tariff_id,
            )
        )
    lines.extend(_cost_line(report, "JH-MT-VARIABLE", cost) for cost in report.costs)
    if not lines:
        detail = "neither time nor costs reported"
        return Exclusion(
            report.report_id, ExclusionReason.NO_BILLABLE_TIME, "JH-MT-VARIABLE", detail
        )
    return _rated(report, "JH-MT-VARIABLE", report.performer_id, lines, MT_VARIABLE_TRAVEL_AS_COST)


def rate_hospital_staff(
    report: WorkReport, ctx: BillingContext, price: Pricer
) -> Rated | Exclusion:
    """JH-HOSP-STAFF: salary, travel and travel-time pay, only with a written agreement."""
    rule = "JH-HOSP-STAFF"
    if not report.written_agreement_ref:
        detail = "the managers' written agreement is not referenced"
        return Exclusion(report.report_id, ExclusionReason.NO_WRITTEN_AGREEMENT, rule, detail)
    bad = _disallowed_costs(report, HOSP_STAFF_COST_KINDS)
    if bad or not report.costs:
        detail = f"only salary, travel and travel-time pay are billable (got {bad or 'none'})"
        return Exclusion(report.report_id, ExclusionReason.COST_NOT_BILLABLE, rule, detail)
    lines = [_cost_line(report, rule, cost) for cost in report.costs]
    return _rated(report, rule, report.performer_id, lines)


def rate_non_resident(report: WorkReport, ctx: BillingContext, price: Pricer) -> Rated | Exclusion:
    """GEN-RES: the county region invoices the person's home region."""
    rule = "GEN-RES"
    region = party(ctx.parties, report.responsible_id)
    home = party(ctx.parties, report.counterparty_id)
    if region.kind is not PartyKind.REGION or home.kind is not PartyKind.REGION or home == region:
        detail = "GEN-RES needs the county region responsible and another home region billed"
        return Exclusion(report.report_id, ExclusionReason.NOT_NON_RESIDENT, rule, detail)
    lines: list[InvoiceLine] = []
    hours = started_hours(report.time.billable_minutes)
    tariff_id = ctx.rules.gen_res_tariff_id
    if tariff_id is not None and hours:
        quote = price(tariff_id, report.local_start.date())
        lines.append(
            make_line(
                rule_id=rule,
                description=f"{report.task_type}: {hours} started h",
                quantity=Decimal(hours),
                unit=UnitCode.HOUR,
                unit_price=quote.amount,
                source_ids=(report.report_id,),
                service_date=report.local_start.date(),
                subject_ref=report.subject_ref,
                tariff_id=tariff_id,
            )
        )
    lines.extend(_cost_line(report, rule, cost) for cost in report.costs)
    if not lines:
        return Exclusion(
            report.report_id, ExclusionReason.NO_BILLABLE_TIME, rule, "nothing to bill"
        )
    return _rated(report, rule, region.party_id, lines)
