"""Invoice bodies. Patient references appear only in the CSV attachment, never here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from handover_common.inputs import Day
from pydantic import BaseModel, ConfigDict, Field

from billing.adapters.invoice_tables import InvoiceLineRow, InvoiceRow, StatementRow, invoice_id_of
from billing.service_layer.reference import directory


class PartyOut(BaseModel):
    organisation: str
    name: str

    @classmethod
    def of(cls, party_id: str) -> PartyOut:
        parties = directory()
        return cls(organisation=parties.organisation(party_id), name=parties.parties[party_id].name)


class InvoiceSummary(BaseModel):
    invoice_id: str
    document_type: str
    rule_id: str
    stream: str
    supplier: PartyOut
    customer: PartyOut
    period: str
    issue_date: date
    due_date: date
    deliver_by: date | None
    buyer_reference: str
    total: Decimal
    currency: str
    credits_invoice_id: str | None

    @classmethod
    def fields_of(cls, row: InvoiceRow) -> dict[str, Any]:
        credited = row.credited_number
        return {
            "invoice_id": row.invoice_id,
            "document_type": row.document_type,
            "rule_id": row.rule_id,
            "stream": row.stream,
            "supplier": PartyOut.of(row.supplier_id),
            "customer": PartyOut.of(row.customer_id),
            "period": row.period_label,
            "issue_date": row.issue_date,
            "due_date": row.due_date,
            "deliver_by": row.deliver_by,
            "buyer_reference": row.buyer_reference,
            "total": Decimal(row.total),
            "currency": row.currency,
            "credits_invoice_id": None if credited is None else invoice_id_of(credited),
        }

    @classmethod
    def of(cls, row: InvoiceRow) -> InvoiceSummary:
        return cls(**cls.fields_of(row))


class LineOut(BaseModel):
    line: int
    rule_id: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    base_quantity: Decimal
    amount: Decimal
    service_date: date | None
    tariff_id: str | None
    source_ids: list[str] = Field(description="the reports or events behind the line")
    credits_line: int | None

    @classmethod
    def of(cls, row: InvoiceLineRow) -> LineOut:
        fields = row.model_dump(exclude={"invoice_number", "position", "subject_ref"})
        return cls(line=row.position, **fields)


class InvoiceOut(InvoiceSummary):
    note: str
    lines: list[LineOut]

    @classmethod
    def with_lines(cls, row: InvoiceRow, lines: list[InvoiceLineRow]) -> InvoiceOut:
        body = [LineOut.of(line) for line in lines]
        return cls(**cls.fields_of(row), note=row.note, lines=body)


class CreditNoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=1000)
    line_numbers: list[int] | None = Field(
        default=None, min_length=1, description="1-based lines to credit; all remaining if left out"
    )
    issue_date: Day | None = None


class StatementOut(BaseModel):
    kind: str
    period: str
    parameters: dict[str, Any]
    steps: list[str]
    invoice_ids: list[str]
    stored: bool = Field(description="false for a preview that issued nothing")

    @classmethod
    def of(cls, row: StatementRow, invoice_numbers: list[int]) -> StatementOut:
        ids = [invoice_id_of(n) for n in invoice_numbers]
        fields = row.model_dump(include={"kind", "period", "parameters", "steps"})
        return cls(**fields, invoice_ids=ids, stored=True)
