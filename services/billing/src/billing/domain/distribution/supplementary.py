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

The count itself is derived from the JH-PAL-2 decisions held (``connections``); a statement
for another count is a what-if, and says so. Every statement ends with the readings applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from billing.domain.distribution.allocation import allocate_by_key
from billing.domain.distribution.connections import COUNT_IN_FORCE_DURING_YEAR, ConnectedCount
from billing.domain.distribution.invoices import AllocationTerms, invoices_for_shares
from billing.domain.distribution.supplementary_key import FactorKey, distribution_key
from billing.domain.invoicing.invoices import Invoice
from billing.domain.money import round_ore
from billing.domain.parties import Party
from billing.domain.prices.tariffs import PriceBook, PriceQuote
from billing.domain.work.rules import Reading


class AdjustmentReading(StrEnum):
    PER_PERSON_OUTSIDE_INTERVAL = "per-person-outside-interval"
    PER_PERSON_FROM_MIDPOINT = "per-person-from-midpoint"

    @property
    def reading(self) -> Reading:
        return ADJUSTMENT_READINGS[self]


_ADJUSTMENT_SOURCE = (
    "seed jamtland-harjedalen-samverkansavtal-2026, Överenskommelse tilläggsbelopp, "
    'Avstämning av tilläggsbeloppet item 2b: "Om antalet ligger utanför accepterat intervall '
    'revideras tilläggsbeloppet med justeringsbeloppet"; Grundförutsättningar: '
    '"Justeringsbeloppet är +/-25 940 per ansluten person"'
)
ADJUSTMENT_READINGS: Mapping[AdjustmentReading, Reading] = {
    AdjustmentReading.PER_PERSON_OUTSIDE_INTERVAL: Reading(
        "JH-TB",
        "per-person-outside-interval",
        "outside the normal interval (edges inside) the amount is revised by the adjustment "
        "amount once per person beyond the nearer edge (172 → +3, 125 → −4)",
        _ADJUSTMENT_SOURCE,
    ),
    AdjustmentReading.PER_PERSON_FROM_MIDPOINT: Reading(
        "JH-TB",
        "per-person-from-midpoint",
        "outside the normal interval the amount is revised by the adjustment amount once per "
        "person from the interval's midpoint (172 → +23, 125 → −24)",
        _ADJUSTMENT_SOURCE,
    ),
}


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
    count: ConnectedCount | None = None
    """How the count was derived; None for a what-if count that was asked, not derived."""

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The readings of the agreement this statement applied (issue 13)."""
        return (COUNT_IN_FORCE_DURING_YEAR, self.model.reading.reading)

    def _count_steps(self) -> tuple[str, ...]:
        if self.count is not None:
            return self.count.steps()
        return (
            f"1. persons connected during {self.year - 1}: {self.connected_persons} "
            "(as asked: a what-if, not the count derived from the decisions held)",
        )

    def steps(self) -> tuple[str, ...]:
        m = self.model
        inside = self.persons_adjusted == 0
        return (
            *self._count_steps(),
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
            "readings applied:",
            *(f"   {reading.line()}" for reading in self.readings),
        )


def reconcile_supplementary_amount(
    *,
    year: int,
    connected_persons: int,
    model: SupplementaryModel,
    factor_values: Mapping[str, Mapping[str, Decimal]],
    price_book: PriceBook,
    count: ConnectedCount | None = None,
) -> SupplementaryStatement:
    """JH-TB: the amount for ``year`` from the count of ``year``−1, and its distribution.
    With ``count`` (derived from the decisions held) its total must be ``connected_persons``."""
    if count is not None and (count.year, count.total) != (year - 1, connected_persons):
        raise ValueError(
            f"JH-TB: the count of {count.year} ({count.total}) is not the one of {year - 1} "
            f"asked ({connected_persons})"
        )
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
        count,
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
