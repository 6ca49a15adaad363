"""Rating of hourly work: JH-RENT-DAY, JH-RENT-NIGHT, JH-SIGHT and GB-ECO.

JH-RENT-DAY / JH-RENT-NIGHT boundary (the brief is silent on jobs spanning 17:00): a job is
classified by its *start* time. A job starting in [08:00, 17:00) is a daytime assignment and
all its billable time is charged, even if it runs past 17:00; a job starting at 17:00 or
later, or before 08:00, is an evening/night assignment done without compensation. Reason:
the agreement defines two kinds of assignment (daytime hire vs evening/night primary-care
work), agreed before the job starts; splitting would also need the administration and
travel minutes placed on the clock, which the reports do not carry.

GB-ECO is read from its own agreement, not from JH-RENT-DAY: the region pays 50 % of the time
*performed* for the interventions (reading ``gb-eco-performed-care-time``), so only the
intervention minutes count — administration, reporting back and travel do not.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from billing.domain.invoicing.invoices import UnitCode, make_line
from billing.domain.money import format_percent
from billing.domain.parties import PartyKind, party
from billing.domain.prices.tariffs import PriceQuote
from billing.domain.work.reports import WorkKind, WorkReport, started_hours
from billing.domain.work.rules import (
    GB_ECO_PERFORMED_CARE_TIME,
    RENT_DAY_STARTED_HOURS,
    SIGHT_STARTED_HOURS,
    BillingContext,
    Exclusion,
    ExclusionReason,
    Pricer,
    Rated,
)

SIXTY = Decimal(60)


def _exclude(report: WorkReport, reason: ExclusionReason, rule: str, detail: str) -> Exclusion:
    return Exclusion(report.report_id, reason, rule, detail)


def _started_hours_line(report: WorkReport, rule_id: str, quote: PriceQuote) -> Rated | None:
    minutes = report.time.billable_minutes
    hours = started_hours(minutes)
    if hours == 0:
        return None
    start = report.local_start
    line = make_line(
        rule_id=rule_id,
        description=f"{report.task_type}: {minutes} min = {hours} started h",
        quantity=Decimal(hours),
        unit=UnitCode.HOUR,
        unit_price=quote.amount,
        source_ids=(report.report_id,),
        service_date=start.date(),
        subject_ref=report.subject_ref,
        tariff_id=quote.tariff.tariff_id,
    )
    return Rated(
        report.report_id,
        rule_id,
        report.kind.value,
        report.performer_id,
        report.counterparty_id,
        "",
        (line,),
        RENT_DAY_STARTED_HOURS if rule_id == "JH-RENT-DAY" else SIGHT_STARTED_HOURS,
    )


def rate_staff_rental(report: WorkReport, ctx: BillingContext, price: Pricer) -> Rated | Exclusion:
    """JH-RENT-DAY: 08:00–17:00 per started hour; JH-RENT-NIGHT: 17:00–08:00 free."""
    rules = ctx.rules
    start = report.local_start
    if not rules.day_start <= start.time() < rules.day_end:
        window = f"{rules.day_start.isoformat('minutes')}–{rules.day_end.isoformat('minutes')}"
        detail = f"started {start.time().isoformat('minutes')}, outside {window}"
        return _exclude(report, ExclusionReason.OUTSIDE_DAYTIME, "JH-RENT-NIGHT", detail)
    if report.costs:
        detail = "JH-RENT-DAY bills time only (travel counts as time)"
        return _exclude(report, ExclusionReason.COST_NOT_BILLABLE, "JH-RENT-DAY", detail)
    rated = _started_hours_line(report, "JH-RENT-DAY", price(rules.rental_tariff_id, start.date()))
    if rated is None:
        return _exclude(report, ExclusionReason.NO_BILLABLE_TIME, "JH-RENT-DAY", "0 minutes")
    return rated


def rate_sight_hearing(report: WorkReport, ctx: BillingContext, price: Pricer) -> Rated | Exclusion:
    """JH-SIGHT: listed task types, region-responsible patients, per started hour."""
    rules = ctx.rules
    is_sight = report.kind is WorkKind.SIGHT
    listed = rules.billable_sight_tasks if is_sight else rules.billable_hearing_tasks
    if report.task_type not in listed:
        detail = f"task type {report.task_type!r} is not a billable {report.kind} task"
        return _exclude(report, ExclusionReason.TASK_NOT_LISTED, "JH-SIGHT", detail)
    if party(ctx.parties, report.responsible_id).kind is not PartyKind.REGION:
        detail = f"patient is {report.responsible_id}'s responsibility, not the region's"
        return _exclude(report, ExclusionReason.NOT_REGION_RESPONSIBILITY, "JH-SIGHT", detail)
    if report.costs:
        detail = "JH-SIGHT bills time only (travel counts as time)"
        return _exclude(report, ExclusionReason.COST_NOT_BILLABLE, "JH-SIGHT", detail)
    quote = price(rules.sight_hearing_tariff_id, report.local_start.date())
    rated = _started_hours_line(report, "JH-SIGHT", quote)
    if rated is None:
        return _exclude(report, ExclusionReason.NO_BILLABLE_TIME, "JH-SIGHT", "0 minutes")
    reference = rules.sight_buyer_reference if is_sight else rules.hearing_buyer_reference
    return replace(rated, buyer_reference=reference)


def rate_severe_care(report: WorkReport, ctx: BillingContext, price: Pricer) -> Rated | Exclusion:
    """GB-ECO: the region pays its share (50 %) of the performed intervention time at the
    yearly rate (reading ``gb-eco-performed-care-time``)."""
    rules = ctx.rules
    if report.task_type not in rules.gb_target_groups:
        detail = f"{report.task_type!r} is not respirator/tracheostomy/peritoneal dialysis"
        return _exclude(report, ExclusionReason.NOT_TARGET_GROUP, "GB-ECO", detail)
    if party(ctx.parties, report.responsible_id).kind is not PartyKind.REGION:
        detail = "specialised care (the region) must hold treatment responsibility"
        return _exclude(report, ExclusionReason.NOT_REGION_RESPONSIBILITY, "GB-ECO", detail)
    minutes = report.time.intervention_minutes  # performed care time only
    if minutes == 0:
        detail = "0 minutes of performed care (administration, reporting and travel are not billed)"
        return _exclude(report, ExclusionReason.NO_BILLABLE_TIME, "GB-ECO", detail)
    start = report.local_start
    quote = price(rules.gb_hourly_tariff_id, start.date())
    share = rules.gb_region_share
    line = make_line(
        rule_id="GB-ECO",
        description=(
            f"{report.task_type}: {format_percent(share)} of {minutes} min performed care"
            f" ({GB_ECO_PERFORMED_CARE_TIME.reading_id})"
        ),
        quantity=Decimal(minutes) * share,
        unit=UnitCode.MINUTE,
        unit_price=quote.amount,
        base_quantity=SIXTY,
        source_ids=(report.report_id,),
        service_date=start.date(),
        subject_ref=report.subject_ref,
        tariff_id=quote.tariff.tariff_id,
    )
    return Rated(
        report.report_id,
        "GB-ECO",
        report.kind.value,
        report.performer_id,
        report.counterparty_id,
        rules.gb_buyer_reference,
        (line,),
        GB_ECO_PERFORMED_CARE_TIME,
    )
