"""Corrections: a credit note for lines of an issued invoice (issue 4, item 6).

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
from billing.domain import Invoice, credit_note
from billing.service_layer.errors import commit_or_conflict, domain_errors
from billing.service_layer.issuing import IssuedInvoice, issue
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
    issued = issue(uow, note, scope=f"credit/{invoice.invoice_id}", items=credited)
    message = f"lines of {invoice.invoice_id} are being credited right now"
    commit_or_conflict(uow, "line_numbers", "InvalidCredit", message)
    return issued
