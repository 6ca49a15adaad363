"""Issued invoices ↔ rows. Amounts travel as decimal text and come back exactly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from billing.adapters.invoice_tables import (
    InvoiceLineRow,
    InvoiceRow,
    invoice_id_of,
    number_of,
)
from billing.adapters.party_tables import from_snapshot, snapshot
from billing.domain import (
    DocumentType,
    Invoice,
    InvoiceLine,
    Party,
    Period,
    UnitCode,
    VatTreatment,
)


def invoice_row(
    invoice: Invoice, stream_key: str, organisations: Mapping[str, str], run_id: str | None = None
) -> InvoiceRow:
    """``organisations``: party id → organisation (as tokens name it), for access checks. The
    parties' details are stored as they are on the invoice."""
    return InvoiceRow(
        stream_key=stream_key,
        stream=stream_key.split("/", 1)[0],
        document_type=invoice.document_type.value,
        rule_id=invoice.rule_id,
        supplier_id=invoice.supplier.party_id,
        customer_id=invoice.customer.party_id,
        supplier_org=organisations[invoice.supplier.party_id],
        customer_org=organisations[invoice.customer.party_id],
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        period_start=invoice.period.start,
        period_end=invoice.period.end,
        period_label=invoice.period.label,
        buyer_reference=invoice.buyer_reference,
        credited_number=_number(invoice.credited_invoice_id),
        credited_issue_date=invoice.credited_issue_date,
        note=invoice.note,
        deliver_by=invoice.deliver_by,
        vat_category=invoice.vat.category,
        vat_reason=invoice.vat.reason,
        currency=invoice.currency,
        total=str(invoice.total),
        run_id=run_id,
        supplier_details=snapshot(invoice.supplier.details),
        customer_details=snapshot(invoice.customer.details),
    )


def _as_issued(party: Party, stored: Mapping[str, Any] | None) -> Party:
    """The party with the details its invoice was issued with (rows issued before issue 13
    kept none: those show the shipped details)."""
    return party if stored is None else party.with_details(from_snapshot(stored))


def _number(invoice_id: str | None) -> int | None:
    return None if invoice_id is None else number_of(invoice_id)


def line_values(number: int, lines: Sequence[InvoiceLine]) -> list[dict[str, Any]]:
    """Rows for a bulk insert of the lines, numbered from 1 in invoice order."""
    return [
        {
            "invoice_number": number,
            "position": position,
            "rule_id": line.rule_id,
            "description": line.description,
            "quantity": str(line.quantity),
            "unit": line.unit.value,
            "unit_price": str(line.unit_price),
            "base_quantity": str(line.base_quantity),
            "amount": str(line.amount),
            "service_date": line.service_date,
            "subject_ref": line.subject_ref,
            "tariff_id": line.tariff_id,
            "credits_line": line.credits_line,
            "source_ids": list(line.source_ids),
        }
        for position, line in enumerate(lines, start=1)
    ]


def line_of(row: InvoiceLineRow) -> InvoiceLine:
    return InvoiceLine(
        rule_id=row.rule_id,
        description=row.description,
        quantity=Decimal(row.quantity),
        unit=UnitCode(row.unit),
        unit_price=Decimal(row.unit_price),
        amount=Decimal(row.amount),
        source_ids=tuple(row.source_ids),
        base_quantity=Decimal(row.base_quantity),
        service_date=row.service_date,
        subject_ref=row.subject_ref,
        tariff_id=row.tariff_id,
        credits_line=row.credits_line,
    )


def lines_of(session: Session, number: int) -> list[InvoiceLineRow]:
    query = select(InvoiceLineRow).where(InvoiceLineRow.invoice_number == number)
    return list(session.exec(query.order_by(col(InvoiceLineRow.position))))


def invoice_of(
    row: InvoiceRow, lines: Sequence[InvoiceLineRow], parties: Mapping[str, Party]
) -> Invoice:
    """The domain document as issued: names and addresses as the reference data has them
    now, organisation numbers, buyer reference and accounts as at issue."""
    credited = row.credited_number
    return Invoice(
        invoice_id=row.invoice_id,
        document_type=DocumentType(row.document_type),
        rule_id=row.rule_id,
        supplier=_as_issued(parties[row.supplier_id], row.supplier_details),
        customer=_as_issued(parties[row.customer_id], row.customer_details),
        issue_date=row.issue_date,
        due_date=row.due_date,
        period=Period(row.period_start, row.period_end),
        buyer_reference=row.buyer_reference,
        lines=tuple(line_of(line) for line in lines),
        credited_invoice_id=None if credited is None else invoice_id_of(credited),
        credited_issue_date=row.credited_issue_date,
        note=row.note,
        deliver_by=row.deliver_by,
        vat=VatTreatment(row.vat_category, row.vat_reason),
        currency=row.currency,
    )
