"""Invoices and credit notes: frozen once issued, every line traceable to its sources.

An ``Invoice`` is a frozen dataclass holding tuples, so an issued document cannot change;
corrections are credit notes (``DocumentType.CREDIT_NOTE``) that reference the original
(see ``credit_notes``). Line amount = round_ore(quantity × unit_price / base_quantity) —
the one rounding per line, which is also PEPPOL rule R120's formula.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from billing.domain.money import CURRENCY, round_ore, sum_money
from billing.domain.parties import Party
from billing.domain.periods import Period

ONE = Decimal(1)


class UnitCode(StrEnum):
    """UN/ECE Recommendation 20 unit codes, as PEPPOL BIS 3.0 requires."""

    HOUR = "HUR"
    MINUTE = "MIN"
    DAY = "DAY"
    ONE = "C62"


class DocumentType(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit-note"


@dataclass(frozen=True, slots=True)
class VatTreatment:
    """VAT category of a whole document (UNCL5305 code) with the reason text PEPPOL needs.

    Default: "O" (not subject to VAT) — settlements between Swedish public bodies under
    their collaboration agreement. Per-rule treatment is reference data for finance to confirm.
    """

    category: str = "O"
    reason: str = "Not subject to VAT: settlement between Swedish public bodies"


NOT_SUBJECT_TO_VAT = VatTreatment()


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    rule_id: str
    description: str
    quantity: Decimal
    unit: UnitCode
    unit_price: Decimal
    amount: Decimal
    source_ids: tuple[str, ...]
    base_quantity: Decimal = ONE
    service_date: date | None = None
    subject_ref: str | None = None
    tariff_id: str | None = None
    credits_line: int | None = None

    def __post_init__(self) -> None:
        expected = round_ore(self.quantity * self.unit_price / self.base_quantity)
        if self.amount != expected:
            raise ValueError(f"line amount {self.amount} is not {expected}")
        if self.amount < 0 or self.quantity < 0:
            raise ValueError("lines carry non-negative amounts; corrections are credit notes")
        if not self.source_ids:
            raise ValueError("every line must name the reports or events behind it")


def make_line(
    *,
    rule_id: str,
    description: str,
    quantity: Decimal,
    unit: UnitCode,
    unit_price: Decimal,
    source_ids: tuple[str, ...],
    base_quantity: Decimal = ONE,
    service_date: date | None = None,
    subject_ref: str | None = None,
    tariff_id: str | None = None,
    credits_line: int | None = None,
) -> InvoiceLine:
    """Build a line, computing its amount with the one rounding rule."""
    amount = round_ore(quantity * unit_price / base_quantity)
    return InvoiceLine(
        rule_id,
        description,
        quantity,
        unit,
        unit_price,
        amount,
        source_ids,
        base_quantity,
        service_date,
        subject_ref,
        tariff_id,
        credits_line,
    )


@dataclass(frozen=True, slots=True)
class Invoice:
    invoice_id: str
    document_type: DocumentType
    rule_id: str
    supplier: Party
    customer: Party
    issue_date: date
    due_date: date
    period: Period
    buyer_reference: str
    lines: tuple[InvoiceLine, ...]
    credited_invoice_id: str | None = None
    credited_issue_date: date | None = None
    note: str = ""
    deliver_by: date | None = None
    vat: VatTreatment = NOT_SUBJECT_TO_VAT
    currency: str = CURRENCY

    def __post_init__(self) -> None:
        if not self.lines:
            raise ValueError(f"{self.invoice_id}: an invoice needs at least one line")
        is_credit = self.document_type is DocumentType.CREDIT_NOTE
        if is_credit != (self.credited_invoice_id is not None):
            raise ValueError(f"{self.invoice_id}: only credit notes reference an invoice")
        if self.due_date < self.issue_date:
            raise ValueError(f"{self.invoice_id}: due date before issue date")

    @property
    def total(self) -> Decimal:
        """Sum of line amounts (already rounded per line, so no further rounding)."""
        return sum_money(line.amount for line in self.lines)

    @property
    def source_ids(self) -> frozenset[str]:
        return frozenset(source for line in self.lines for source in line.source_ids)


def with_party_details(invoice: Invoice, supplier: Party, customer: Party) -> Invoice:
    """The invoice with its parties' details as at issue (organisation numbers, payment
    accounts), so a later change of a party never rewrites an issued invoice. A run that had
    no buyer reference of the stream falls back to the customer's id: that becomes the
    customer's own buyer reference (PEPPOL BT-10), never an internal id."""
    reference = invoice.buyer_reference
    if reference in ("", invoice.customer.party_id) and customer.buyer_reference:
        reference = customer.buyer_reference
    return replace(invoice, supplier=supplier, customer=customer, buyer_reference=reference)
