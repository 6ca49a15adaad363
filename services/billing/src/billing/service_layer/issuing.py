"""Issuing: an invoice and its lines are written once, with invoice.issued in the outbox.

Each invoice gets the next number of one series (HO-00000001 …) at issue. The items it
bills are recorded per scope (``billed_item``), so the same report or stay-month is never
billed twice — a concurrent twin run fails on that primary key instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.billing_events import InvoiceIssued
from sqlalchemy import insert

from billing.adapters.invoice_rows import invoice_row, line_values
from billing.adapters.invoice_tables import BilledItemRow, InvoiceLineRow, InvoiceRow
from billing.domain import Exclusion, Invoice
from billing.service_layer.reference import directory


@dataclass(frozen=True)
class IssuedInvoice:
    row: InvoiceRow
    invoice: Invoice  # carries the issued number as its invoice_id


@dataclass(frozen=True)
class RunResult:
    run: str
    period: str
    issued: tuple[IssuedInvoice, ...]
    exclusions: tuple[Exclusion, ...] = ()
    warnings: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


def issue(
    uow: UnitOfWork, invoice: Invoice, *, scope: str | None = None, items: Iterable[str] = ()
) -> IssuedInvoice:
    """Store the invoice as issued, mark its items billed, and queue invoice.issued."""
    parties = directory()
    ids = (invoice.supplier.party_id, invoice.customer.party_id)
    row = invoice_row(invoice, invoice.invoice_id, {p: parties.organisation(p) for p in ids})
    uow.session.add(row)
    uow.session.flush()
    assert row.number is not None
    numbered = replace(invoice, invoice_id=row.invoice_id)
    connection = uow.session.connection()
    connection.execute(insert(InvoiceLineRow), line_values(row.number, numbered.lines))
    billed = [{"scope": scope, "item_id": i, "invoice_number": row.number} for i in items]
    if scope is not None and billed:
        connection.execute(insert(BilledItemRow), billed)
    key = numbered.credited_invoice_id or numbered.invoice_id  # a credit follows its invoice
    uow.publish(issued_event(numbered, row.stream), partition_key=key)
    return IssuedInvoice(row, numbered)


def issued_event(invoice: Invoice, stream: str) -> InvoiceIssued:
    parties = directory()
    return InvoiceIssued(
        invoice_id=invoice.invoice_id,
        document_type=invoice.document_type.value,
        supplier_code=parties.code(invoice.supplier.party_id),
        customer_code=parties.code(invoice.customer.party_id),
        stream=stream,
        period_start=invoice.period.start,
        period_end=invoice.period.end,
        issued_on=invoice.issue_date,
        total=invoice.total,
        currency=invoice.currency,
        credits_invoice_id=invoice.credited_invoice_id,
        line_count=len(invoice.lines),
    )
