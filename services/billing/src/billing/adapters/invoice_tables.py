"""Issued invoices and credit notes: written once, never updated or deleted (issue 4, item 6).

The ORM refuses an UPDATE or DELETE of an invoice or one of its lines; corrections are
credit notes. ``billed_item`` and ``statement`` make every run bill each item once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlalchemy import JSON, Column, event
from sqlmodel import Field, SQLModel


class InvoiceRow(SQLModel, table=True):
    __tablename__ = "invoice"

    number: int | None = Field(default=None, primary_key=True)
    stream_key: str = Field(description="stream/period/supplier/customer from the run")
    stream: str
    document_type: str
    rule_id: str
    supplier_id: str
    customer_id: str
    supplier_org: str = Field(index=True)
    customer_org: str = Field(index=True)
    issue_date: date
    due_date: date
    period_start: date
    period_end: date
    period_label: str = Field(index=True)
    buyer_reference: str
    credited_number: int | None = Field(default=None, foreign_key="invoice.number", index=True)
    credited_issue_date: date | None = None
    note: str = ""
    deliver_by: date | None = None
    vat_category: str
    vat_reason: str
    currency: str
    total: str
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    run_id: str | None = Field(default=None, index=True, description="the run that issued it")
    supplier_details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    customer_details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    """The parties' details (organisation number, buyer reference, accounts, version) as at
    issue: a later change of a party never rewrites an issued invoice (issue 13)."""

    @property
    def invoice_id(self) -> str:
        return invoice_id_of(self.number or 0)


class InvoiceLineRow(SQLModel, table=True):
    __tablename__ = "invoice_line"

    invoice_number: int = Field(foreign_key="invoice.number", primary_key=True)
    position: int = Field(primary_key=True)
    rule_id: str
    description: str
    quantity: str
    unit: str
    unit_price: str
    base_quantity: str
    amount: str
    service_date: date | None = None
    subject_ref: str | None = Field(default=None, index=True)
    tariff_id: str | None = None
    credits_line: int | None = None
    source_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))


class BilledItemRow(SQLModel, table=True):
    """An item billed once per scope: ("work", report id), ("LAW-PAY/2026-03", stay id)."""

    __tablename__ = "billed_item"

    scope: str = Field(primary_key=True)
    item_id: str = Field(primary_key=True)
    invoice_number: int = Field(foreign_key="invoice.number")


class StatementRow(SQLModel, table=True):
    """A distribution run (JH-TB, JH-MT-FIXED, JH-ECO) with its inputs and every step."""

    __tablename__ = "statement"

    kind: str = Field(primary_key=True)
    period: str = Field(primary_key=True)
    parameters: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    steps: list[str] = Field(sa_column=Column(JSON, nullable=False))
    invoice_numbers: list[int] = Field(sa_column=Column(JSON, nullable=False))
    """The numbers issued by the run that stored the statement; the shares other suppliers
    issue later are billed items of scope ``kind/period``."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


INVOICE_PREFIX = "HO-"


def invoice_id_of(number: int) -> str:
    """One numbering series for invoices and credit notes: HO-00000001, HO-00000002, …"""
    return f"{INVOICE_PREFIX}{number:08d}"


def number_of(invoice_id: str) -> int | None:
    digits = invoice_id.removeprefix(INVOICE_PREFIX)
    if not invoice_id.startswith(INVOICE_PREFIX) or not digits.isdigit():
        return None
    return int(digits)


class ImmutableInvoice(Exception):
    """An issued invoice was about to change; issue a credit note instead."""


def _refuse(_mapper: Any, _connection: Any, target: Any) -> None:
    raise ImmutableInvoice(f"{type(target).__name__} is immutable once issued")


for _table in (InvoiceRow, InvoiceLineRow):
    event.listen(_table, "before_update", _refuse)
    event.listen(_table, "before_delete", _refuse)
