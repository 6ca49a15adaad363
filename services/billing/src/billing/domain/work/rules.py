"""Agreement parameters for rating work reports, and the outcome types of rating.

The parameters are data (loaded from reference data), never constants in the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from enum import StrEnum

from billing.domain.invoicing.invoices import NOT_SUBJECT_TO_VAT, InvoiceLine, VatTreatment
from billing.domain.parties import Party
from billing.domain.prices.tariffs import PriceBook, PriceQuote


@dataclass(frozen=True, slots=True)
class WorkBillingRules:
    rental_tariff_id: str  # JH-RENT-DAY, 640 SEK per started hour (2025, VPI)
    sight_hearing_tariff_id: str  # JH-SIGHT, 338 SEK per started hour (2025, OPI)
    mt_hourly_tariff_id: str  # JH-MT-VARIABLE, 1,123 SEK per hour (2025, VPI)
    gb_hourly_tariff_id: str  # GB-ECO, Försäkringskassan's yearly rate
    gen_res_tariff_id: str | None  # GEN-RES hourly price list, if any
    billable_sight_tasks: frozenset[str]
    billable_hearing_tasks: frozenset[str]
    gb_target_groups: frozenset[str]
    gb_region_share: Decimal  # GB-ECO: 0.50 of performed time
    day_start: time = time(8, 0)  # JH-RENT-DAY window start (inclusive)
    day_end: time = time(17, 0)  # JH-RENT-DAY window end (exclusive) = JH-RENT-NIGHT start
    sight_buyer_reference: str = "Syncentralen"
    hearing_buyer_reference: str = "Hörselvården"
    gb_buyer_reference: str = "KST 80904"
    gb_deliver_by_day: int = 25
    payment_terms_days: int = 30


@dataclass(frozen=True, slots=True)
class Reading:
    """How the system reads one agreement rule where its text leaves room (issue 13): an id,
    what is applied, and the seed paragraph it rests on. Shown on every run and statement."""

    rule_id: str
    reading_id: str
    text: str
    source: str

    def line(self) -> str:
        return f"reading {self.rule_id} {self.reading_id}: {self.text} [{self.source}]"


GB_ECO_PERFORMED_CARE_TIME = Reading(
    "GB-ECO",
    "gb-eco-performed-care-time",
    "the region pays its share (50 %) of the time performed for the self-care / health-care "
    "interventions only; administration, reporting back and travel are not performed care "
    "time and are not billed",
    "seed gavleborg-svart-sjuka-i-hemmet-2018, Ekonomisk överenskommelse 2018-2019, 2nd "
    'paragraph: "50 procent av utförd tid för egenvård/hälso- och sjukvårdsinsatser"',
)
MT_VARIABLE_TRAVEL_AS_COST = Reading(
    "JH-MT-VARIABLE",
    "mt-variable-travel-as-cost",
    "hours are the job's intervention, administration and reporting-back minutes at the MT "
    "rate per hour (not per started hour); travel is billed once, as the reported travel "
    "costs, never also as time",
    "seed jamtland-harjedalen-samverkansavtal-2026, Överenskommelse medicintekniskt stöd, "
    'Bilaga 1 item 2: "timersättning, reskostnader vid besök på vårdenhet samt det '
    'förbrukningsmaterial och de reservdelar som används"; "1123 kr/timme"',
)
RENT_DAY_STARTED_HOURS = Reading(
    "JH-RENT-DAY",
    "rent-day-started-hours-per-job",
    "per job: intervention + administration incl. documentation + reporting back + travel "
    "unless combined with an ordinary visit, rounded up to started hours; a job is daytime by "
    "its start (08:00-17:00)",
    "seed jamtland-harjedalen-samverkansavtal-2026, Arbete på annans uppdrag, Uppdrag dagtid "
    '08.00 – 17.00: "640 kr/påbörjad timme", "Tidsberäkningen ska innefatta insatstid, '
    "administration inkl. dokumentation, återrapportering till beställare samt restid om "
    'uppdraget inte kan samordnas vid ordinarie besök"',
)
SIGHT_STARTED_HOURS = Reading(
    "JH-SIGHT",
    "sight-started-hours-per-job",
    "listed task types only, the same billable time as JH-RENT-DAY, per started hour",
    "seed jamtland-harjedalen-samverkansavtal-2026, Syn- och hörselombud, Ekonomisk "
    "ersättning: the listed measures, if the patient is the region's responsibility",
)


class ExclusionReason(StrEnum):
    OUTSIDE_DAYTIME = "outside-daytime"
    TASK_NOT_LISTED = "task-not-listed"
    NOT_REGION_RESPONSIBILITY = "not-region-responsibility"
    NOT_TARGET_GROUP = "not-target-group"
    NO_BILLABLE_TIME = "no-billable-time"
    COST_NOT_BILLABLE = "cost-not-billable"
    NO_WRITTEN_AGREEMENT = "no-written-agreement"
    NOT_NON_RESIDENT = "not-non-resident"
    DUPLICATE = "duplicate"
    CONFLICTING_REDELIVERY = "conflicting-redelivery"
    ALREADY_BILLED = "already-billed"
    NOTICE_DUTIES_NOT_MET = "notice-duties-not-met"


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A report that is not billed, with the rule and the reason (shown to finance)."""

    report_id: str
    reason: ExclusionReason
    rule_id: str
    detail: str


@dataclass(frozen=True, slots=True)
class Rated:
    """The billable outcome of one report: lines for one supplier → customer stream."""

    report_id: str
    rule_id: str
    stream: str
    supplier_id: str
    customer_id: str
    buyer_reference: str
    lines: tuple[InvoiceLine, ...]
    reading: Reading | None = None  # the reading of the rule the lines were rated by


Pricer = Callable[[str, date], PriceQuote]


class CachedPricer:
    """Prices tariffs through a price book, remembering each (tariff, day) it has priced."""

    def __init__(self, price_book: PriceBook) -> None:
        self._book = price_book
        self._cache: dict[tuple[str, date], PriceQuote] = {}

    def __call__(self, tariff_id: str, on: date) -> PriceQuote:
        key = (tariff_id, on)
        quote = self._cache.get(key)
        if quote is None:
            quote = self._book.price(tariff_id, on)
            self._cache[key] = quote
        return quote


@dataclass(frozen=True)
class BillingContext:
    """Everything a rating or invoice run needs besides the reports themselves."""

    price_book: PriceBook
    parties: Mapping[str, Party]
    rules: WorkBillingRules
    vat_by_rule: Mapping[str, VatTreatment] = field(default_factory=dict)

    def vat_for(self, rule_id: str) -> VatTreatment:
        return self.vat_by_rule.get(rule_id, NOT_SUBJECT_TO_VAT)
