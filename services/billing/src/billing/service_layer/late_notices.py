"""LAW-PAY-LATE in a run: earlier months corrected for notices that arrived after billing.

For each month before the run's that was already run (it has billed stays), every stay of
the run is clocked again; where the days billed for it differ from the days payable now, its
lines are credited (``credit_lines``, a credit note per original invoice) and the month's days
as now known are invoiced on the run's correction invoice. A stay billed for the first time
for an earlier month is marked billed for that month, so that month's own run skips it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from handover_common.unit_of_work import UnitOfWork
from sqlmodel import Session, col, select

from billing.adapters.invoice_tables import BilledItemRow, InvoiceLineRow, InvoiceRow, number_of
from billing.domain import (
    AllocationTerms,
    ClockKind,
    DocumentType,
    HospitalStay,
    PaymentClockModel,
    Period,
    PriceBook,
    run_payment_clock,
)
from billing.domain.payment_clock.corrections import (
    BilledLines,
    LateCorrection,
    late_correction_invoices,
    late_corrections,
)
from billing.service_layer.credits import credit_lines, credited_positions, load_invoice
from billing.service_layer.issuing import IssuedInvoice, issue
from billing.service_layer.reference import reference

RULE = "LAW-PAY"
STREAM = "payment-clock"


def months_run(session: Session, before: Period) -> list[Period]:
    """The months before ``before`` whose LAW-PAY run billed something (oldest first)."""
    scopes = session.exec(
        select(BilledItemRow.scope)
        .where(col(BilledItemRow.scope).startswith(f"{RULE}/"))
        .distinct()
    )
    months = []
    for scope in scopes:
        label = scope.removeprefix(f"{RULE}/")
        if len(label) == 7 and label[4] == "-" and label.replace("-", "").isdigit():
            month = Period.month(int(label[:4]), int(label[5:]))
            if month.end < before.start:
                months.append(month)
    return sorted(months, key=lambda m: m.start)


def _billed(
    session: Session, stay: HospitalStay, supplier_id: str, months: list[Period]
) -> dict[str, list[BilledLines]]:
    """The stay's not yet credited individual-clock lines per month (supplier's invoices)."""
    query = (
        select(InvoiceLineRow, InvoiceRow)
        .where(InvoiceLineRow.invoice_number == InvoiceRow.number)
        .where(InvoiceLineRow.subject_ref == stay.patient_ref)
        .where(InvoiceRow.stream == STREAM, InvoiceRow.supplier_id == supplier_id)
        .where(InvoiceRow.document_type == DocumentType.INVOICE.value)
    )
    positions: dict[int, list[int]] = defaultdict(list)
    rows: dict[int, InvoiceRow] = {}
    for line, row in session.exec(query):
        if line.source_ids[:1] == [stay.stay_id]:
            positions[line.invoice_number].append(line.position)
            rows[line.invoice_number] = row
    by_month: dict[str, list[BilledLines]] = defaultdict(list)
    for number, found in positions.items():
        invoice = load_invoice(session, rows[number])
        credited = credited_positions(session, rows[number])
        for month in months:
            inside = tuple(
                p
                for p in sorted(found)
                if p not in credited and _in(month, invoice.lines[p - 1].service_date)
            )
            if inside:
                by_month[month.label].append(BilledLines(invoice, inside))
    return by_month


def _in(month: Period, day: date | None) -> bool:
    return day is not None and month.contains(day)


@dataclass
class LateRun:
    """The corrections a run found; ``issue`` stores them with the run (not committed)."""

    corrections: list[LateCorrection]
    terms: AllocationTerms
    numbers: dict[str, int] = field(default_factory=dict)  # original invoice id → number

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(
            f"LAW-PAY-LATE {c.stay.stay_id} {c.month.label}: "
            f"{sum(len(b.positions) for b in c.credit)} line(s) credited, "
            f"{sum(line.quantity for line in c.lines)} days billed as now known"
            for c in self.corrections
        )

    def issue(self, uow: UnitOfWork) -> tuple[IssuedInvoice, ...]:
        issued: list[IssuedInvoice] = []
        reason = (
            f"LAW-PAY-LATE: notices received after billing, corrected {self.terms.period.label}"
        )
        credits: dict[str, set[int]] = defaultdict(set)
        for correction in self.corrections:
            for billed in correction.credit:
                credits[billed.invoice.invoice_id].update(billed.positions)
        for invoice_id, positions in sorted(credits.items()):
            original = uow.session.get(InvoiceRow, self.numbers[invoice_id])
            assert original is not None
            issued.append(
                credit_lines(
                    uow,
                    original,
                    reason=reason,
                    line_numbers=sorted(positions),
                    issue_date=self.terms.issue_date,
                )
            )
        for invoice in late_correction_invoices(
            self.corrections, parties=reference().parties, terms=self.terms
        ):
            stays = {line.source_ids[0] for line in invoice.lines}
            first = [c for c in self.corrections if c.first_billing and c.stay.stay_id in stays]
            issued.append(issue(uow, invoice))
            number = issued[-1].row.number
            assert number is not None
            for c in first:
                scope = f"{RULE}/{c.month.label}"
                uow.session.add(
                    BilledItemRow(scope=scope, item_id=c.stay.stay_id, invoice_number=number)
                )
        return tuple(issued)


def correct_late_notices(
    uow: UnitOfWork,
    groups: dict[str, tuple[PaymentClockModel, list[HospitalStay]]],
    terms: AllocationTerms,
    book: PriceBook,
    supplier_id: str,
) -> LateRun:
    """LAW-PAY-LATE for the supplier's stays under individual models."""
    months = months_run(uow.session, terms.period)
    holidays = reference().holidays
    corrections: list[LateCorrection] = []
    numbers: dict[str, int] = {}
    for model, stays in groups.values():
        if model.kind is not ClockKind.INDIVIDUAL or not months:
            continue
        for stay in stays:
            if stay.region_id != supplier_id:
                continue
            billed = _billed(uow.session, stay, supplier_id, months)
            for lines in billed.values():
                for b in lines:
                    numbers[b.invoice.invoice_id] = _number(b.invoice.invoice_id)
            result = run_payment_clock(stay, model, holidays, until=terms.period.end)
            corrections += late_corrections(
                stay, result, model, months=months, billed=billed, price_book=book
            )
    return LateRun(corrections, terms, numbers)


def _number(invoice_id: str) -> int:
    number = number_of(invoice_id)
    assert number is not None
    return number
