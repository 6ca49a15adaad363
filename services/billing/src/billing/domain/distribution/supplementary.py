"""JH-TB: reconciliation of the supplementary amount (tilläggsbelopp) for palliative care.

In the first quarter of year Y, count the persons connected to the specialised palliative
team during Y−1. Inside the normal interval (edges included: 129 and 169 are inside) the
year's amount is distributed unadjusted; outside it the amount is revised by the
adjustment amount per person and then distributed. Both amounts are at 2024 level and
indexed by LPIK to year Y (see ``tariffs`` for the formula). How many persons count is a
configurable reading, shown on the statement:

* ``per-person-outside-interval`` (the brief's reading): 172 → +3, 125 → −4;
* ``per-person-from-midpoint``: the distance from the interval's midpoint (149 for
  129–169) once the count is outside the interval: 172 → +23, 125 → −24.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from billing.domain.distribution.allocation import allocate_by_key
from billing.domain.distribution.invoices import AllocationTerms, invoices_for_shares
from billing.domain.distribution.supplementary_key import FactorKey, distribution_key
from billing.domain.invoicing.invoices import Invoice
from billing.domain.money import round_ore
from billing.domain.parties import Party
from billing.domain.prices.tariffs import PriceBook, PriceQuote


class AdjustmentReading(StrEnum):
    PER_PERSON_OUTSIDE_INTERVAL = "per-person-outside-interval"
    PER_PERSON_FROM_MIDPOINT = "per-person-from-midpoint"


@dataclass(frozen=True)
class SupplementaryModel:
    amount_tariff_id: str
    adjustment_tariff_id: str
    normal_low: int
    normal_high: int
    reading: AdjustmentReading
    weights: Mapping[str, Decimal]


def adjustment_persons(count: int, low: int, high: int, reading: AdjustmentReading) -> Decimal:
    """Signed number of persons to adjust by (0 inside the interval, edges inside)."""
    if count < 0:
        raise ValueError("the count of connected persons cannot be negative")
    if low <= count <= high:
        return Decimal(0)
    if reading is AdjustmentReading.PER_PERSON_FROM_MIDPOINT:
        return Decimal(count) - Decimal(low + high) / 2
    return Decimal(count - high if count > high else count - low)


@dataclass(frozen=True)
class SupplementaryStatement:
    year: int
    connected_persons: int
    model: SupplementaryModel
    amount_quote: PriceQuote
    adjustment_quote: PriceQuote
    persons_adjusted: Decimal
    adjustment_total: Decimal
    amount: Decimal
    key: FactorKey
    distribution: Mapping[str, Decimal]

    def steps(self) -> tuple[str, ...]:
        m = self.model
        inside = self.persons_adjusted == 0
        return (
            f"1. persons connected during {self.year - 1}: {self.connected_persons}",
            f"2. normal interval {m.normal_low}–{m.normal_high} (edges inside): "
            + ("inside — no adjustment" if inside else "outside — adjust"),
            f"3. reading: {m.reading.value} → {self.persons_adjusted} persons",
            f"4. amount {self.year}: {self.amount_quote.formula}",
            f"5. adjustment per person {self.year}: {self.adjustment_quote.formula}",
            f"6. adjustment {self.persons_adjusted} × {self.adjustment_quote.amount} = "
            f"{self.adjustment_total} SEK (ROUND_HALF_UP to öre)",
            f"7. amount to distribute: {self.amount_quote.amount} + ({self.adjustment_total})"
            f" = {self.amount} SEK",
            *self.key.steps(start=8),
            *(f"   {mun}: {share} SEK" for mun, share in self.distribution.items()),
        )


def reconcile_supplementary_amount(
    *,
    year: int,
    connected_persons: int,
    model: SupplementaryModel,
    factor_values: Mapping[str, Mapping[str, Decimal]],
    price_book: PriceBook,
) -> SupplementaryStatement:
    """JH-TB: the amount for ``year`` from the count of ``year``−1, and its distribution."""
    on = date(year, 1, 1)
    amount_quote = price_book.price(model.amount_tariff_id, on)
    adjustment_quote = price_book.price(model.adjustment_tariff_id, on)
    persons = adjustment_persons(
        connected_persons, model.normal_low, model.normal_high, model.reading
    )
    adjustment_total = round_ore(persons * adjustment_quote.amount)
    amount = amount_quote.amount + adjustment_total
    if amount < 0:
        raise ValueError(f"JH-TB: the adjusted amount would be negative ({amount})")
    key = distribution_key(factor_values, model.weights)
    distribution = allocate_by_key(amount, key.shares)
    return SupplementaryStatement(
        year,
        connected_persons,
        model,
        amount_quote,
        adjustment_quote,
        persons,
        adjustment_total,
        amount,
        key,
        distribution,
    )


def supplementary_invoices(
    statement: SupplementaryStatement,
    *,
    region_id: str,
    parties: Mapping[str, Party],
    terms: AllocationTerms,
) -> tuple[Invoice, ...]:
    """Each municipality invoices the region its share of the year's amount (JH-TB)."""
    describe = {
        m: f"Supplementary amount {statement.year} (JH-TB), share {statement.key.shares[m]:.4%}"
        for m in statement.distribution
    }
    return invoices_for_shares(
        terms,
        parties=parties,
        shares=statement.distribution,
        counterpart_id=region_id,
        shares_are_customers=False,
        describe=describe,
        source_ids=(f"JH-TB/{statement.year}/connected={statement.connected_persons}",),
    )
