"""What issued invoices were priced on, and what a corrected value changes (issue 13, §1).

* ``placeholders_in`` (REF-PLACEHOLDER-USE): the shipped placeholders the priced lines of some
  invoices used — every line that names a tariff and a service date was priced by
  ``PriceBook.price(tariff_id, service_date)``.
* ``repriced`` (REF-CORRECTION-RUN): an issued invoice is never changed; after an index or
  tariff is corrected, each of its lines whose unit price is not the price the book now gives
  is credited (``credit_note``) and invoiced again at the corrected price, so the pair of
  documents carries exactly the difference.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from billing.domain.invoicing.invoices import Invoice, InvoiceLine, make_line
from billing.domain.prices.tariffs import PriceBook
from billing.domain.provenance import PlaceholderUse

RULE = "REF-CORRECTION-RUN"


def party_placeholders_in(invoices: Iterable[Invoice]) -> tuple[PlaceholderUse, ...]:
    """REF-PLACEHOLDER-USE for parties: a supplier or customer whose invoicing details
    (organisation number, buyer reference, accounts) are still the shipped examples."""
    found: dict[str, PlaceholderUse] = {}
    for invoice in invoices:
        for party in (invoice.supplier, invoice.customer):
            if party.provenance.is_placeholder:
                found.setdefault(
                    party.party_id, PlaceholderUse("party", party.party_id, party.org_number)
                )
    return tuple(found.values())


def placeholders_in(book: PriceBook, invoices: Iterable[Invoice]) -> tuple[PlaceholderUse, ...]:
    """Every placeholder a priced line of ``invoices`` used, once, in a stable order."""
    found: dict[tuple[str, str], PlaceholderUse] = {}
    for invoice in invoices:
        for line in invoice.lines:
            if line.tariff_id is None or line.service_date is None:
                continue
            for use in book.placeholders_for(line.tariff_id, line.service_date):
                found.setdefault((use.kind, use.key), use)
    return tuple(found[key] for key in sorted(found))


@dataclass(frozen=True)
class Repricing:
    """The lines of one issued invoice to credit, and the same lines at today's prices."""

    original: Invoice
    positions: tuple[int, ...]  # 1-based, as ``credit_note`` takes them
    lines: tuple[InvoiceLine, ...]

    @property
    def difference(self) -> Decimal:
        before = sum((self.original.lines[p - 1].amount for p in self.positions), Decimal(0))
        return sum((line.amount for line in self.lines), Decimal(0)) - before


def repriced(
    book: PriceBook,
    original: Invoice,
    credited: Collection[int],
    *,
    tariff_ids: Collection[str] | None = None,
) -> Repricing | None:
    """REF-CORRECTION-RUN: the not yet credited priced lines whose unit price has changed."""
    positions: list[int] = []
    lines: list[InvoiceLine] = []
    for position, line in enumerate(original.lines, start=1):
        if position in credited or line.tariff_id is None or line.service_date is None:
            continue
        if tariff_ids is not None and line.tariff_id not in tariff_ids:
            continue
        price = book.price(line.tariff_id, line.service_date).amount
        if price == line.unit_price:
            continue
        positions.append(position)
        lines.append(
            make_line(
                rule_id=line.rule_id,
                description=f"{line.description} (repriced: {line.unit_price} → {price})",
                quantity=line.quantity,
                unit=line.unit,
                unit_price=price,
                source_ids=line.source_ids,
                base_quantity=line.base_quantity,
                service_date=line.service_date,
                subject_ref=line.subject_ref,
                tariff_id=line.tariff_id,
            )
        )
    if not positions:
        return None
    return Repricing(original, tuple(positions), tuple(lines))


def supplementary_invoice(
    repricing: Repricing, *, invoice_id: str, issue_date: date, note: str
) -> Invoice:
    """The repriced lines as a new invoice of the same parties, period and payment terms."""
    original = repricing.original
    terms = original.due_date - original.issue_date
    return replace(
        original,
        invoice_id=invoice_id,
        issue_date=issue_date,
        due_date=issue_date + terms,
        lines=repricing.lines,
        note=note,
        deliver_by=None,
    )
