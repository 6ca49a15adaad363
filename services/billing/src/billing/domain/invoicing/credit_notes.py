"""Corrections: credit notes that reference the original invoice (issue 4, item 6).

An issued invoice is never changed. To correct it, credit some or all of its lines (each
credit line points at the original line by its 1-based position, keeps its sources) and,
if needed, invoice the right amount again on a new invoice. A line can be credited once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from billing.domain.errors import InvalidCredit
from billing.domain.invoicing.invoices import DocumentType, Invoice, InvoiceLine


def _credited_positions(original: Invoice, previous_credits: Sequence[Invoice]) -> set[int]:
    credited: set[int] = set()
    for credit in previous_credits:
        if credit.credited_invoice_id != original.invoice_id:
            raise InvalidCredit(f"{credit.invoice_id} does not credit {original.invoice_id}")
        credited.update(line.credits_line for line in credit.lines if line.credits_line)
    return credited


def _credit_line(line: InvoiceLine, position: int) -> InvoiceLine:
    return replace(line, credits_line=position)


def credit_note(
    original: Invoice,
    *,
    credit_note_id: str,
    issue_date: date,
    reason: str,
    line_numbers: Sequence[int] | None = None,
    previous_credits: Sequence[Invoice] = (),
) -> Invoice:
    """A credit note for the given lines of ``original`` (all remaining lines if None)."""
    if original.document_type is not DocumentType.INVOICE:
        raise InvalidCredit(f"{original.invoice_id} is not an invoice")
    if not reason.strip():
        raise InvalidCredit("a credit note must state its reason")
    if issue_date < original.issue_date:
        raise InvalidCredit("a credit note cannot predate the invoice it credits")
    credited = _credited_positions(original, previous_credits)
    all_positions = range(1, len(original.lines) + 1)
    if line_numbers is None:
        positions = [n for n in all_positions if n not in credited]
    else:
        positions = list(line_numbers)
    for position in positions:
        if position not in all_positions:
            raise InvalidCredit(f"{original.invoice_id} has no line {position}")
        if position in credited:
            raise InvalidCredit(f"line {position} of {original.invoice_id} is already credited")
    if not positions or len(set(positions)) != len(positions):
        raise InvalidCredit("nothing to credit, or a line named twice")
    lines = tuple(_credit_line(original.lines[n - 1], n) for n in positions)
    return replace(
        original,
        invoice_id=credit_note_id,
        document_type=DocumentType.CREDIT_NOTE,
        issue_date=issue_date,
        due_date=issue_date,
        lines=lines,
        credited_invoice_id=original.invoice_id,
        credited_issue_date=original.issue_date,
        note=reason,
        deliver_by=None,
    )
