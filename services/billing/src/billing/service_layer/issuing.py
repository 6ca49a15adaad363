"""Issuing: an invoice and its lines are written once, with invoice.issued in the outbox.

Each invoice gets the next number of one series (HO-00000001 …) at issue. The items it
bills are recorded per scope (``billed_item``), so the same report or stay-month is never
billed twice — a concurrent twin run fails on that primary key instead.

At issue the invoice takes its parties' current details (organisation number, the customer's
buyer reference, the supplier's bankgiro / plusgiro) and keeps them: a later change of a
party never rewrites it. Every invoice a run (one unit of work) issues carries the run's id,
so finance finds the invoices of the runs it started.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.billing_events import InvoiceIssued
from sqlalchemy import insert

from billing.adapters.invoice_rows import invoice_row, line_values
from billing.adapters.invoice_tables import BilledItemRow, InvoiceLineRow, InvoiceRow
from billing.domain import Exclusion, Invoice
from billing.domain.invoicing.invoices import with_party_details
from billing.service_layer.party_details import current_parties
from billing.service_layer.reference import directory

_RUNS: WeakKeyDictionary[UnitOfWork, str] = WeakKeyDictionary()


def run_id_of(uow: UnitOfWork) -> str:
    """The id of the run a unit of work is: every invoice it issues carries it."""
    return _RUNS.setdefault(uow, str(uuid.uuid4()))


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
    current = current_parties(uow.session, ids)
    invoice = with_party_details(invoice, current[ids[0]], current[ids[1]])
    organisations = {p: parties.organisation(p) for p in ids}
    row = invoice_row(invoice, invoice.invoice_id, organisations, run_id_of(uow))
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
