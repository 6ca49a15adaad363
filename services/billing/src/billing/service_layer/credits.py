"""Corrections: a credit note for lines of an issued invoice (issue 4, item 6), and the
correction run after a reference value was corrected (REF-CORRECTION-RUN, issue 13 §1).

The original is never changed. Each line can be credited once — checked by the domain
against earlier credit notes, and guarded by ``billed_item`` against a concurrent twin.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from handover_common.unit_of_work import UnitOfWork
from sqlmodel import Session, col, select

from billing.adapters.invoice_rows import invoice_of, lines_of
from billing.adapters.invoice_tables import InvoiceRow
from billing.adapters.price_book import load_price_book
from billing.domain import DocumentType, Invoice, credit_note
from billing.domain.prices.corrections import RULE, repriced, supplementary_invoice
from billing.service_layer.errors import commit_or_conflict, domain_errors
from billing.service_layer.issuing import IssuedInvoice, RunResult, issue
from billing.service_layer.reference import reference


def load_invoice(session: Session, row: InvoiceRow) -> Invoice:
    assert row.number is not None
    return invoice_of(row, lines_of(session, row.number), reference().parties)


def credits_of(session: Session, row: InvoiceRow) -> list[Invoice]:
    query = select(InvoiceRow).where(InvoiceRow.credited_number == row.number)
    credits = session.exec(query.order_by(col(InvoiceRow.number)))
    return [load_invoice(session, credit) for credit in credits]


def issue_credit_note(
    uow: UnitOfWork,
    original: InvoiceRow,
    *,
    reason: str,
    line_numbers: Sequence[int] | None,
    issue_date: date,
) -> IssuedInvoice:
    issued = credit_lines(
        uow, original, reason=reason, line_numbers=line_numbers, issue_date=issue_date
    )
    message = f"lines of {issued.invoice.credited_invoice_id} are being credited right now"
    commit_or_conflict(uow, "line_numbers", "InvalidCredit", message)
    return issued


def credited_positions(session: Session, row: InvoiceRow) -> set[int]:
    return {
        line.credits_line
        for credit in credits_of(session, row)
        for line in credit.lines
        if line.credits_line is not None
    }


def credit_lines(
    uow: UnitOfWork,
    original: InvoiceRow,
    *,
    reason: str,
    line_numbers: Sequence[int] | None,
    issue_date: date,
) -> IssuedInvoice:
    """A credit note for lines of ``original``, stored but not committed (part of a run)."""
    invoice = load_invoice(uow.session, original)
    with domain_errors():
        note = credit_note(
            invoice,
            credit_note_id=f"{original.stream}/credit/{invoice.invoice_id}",
            issue_date=issue_date,
            reason=reason,
            line_numbers=line_numbers,
            previous_credits=credits_of(uow.session, original),
        )
    credited = [str(line.credits_line) for line in note.lines]
    return issue(uow, note, scope=f"credit/{invoice.invoice_id}", items=credited)


def run_price_corrections(
    uow: UnitOfWork, tariff_ids: Sequence[str] | None, issue_date: date, supplier_id: str
) -> RunResult:
    """REF-CORRECTION-RUN over the supplier's issued invoices (see ``domain.prices.corrections``):
    lines priced otherwise than the book now prices them are credited and invoiced again."""
    book = load_price_book(uow.session)
    query = select(InvoiceRow).where(
        InvoiceRow.supplier_id == supplier_id,
        InvoiceRow.document_type == DocumentType.INVOICE.value,
    )
    issued: list[IssuedInvoice] = []
    steps: list[str] = []
    for row in uow.session.exec(query.order_by(col(InvoiceRow.number))).all():
        invoice = load_invoice(uow.session, row)
        with domain_errors():
            change = repriced(
                book, invoice, credited_positions(uow.session, row), tariff_ids=tariff_ids
            )
        if change is None:
            continue
        positions = ", ".join(str(p) for p in change.positions)
        reason = f"{RULE}: lines {positions} repriced with corrected reference values"
        with domain_errors():
            issued.append(
                credit_lines(
                    uow, row, reason=reason, line_numbers=change.positions, issue_date=issue_date
                )
            )
            again = supplementary_invoice(
                change,
                invoice_id=f"{row.stream}/{row.period_label}",
                issue_date=issue_date,
                note=f"{RULE}: replaces lines {positions} of {invoice.invoice_id}",
            )
        issued.append(issue(uow, again))
        steps.append(f"{invoice.invoice_id} lines {positions}: difference {change.difference} SEK")
    commit_or_conflict(uow, "issue_date", RULE, "a correction run is being issued right now")
    return RunResult(RULE, str(issue_date), tuple(issued), steps=tuple(steps))
