"""Invoice bodies. Patient references appear only in the CSV attachment, never here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from handover_common.inputs import Day
from pydantic import BaseModel, ConfigDict, Field

from billing.adapters.invoice_tables import InvoiceLineRow, InvoiceRow, invoice_id_of
from billing.entrypoints import examples as ex
from billing.service_layer.reference import directory


class PartyOut(BaseModel):
    organisation: str
    name: str
    org_number: str = Field(description="as on the invoice when it was issued")

    @classmethod
    def of(cls, party_id: str, issued_with: dict[str, Any] | None = None) -> PartyOut:
        parties = directory()
        party = parties.parties[party_id]
        org_number = party.org_number if issued_with is None else issued_with["org_number"]
        return cls(
            organisation=parties.organisation(party_id), name=party.name, org_number=org_number
        )


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
    run_id: str | None = Field(description="the run that issued it (GET /v1/invoices?run_id=)")

    @classmethod
    def fields_of(cls, row: InvoiceRow) -> dict[str, Any]:
        credited = row.credited_number
        return {
            "invoice_id": row.invoice_id,
            "document_type": row.document_type,
            "rule_id": row.rule_id,
            "stream": row.stream,
            "supplier": PartyOut.of(row.supplier_id, row.supplier_details),
            "customer": PartyOut.of(row.customer_id, row.customer_details),
            "period": row.period_label,
            "issue_date": row.issue_date,
            "due_date": row.due_date,
            "deliver_by": row.deliver_by,
            "buyer_reference": row.buyer_reference,
            "total": Decimal(row.total),
            "currency": row.currency,
            "credits_invoice_id": None if credited is None else invoice_id_of(credited),
            "run_id": row.run_id,
        }

    @classmethod
    def of(cls, row: InvoiceRow) -> InvoiceSummary:
        return cls(**cls.fields_of(row))


class RunSummary(BaseModel):
    """A run the caller's organisation started, and what it issued."""

    run_id: str
    started_by: str = Field(description="the organisation (a run issues what it supplies)")
    issued_at: datetime
    periods: list[str]
    streams: list[str]
    invoice_ids: list[str]

    @classmethod
    def of_rows(cls, rows: list[InvoiceRow]) -> list[RunSummary]:
        runs: dict[str, list[InvoiceRow]] = {}
        for row in rows:
            runs.setdefault(row.run_id or "", []).append(row)
        return [
            cls(
                run_id=run_id,
                started_by=issued[0].supplier_org,
                issued_at=issued[0].issued_at,
                periods=sorted({r.period_label for r in issued}),
                streams=sorted({r.stream for r in issued}),
                invoice_ids=[r.invoice_id for r in issued],
            )
            for run_id, issued in runs.items()
        ]


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
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.CREDIT_NOTE))

    reason: str = Field(min_length=1, max_length=1000)
    line_numbers: list[int] | None = Field(
        default=None, min_length=1, description="1-based lines to credit; all remaining if left out"
    )
    issue_date: Day | None = None
