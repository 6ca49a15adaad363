"""Monthly invoice runs over work reports (issue 4, item 3).

One pass: keep the reports of the period (by local start date), bill each report id once,
rate each report by its kind's rule, group the lines per stream (kind), supplier, customer
and buyer reference, and issue one invoice per group. Sight and hearing are separate
streams, so the sight centre and the hearing centre get separate invoices (JH-SIGHT).

A run may be one supplier's: each party's finance issues its own outgoing invoices, so the
run rates only the reports that party is a party to and leaves the invoices other parties
supply unissued (and their reports unbilled) for those parties' own runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from billing.domain.invoicing.invoices import DocumentType, Invoice, InvoiceLine
from billing.domain.parties import party
from billing.domain.periods import Period, add_months
from billing.domain.work.rating_costs import rate_hospital_staff, rate_mt_service, rate_non_resident
from billing.domain.work.rating_time import rate_severe_care, rate_sight_hearing, rate_staff_rental
from billing.domain.work.reports import WorkKind, WorkReport
from billing.domain.work.rules import (
    BillingContext,
    CachedPricer,
    Exclusion,
    ExclusionReason,
    Pricer,
    Rated,
    Reading,
)

Rater = Callable[[WorkReport, BillingContext, Pricer], Rated | Exclusion]
RATERS: dict[WorkKind, Rater] = {
    WorkKind.STAFF_RENTAL: rate_staff_rental,
    WorkKind.SIGHT: rate_sight_hearing,
    WorkKind.HEARING: rate_sight_hearing,
    WorkKind.SEVERE_CARE: rate_severe_care,
    WorkKind.MT_SERVICE: rate_mt_service,
    WorkKind.HOSPITAL_ACCOMPANIMENT: rate_hospital_staff,
    WorkKind.NON_RESIDENT_CARE: rate_non_resident,
}
GroupKey = tuple[str, str, str, str, str]  # stream, rule, supplier, customer, buyer ref


@dataclass(frozen=True)
class InvoiceRun:
    period: Period
    invoices: tuple[Invoice, ...]
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    readings: tuple[Reading, ...] = ()
    """The reading of each rule the issued invoices were rated by (issue 13), by rule id."""

    @property
    def billed_report_ids(self) -> frozenset[str]:
        """Feed this to the next run's ``already_billed`` so redeliveries are billed once."""
        return frozenset(source for invoice in self.invoices for source in invoice.source_ids)


def deduplicate(
    reports: Iterable[WorkReport], already_billed: frozenset[str]
) -> tuple[list[WorkReport], list[Exclusion]]:
    """Bill each report id once: redeliveries are excluded with the reason why."""
    seen: dict[str, WorkReport] = {}
    excluded: list[Exclusion] = []
    for report in reports:
        rid = report.report_id
        if rid in already_billed:
            excluded.append(Exclusion(rid, ExclusionReason.ALREADY_BILLED, "", "billed before"))
        elif rid not in seen:
            seen[rid] = report
        elif seen[rid] == report:
            excluded.append(Exclusion(rid, ExclusionReason.DUPLICATE, "", "same report again"))
        else:
            detail = "same report id, different content: first delivery kept, needs review"
            excluded.append(Exclusion(rid, ExclusionReason.CONFLICTING_REDELIVERY, "", detail))
    return list(seen.values()), excluded


def _is_party(party_id: str, report: WorkReport) -> bool:
    """Whoever supplies a report's invoice is one of its parties (the performer, or the
    responsible region for GEN-RES), so a supplier's run need not rate any other report."""
    return party_id in (report.performer_id, report.counterparty_id, report.responsible_id)


def _line_order(line: InvoiceLine) -> tuple[date, tuple[str, ...]]:
    return (line.service_date or date.min, line.source_ids)


def run_monthly_invoices(
    reports: Iterable[WorkReport],
    *,
    month: Period,
    ctx: BillingContext,
    issue_date: date,
    already_billed: frozenset[str] = frozenset(),
    kinds: frozenset[WorkKind] = frozenset(WorkKind),
    supplier_id: str | None = None,
) -> InvoiceRun:
    """Rate and invoice the period's reports of the given kinds (all kinds by default); with
    ``supplier_id``, only the invoices that party supplies."""
    in_period = (
        r
        for r in reports
        if r.kind in kinds
        and month.contains(r.local_start.date())
        and (supplier_id is None or _is_party(supplier_id, r))
    )
    unique, exclusions = deduplicate(in_period, already_billed)
    price = CachedPricer(ctx.price_book)
    groups: dict[GroupKey, list[InvoiceLine]] = {}
    readings: dict[str, Reading] = {}
    for report in unique:
        outcome = RATERS[report.kind](report, ctx, price)
        if isinstance(outcome, Exclusion):
            exclusions.append(outcome)
            continue
        key = (
            outcome.stream,
            outcome.rule_id,
            outcome.supplier_id,
            outcome.customer_id,
            outcome.buyer_reference,
        )
        groups.setdefault(key, []).extend(outcome.lines)
        if outcome.reading is not None and (supplier_id in (None, outcome.supplier_id)):
            readings[outcome.rule_id] = outcome.reading
    invoices: list[Invoice] = []
    warnings: list[str] = []
    for key in sorted(groups):
        if supplier_id is not None and key[2] != supplier_id:
            continue  # another supplier's invoice: issued by that supplier's run
        invoice = _issue(key, sorted(groups[key], key=_line_order), month, ctx, issue_date)
        invoices.append(invoice)
        if invoice.deliver_by is not None and issue_date > invoice.deliver_by:
            warnings.append(
                f"{invoice.invoice_id}: must reach the customer by "
                f"{invoice.deliver_by} (GB-ECO), issued {issue_date}"
            )
    applied = tuple(readings[rule] for rule in sorted(readings))
    return InvoiceRun(month, tuple(invoices), tuple(exclusions), tuple(warnings), applied)


def _issue(
    key: GroupKey, lines: list[InvoiceLine], month: Period, ctx: BillingContext, issue_date: date
) -> Invoice:
    stream, rule_id, supplier_id, customer_id, buyer_reference = key
    deliver_by = None
    if rule_id == "GB-ECO":  # GB-ECO: must reach the region by the 25th of the next month
        year, next_month = add_months(month.start.year, month.start.month, 1)
        deliver_by = date(year, next_month, ctx.rules.gb_deliver_by_day)
    return Invoice(
        invoice_id=f"{stream}/{month.label}/{supplier_id}/{customer_id}",
        document_type=DocumentType.INVOICE,
        rule_id=rule_id,
        supplier=party(ctx.parties, supplier_id),
        customer=party(ctx.parties, customer_id),
        issue_date=issue_date,
        due_date=issue_date + timedelta(days=ctx.rules.payment_terms_days),
        period=month,
        buyer_reference=buyer_reference or customer_id,
        lines=tuple(lines),
        deliver_by=deliver_by,
        vat=ctx.vat_for(rule_id),
    )
