"""Issued invoices over HTTP: parties see their own; patient-level rows are audited.

Finance of a party lists and opens every invoice its organisation supplies or receives, and
the runs it started (each run's invoices carry its ``run_id``; a run issues only what the
caller's organisation supplies). The attachment comes plain or in the Swedish form.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from fastapi import APIRouter, Response, status
from handover_common.access import Access, Authorised, forbidden
from handover_common.errors import NotFound
from handover_common.pages import Limit, Offset, Page, page_of
from handover_common.service import UoW
from sqlalchemy import func
from sqlmodel import col, or_, select

from billing.adapters.invoice_rows import lines_of
from billing.adapters.invoice_tables import InvoiceRow
from billing.domain import Invoice, attachment_csv, to_ubl
from billing.domain.invoicing.export_csv import CsvForm
from billing.domain.work.reports import SWEDISH_TIME
from billing.entrypoints.dependencies import is_party, stored_invoice, visible_invoice
from billing.entrypoints.schemas_invoices import (
    CreditNoteIn,
    InvoiceOut,
    InvoiceSummary,
    RunSummary,
)
from billing.service_layer.credits import issue_credit_note, load_invoice

router = APIRouter(prefix="/v1/invoices", tags=["invoices"])


@router.get("")
def list_invoices(
    uow: UoW,
    access: Authorised,
    period: str | None = None,
    run_id: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[InvoiceSummary]:
    """The organisation's invoices and credit notes (as supplier or customer), by number, of
    one period or one run if asked."""
    org = str(access.org)
    own = or_(InvoiceRow.supplier_org == org, InvoiceRow.customer_org == org)
    query = select(InvoiceRow).where(own)
    if period is not None:
        query = query.where(InvoiceRow.period_label == period)
    if run_id is not None:
        query = query.where(InvoiceRow.run_id == run_id)
    window = query.order_by(col(InvoiceRow.number)).offset(offset).limit(limit)
    with uow:
        total = uow.session.exec(select(func.count()).select_from(query.subquery())).one()
        items = [InvoiceSummary.of(row) for row in uow.session.exec(window)]
    return Page(items=items, total=int(total), limit=limit, offset=offset)


@router.get("/runs")
def list_runs(
    uow: UoW,
    access: Authorised,
    period: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[RunSummary]:
    """The runs (and credit notes) the organisation started, oldest first, with their
    invoices: a run issues only invoices its caller's organisation supplies."""
    query = (
        select(InvoiceRow)
        .where(InvoiceRow.supplier_org == str(access.org), col(InvoiceRow.run_id).is_not(None))
        .order_by(col(InvoiceRow.number))
    )
    if period is not None:
        query = query.where(InvoiceRow.period_label == period)
    with uow:
        return page_of(RunSummary.of_rows(list(uow.session.exec(query))), limit, offset)


@router.get("/{invoice_id}")
def get_invoice(invoice_id: str, uow: UoW, access: Authorised) -> InvoiceOut:
    """One invoice with its lines, parties' details as issued, totals and the run that issued
    it; an invoice the caller's organisation is no party to is answered 404."""
    with uow:
        row = visible_invoice(uow.session, invoice_id, access.org)
        assert row.number is not None
        return InvoiceOut.with_lines(row, lines_of(uow.session, row.number))


def patients_on(invoice: Invoice) -> list[str]:
    return sorted({line.subject_ref for line in invoice.lines if line.subject_ref})


def refused(access: Access, patient_refs: Iterable[str | None]) -> NotFound:
    """Another organisation's invoice: each of its patients (or, with none, the invoice) gets
    a refused read in the log, and the answer is as if the invoice did not exist."""
    for patient_ref in patient_refs:
        access.refuse(patient_ref)
    return NotFound("invoice")


@router.get("/{invoice_id}/attachment.csv")
def get_attachment(
    invoice_id: str, uow: UoW, access: Authorised, form: CsvForm = CsvForm.PLAIN
) -> Response:
    """The individual-level attachment (GB-ECO and others); every patient read is audited.
    ``form=swedish``: semicolons, decimal comma, Swedish headers, UTF-8 with BOM."""
    with uow:
        row = stored_invoice(uow.session, invoice_id)
        invoice = load_invoice(uow.session, row)
        allowed = is_party(row, access.org)
        if allowed:
            access.read(uow.session, patients_on(invoice))
            uow.commit()
    if not allowed:
        raise refused(access, patients_on(invoice) or [None])
    name = f"{invoice.invoice_id}{'-sv' if form is CsvForm.SWEDISH else ''}.csv"
    return Response(
        attachment_csv(invoice, form),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/{invoice_id}/ubl")
def get_ubl(invoice_id: str, uow: UoW, access: Authorised) -> Response:
    """PEPPOL BIS Billing 3.0 (UBL Invoice or CreditNote); no patient references."""
    with uow:
        invoice = load_invoice(uow.session, visible_invoice(uow.session, invoice_id, access.org))
    return Response(to_ubl(invoice), media_type="application/xml")


@router.post("/{invoice_id}/credit-notes", status_code=status.HTTP_201_CREATED)
def post_credit_note(
    invoice_id: str, body: CreditNoteIn, uow: UoW, access: Authorised
) -> InvoiceOut:
    """The supplier credits whole lines of its invoice (each line at most once)."""
    with uow:
        original = visible_invoice(uow.session, invoice_id, access.org)
        if original.supplier_org != str(access.org):
            message = "only the supplier issues a credit note for its invoice"
            raise forbidden("invoice_id", "ACCESS-SUPPLIER", message)
        issued = issue_credit_note(
            uow,
            original,
            reason=body.reason,
            line_numbers=body.line_numbers,
            issue_date=body.issue_date or datetime.now(SWEDISH_TIME).date(),
        )
        assert issued.row.number is not None
        return InvoiceOut.with_lines(issued.row, lines_of(uow.session, issued.row.number))
