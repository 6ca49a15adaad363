"""JH-MT-FIXED: the fixed part of medical-technology support, half-yearly in advance.

Reading of the agreement (Bilaga 1): the fixed part is a base cost plus a cost per
registered device, valued as the estimated resource need — ``base_hours_per_year`` (40 h)
plus ``minutes_per_device`` (12 min) per registered municipality-owned device — at the MT
hourly tariff for the period's year. The half-year cost is

    round_ore((40 h + 12 min × devices / 60) × hourly price / 2)

and is split over the municipalities by their share of registered devices (largest
remainder, so the shares sum to the cost exactly). Which hourly tariff values the hours is
data (the reference data uses the JH-MT-VARIABLE rate — an assumption for finance to confirm).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from billing.domain.distribution.allocation import allocate_by_key
from billing.domain.distribution.invoices import AllocationTerms, invoices_for_shares
from billing.domain.invoicing.invoices import Invoice
from billing.domain.money import round_ore
from billing.domain.parties import Party
from billing.domain.periods import Period
from billing.domain.prices.tariffs import PriceBook, PriceQuote
from billing.domain.work.rules import Reading

SIXTY = Decimal(60)
MT_FIXED_RESOURCE_NEED = Reading(
    "JH-MT-FIXED",
    "mt-fixed-resource-need",
    "the fixed part is the estimated resource need — 40 h a year plus 12 min a year per "
    "registered municipality-owned device — at the MT hourly tariff, a half-year's part "
    "invoiced in advance and split by each municipality's share of the devices",
    "seed jamtland-harjedalen-samverkansavtal-2026, Överenskommelse medicintekniskt stöd, "
    'Bilaga 1 item 1 and Tabell 1: "grundkostnad plus kostnad per inventarie", '
    '"Resursbehovet uppskattades till 40 timmar per år plus 12 min per registrerad inventarie"',
)


@dataclass(frozen=True, slots=True)
class MtFixedModel:
    hourly_tariff_id: str
    base_hours_per_year: Decimal
    minutes_per_device: Decimal
    periods_per_year: int = 2


@dataclass(frozen=True)
class DeviceRegister:
    """Registered municipality-owned devices per municipality on a date."""

    register_id: str
    as_of: date
    devices: Mapping[str, int]


@dataclass(frozen=True)
class MtFixedStatement:
    period: Period
    register: DeviceRegister
    quote: PriceQuote
    total_devices: int
    hours_per_year: Decimal
    period_cost: Decimal
    shares: Mapping[str, Decimal]

    @property
    def readings(self) -> tuple[Reading, ...]:
        return (MT_FIXED_RESOURCE_NEED,)

    def steps(self) -> tuple[str, ...]:
        model_line = (
            f"resource need {self.hours_per_year} h/year for {self.total_devices} devices "
            f"(register {self.register.register_id} as of {self.register.as_of})"
        )
        return (
            model_line,
            f"hourly price: {self.quote.formula}",
            f"cost for {self.period.label}: {self.period_cost} SEK",
            *(
                f"{m}: {self.register.devices[m]}/{self.total_devices} devices → {amount} SEK"
                for m, amount in self.shares.items()
            ),
            "readings applied:",
            *(f"   {reading.line()}" for reading in self.readings),
        )


def mt_fixed_statement(
    model: MtFixedModel, register: DeviceRegister, period: Period, price_book: PriceBook
) -> MtFixedStatement:
    """JH-MT-FIXED: the period's fixed cost and each municipality's share of it."""
    total = sum(register.devices.values())
    if total <= 0:
        raise ValueError(f"{register.register_id}: no registered devices")
    hours = model.base_hours_per_year + model.minutes_per_device * total / SIXTY
    quote = price_book.price(model.hourly_tariff_id, period.start)
    cost = round_ore(hours * quote.amount / model.periods_per_year)
    weights = {m: Decimal(count) for m, count in register.devices.items()}
    shares = allocate_by_key(cost, weights)
    return MtFixedStatement(period, register, quote, total, hours, cost, shares)


def mt_fixed_invoices(
    statement: MtFixedStatement,
    *,
    region_id: str,
    parties: Mapping[str, Party],
    terms: AllocationTerms,
) -> tuple[Invoice, ...]:
    """The region invoices each municipality its share, in advance (JH-MT-FIXED)."""
    if terms.issue_date >= statement.period.start:
        raise ValueError(
            f"JH-MT-FIXED is invoiced in advance: issue before {statement.period.start}"
        )
    register = statement.register
    describe = {
        m: f"MT fixed part {statement.period.label}: {count}/{statement.total_devices} devices"
        for m, count in register.devices.items()
    }
    return invoices_for_shares(
        terms,
        parties=parties,
        shares=statement.shares,
        counterpart_id=region_id,
        shares_are_customers=True,
        describe=describe,
        source_ids=(register.register_id,),
    )
