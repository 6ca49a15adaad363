"""Tariffs and indices as data: the price book (issue 4, item 1).

Formula — the price of an indexed tariff for year Y (the calendar year of the service
date) is

    price(Y) = round_ore(base_amount × index(Y) / index(base_year))

computed exactly in ``Decimal`` (multiplication before division) and rounded once,
ROUND_HALF_UP to öre. For Y == base_year the price is the base amount and no index value is
needed. A missing index(Y) or index(base_year) raises ``MissingIndex`` — never a silent
base-year price. A tariff without an index (e.g. Försäkringskassan's yearly rate for GB-ECO,
the LAW-PAY daily amount) is entered as one version per validity period.

Every tariff and index value carries its ``Provenance`` (issue 13): ``placeholders_for`` names
the shipped placeholders a price was computed from (REF-PLACEHOLDER-USE), and a book made with
``refuse_placeholders`` raises ``PlaceholderRefused`` instead of pricing on one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from billing.domain.errors import BillingError, MissingIndex, MissingTariff, OverlappingValidity
from billing.domain.money import round_ore
from billing.domain.periods import Validity
from billing.domain.provenance import SHIPPED, PlaceholderUse, Provenance


class PriceUnit(StrEnum):
    STARTED_HOUR = "started-hour"
    HOUR = "hour"
    DAY = "day"
    PERSON = "person"
    YEAR = "year"
    LUMP_SUM = "lump-sum"


@dataclass(frozen=True, slots=True)
class IndexValue:
    """One yearly value of a price index (VPI, OPI, LPIK …) as entered by finance."""

    index: str
    year: int
    value: Decimal
    note: str = ""
    provenance: Provenance = SHIPPED
    version: int = 1

    def __post_init__(self) -> None:
        if self.value <= 0:
            raise ValueError(f"{self.index} {self.year}: index values must be positive")


@dataclass(frozen=True, slots=True)
class Tariff:
    """One version of a tariff: an amount at a base-year level, valid for a period."""

    tariff_id: str
    rule_id: str
    description: str
    base_amount: Decimal
    unit: PriceUnit
    base_year: int
    validity: Validity
    index: str | None = None
    note: str = ""
    provenance: Provenance = SHIPPED
    version: int = 1

    @property
    def key(self) -> str:
        """How finance names this version: ``JH-RENT-DAY-HOURLY/2025-01-01``."""
        return f"{self.tariff_id}/{self.validity.valid_from}"


class PlaceholderRefused(BillingError):
    """REF-PLACEHOLDER-USE: finance refused to issue on a shipped placeholder value."""

    def __init__(self, use: PlaceholderUse) -> None:
        super().__init__(f"priced on the placeholder {use.label}: enter the real value first")
        self.use = use


@dataclass(frozen=True, slots=True)
class PriceQuote:
    """A priced tariff with every input of the formula, for statements and audit."""

    tariff: Tariff
    year: int
    amount: Decimal
    index_value: Decimal | None = None
    base_index_value: Decimal | None = None

    @property
    def formula(self) -> str:
        t = self.tariff
        if self.index_value is None or self.base_index_value is None:
            return f"{t.tariff_id} {self.year}: {self.amount} SEK per {t.unit}"
        return (
            f"{t.tariff_id} {self.year}: {t.base_amount} × {t.index}({self.year}) "
            f"{self.index_value} / {t.index}({t.base_year}) {self.base_index_value} "
            f"= {self.amount} SEK per {t.unit} (ROUND_HALF_UP to öre)"
        )


@dataclass(frozen=True)
class PriceBook:
    """Immutable set of tariffs and index values; finance adds values to get a new book."""

    tariffs: tuple[Tariff, ...] = ()
    index_values: tuple[IndexValue, ...] = ()
    refuse_placeholders: bool = False
    _indices: dict[tuple[str, int], IndexValue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        indices: dict[tuple[str, int], IndexValue] = {}
        for value in self.index_values:
            key = (value.index, value.year)
            if key in indices:
                raise OverlappingValidity(f"index {value.index} {value.year} entered twice")
            indices[key] = value
        object.__setattr__(self, "_indices", indices)
        for i, tariff in enumerate(self.tariffs):
            for other in self.tariffs[i + 1 :]:
                same_id = other.tariff_id == tariff.tariff_id
                if same_id and other.validity.overlaps(tariff.validity):
                    raise OverlappingValidity(
                        f"tariff {tariff.tariff_id}: versions from {tariff.validity.valid_from}"
                        f" and {other.validity.valid_from} overlap"
                    )

    def index_value(self, index: str, year: int) -> Decimal:
        return self.index_entry(index, year).value

    def index_entry(self, index: str, year: int) -> IndexValue:
        try:
            return self._indices[(index, year)]
        except KeyError:
            raise MissingIndex(index=index, year=year) from None

    def placeholders_for(self, tariff_id: str, on: date) -> tuple[PlaceholderUse, ...]:
        """REF-PLACEHOLDER-USE: the placeholders the price of ``tariff_id`` on ``on`` uses."""
        tariff = self.tariff(tariff_id, on)
        uses: list[PlaceholderUse] = []
        if tariff.provenance.is_placeholder:
            uses.append(PlaceholderUse("tariff", tariff.key, str(tariff.base_amount)))
        if tariff.index is not None and on.year != tariff.base_year:
            for year in (tariff.base_year, on.year):
                entry = self._indices.get((tariff.index, year))
                if entry is not None and entry.provenance.is_placeholder:
                    uses.append(PlaceholderUse("index", f"{tariff.index}/{year}", str(entry.value)))
        return tuple(uses)

    def tariff(self, tariff_id: str, on: date) -> Tariff:
        for tariff in self.tariffs:
            if tariff.tariff_id == tariff_id and tariff.validity.covers(on):
                return tariff
        raise MissingTariff(tariff_id, on)

    def price(self, tariff_id: str, on: date) -> PriceQuote:
        """The unit price of ``tariff_id`` for a service on ``on`` (see module formula)."""
        tariff = self.tariff(tariff_id, on)
        uses = self.placeholders_for(tariff_id, on) if self.refuse_placeholders else ()
        if uses:
            raise PlaceholderRefused(uses[0])
        year = on.year
        if tariff.index is None or year == tariff.base_year:
            return PriceQuote(tariff, year, round_ore(tariff.base_amount))
        current = self.index_value(tariff.index, year)
        base = self.index_value(tariff.index, tariff.base_year)
        amount = round_ore(tariff.base_amount * current / base)
        return PriceQuote(tariff, year, amount, current, base)

    def with_index_value(self, value: IndexValue) -> PriceBook:
        """A new book with one more index value (raises if that year is already entered)."""
        return replace(self, index_values=(*self.index_values, value))

    def with_tariff(self, tariff: Tariff) -> PriceBook:
        """A new book with one more tariff version (raises if validity overlaps)."""
        return replace(self, tariffs=(*self.tariffs, tariff))
