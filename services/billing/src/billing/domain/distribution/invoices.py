"""Issuing one-line invoices for distributed amounts (JH-MT-FIXED, JH-TB, JH-ECO)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from billing.domain.invoicing.invoices import (
    NOT_SUBJECT_TO_VAT,
    ONE,
    DocumentType,
    Invoice,
    InvoiceLine,
    UnitCode,
    VatTreatment,
    make_line,
)
from billing.domain.parties import Party, party
from billing.domain.periods import Period


def lump_sum_line(
    rule_id: str, description: str, amount: Decimal, source_ids: tuple[str, ...]
) -> InvoiceLine:
    """One line of a fixed amount (quantity 1)."""
    return make_line(
        rule_id=rule_id,
        description=description,
        quantity=ONE,
        unit=UnitCode.ONE,
        unit_price=amount,
        source_ids=source_ids,
    )


@dataclass(frozen=True, slots=True)
class AllocationTerms:
    """How the invoices of a distribution are issued."""

    rule_id: str
    stream: str
    period: Period
    issue_date: date
    payment_terms_days: int = 30
    vat: VatTreatment = NOT_SUBJECT_TO_VAT


def allocation_invoice(
    terms: AllocationTerms,
    *,
    supplier: Party,
    customer: Party,
    amount: Decimal,
    description: str,
    source_ids: tuple[str, ...],
) -> Invoice:
    line = lump_sum_line(terms.rule_id, description, amount, source_ids)
    return Invoice(
        invoice_id=f"{terms.stream}/{terms.period.label}/{supplier.party_id}/{customer.party_id}",
        document_type=DocumentType.INVOICE,
        rule_id=terms.rule_id,
        supplier=supplier,
        customer=customer,
        issue_date=terms.issue_date,
        due_date=terms.issue_date + timedelta(days=terms.payment_terms_days),
        period=terms.period,
        buyer_reference=customer.party_id,  # the customer's own reference, at issue
        lines=(line,),
        vat=terms.vat,
    )


def invoices_for_shares(
    terms: AllocationTerms,
    *,
    parties: Mapping[str, Party],
    shares: Mapping[str, Decimal],
    counterpart_id: str,
    shares_are_customers: bool,
    describe: Mapping[str, str],
    source_ids: tuple[str, ...],
) -> tuple[Invoice, ...]:
    """One invoice per share holder with a positive share, to or from ``counterpart_id``."""
    counterpart = party(parties, counterpart_id)
    invoices = []
    for holder_id, amount in shares.items():
        if amount <= 0 or holder_id == counterpart_id:
            continue
        holder = party(parties, holder_id)
        supplier, customer = (
            (counterpart, holder) if shares_are_customers else (holder, counterpart)
        )
        invoices.append(
            allocation_invoice(
                terms,
                supplier=supplier,
                customer=customer,
                amount=amount,
                description=describe[holder_id],
                source_ids=source_ids,
            )
        )
    return tuple(invoices)
