"""LAW-PAY-LATE: notices that arrive after a month was billed are corrected in the next run.

A hospital may correct or cancel a notice (issue 9) after the month it concerns was invoiced.
The next run clocks the stay again with what is known now and compares, for each earlier month
that was already run, the days billed for the stay with the days payable now. Where they
differ, the billed lines are credited (a credit note, never a changed invoice) and the month's
days are invoiced again as now known, on the run's correction invoice; a month that had no
lines for the stay gets its days billed for the first time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from billing.domain.distribution.invoices import AllocationTerms
from billing.domain.invoicing.invoices import Invoice, InvoiceLine
from billing.domain.parties import Party, party
from billing.domain.payment_clock.clock import PaymentClockResult
from billing.domain.payment_clock.invoices import law_pay_invoice, stay_lines
from billing.domain.payment_clock.model import HospitalStay, PaymentClockModel
from billing.domain.periods import Period
from billing.domain.prices.tariffs import PriceBook

RULE = "LAW-PAY-LATE"


@dataclass(frozen=True)
class BilledLines:
    """The not yet credited lines of one issued invoice that billed a stay in a month."""

    invoice: Invoice
    positions: tuple[int, ...]

    def lines(self) -> list[InvoiceLine]:
        return [self.invoice.lines[p - 1] for p in self.positions]


@dataclass(frozen=True)
class LateCorrection:
    stay: HospitalStay
    month: Period
    credit: tuple[BilledLines, ...]  # to credit: what was billed
    lines: tuple[InvoiceLine, ...]  # to invoice: the month's days as known now

    @property
    def first_billing(self) -> bool:
        return not self.credit


def _key(line: InvoiceLine) -> tuple[object, ...]:
    return (line.quantity, line.unit_price, line.service_date, line.tariff_id)


def late_corrections(
    stay: HospitalStay,
    result: PaymentClockResult,
    model: PaymentClockModel,
    *,
    months: Iterable[Period],
    billed: Mapping[str, Sequence[BilledLines]],
    price_book: PriceBook,
) -> list[LateCorrection]:
    """LAW-PAY-LATE for one stay over the earlier months already run (``months``);
    ``billed`` maps a month label to the stay's lines billed for it."""
    corrections = []
    for month in months:
        before = billed.get(month.label, ())
        now: list[InvoiceLine] = []
        if result.duties_met:
            prefix = f"late notice, {month.label}: "
            now = stay_lines(stay, result, model, month, price_book, prefix=prefix)
        was = sorted(_key(line) for b in before for line in b.lines())
        if was != sorted(_key(line) for line in now):
            corrections.append(LateCorrection(stay, month, tuple(before), tuple(now)))
    return corrections


def late_correction_invoices(
    corrections: Iterable[LateCorrection], *, parties: Mapping[str, Party], terms: AllocationTerms
) -> tuple[Invoice, ...]:
    """One invoice per region → municipality for the days billed again (or first) this run."""
    groups: dict[tuple[str, str], list[InvoiceLine]] = {}
    for correction in corrections:
        key = (correction.stay.region_id, correction.stay.municipality_id)
        groups.setdefault(key, []).extend(correction.lines)
    return tuple(
        law_pay_invoice(terms, party(parties, region), party(parties, municipality), lines)
        for (region, municipality), lines in sorted(groups.items())
        if lines
    )
