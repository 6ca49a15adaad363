"""Issued invoices over HTTP: parties see their own; patient-level rows are audited."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response, status
from handover_common.access import CurrentOrganisation, audit_read
from handover_common.errors import FieldError, RequestRejected
from handover_common.service import UoW
from sqlmodel import col, or_, select

from billing.adapters.invoice_rows import lines_of
from billing.adapters.invoice_tables import InvoiceRow
from billing.domain import attachment_csv, to_ubl
from billing.domain.work_reports import SWEDISH_TIME
from billing.entrypoints.dependencies import visible_invoice
from billing.entrypoints.schemas_invoices import CreditNoteIn, InvoiceOut, InvoiceSummary
from billing.service_layer.credits import issue_credit_note, load_invoice

router = APIRouter(prefix="/invoices", tags=["invoices"])


@router.get("")
def list_invoices(
    uow: UoW, org: CurrentOrganisation, period: str | None = None
) -> list[InvoiceSummary]:
    """The organisation's invoices and credit notes (as supplier or customer)."""
    own = or_(InvoiceRow.supplier_org == str(org), InvoiceRow.customer_org == str(org))
    query = select(InvoiceRow).where(own).order_by(col(InvoiceRow.number))
    if period is not None:
        query = query.where(InvoiceRow.period_label == period)
    with uow:
        return [InvoiceSummary.of(row) for row in uow.session.exec(query)]


@router.get("/{invoice_id}")
def get_invoice(invoice_id: str, uow: UoW, org: CurrentOrganisation) -> InvoiceOut:
    with uow:
        row = visible_invoice(uow.session, invoice_id, org)
        assert row.number is not None
        return InvoiceOut.with_lines(row, lines_of(uow.session, row.number))


@router.get("/{invoice_id}/attachment.csv")
def get_attachment(invoice_id: str, uow: UoW, org: CurrentOrganisation) -> Response:
    """The individual-level attachment (GB-ECO and others); every patient read is audited."""
    with uow:
        row = visible_invoice(uow.session, invoice_id, org)
        invoice = load_invoice(uow.session, row)
        for patient_ref in sorted({line.subject_ref for line in invoice.lines if line.subject_ref}):
            audit_read(uow.session, org, patient_ref, f"invoice/{invoice_id}/attachment.csv")
        uow.commit()
    return Response(attachment_csv(invoice), media_type="text/csv; charset=utf-8")


@router.get("/{invoice_id}/ubl")
def get_ubl(invoice_id: str, uow: UoW, org: CurrentOrganisation) -> Response:
    """PEPPOL BIS Billing 3.0 (UBL Invoice or CreditNote); no patient references."""
    with uow:
        invoice = load_invoice(uow.session, visible_invoice(uow.session, invoice_id, org))
    return Response(to_ubl(invoice), media_type="application/xml")


@router.post("/{invoice_id}/credit-notes", status_code=status.HTTP_201_CREATED)
def post_credit_note(
    invoice_id: str, body: CreditNoteIn, uow: UoW, org: CurrentOrganisation
) -> InvoiceOut:
    """The supplier credits whole lines of its invoice (each line at most once)."""
    with uow:
        original = visible_invoice(uow.session, invoice_id, org)
        if original.supplier_org != str(org):
            message = "only the supplier issues a credit note for its invoice"
            raise RequestRejected([FieldError("invoice_id", "ACCESS-SUPPLIER", message)], 403)
        issued = issue_credit_note(
            uow,
            original,
            reason=body.reason,
            line_numbers=body.line_numbers,
            issue_date=body.issue_date or datetime.now(SWEDISH_TIME).date(),
        )
        assert issued.row.number is not None
        return InvoiceOut.with_lines(issued.row, lines_of(uow.session, issued.row.number))
