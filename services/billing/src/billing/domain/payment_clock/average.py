"""LAW-PAY, monthly-average model (reading; the brief only names its parameters).

For municipality M and month N: take M's stays *discharged* in the rolling window (N and
the ``window_months`` − 1 months before it) whose hospital met its notice duties; count
each stay's ready days (days after day 0 in hospital while ready, as in the individual
clock); average them. If the average exceeds the allowed days (``free_days``, up to 7),
the municipality pays for the excess average × the number of its stays discharged in N:

    payable days(N) = round((average − allowed) × stays discharged in N, 2 decimals, HALF_UP)
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from billing.domain.payment_clock.clock import run_payment_clock
from billing.domain.payment_clock.model import HospitalStay, PaymentClockModel, StayEventType
from billing.domain.periods import Period, add_months
from billing.domain.work.reports import to_swedish_time

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class MonthlyAverageStatement:
    municipality_id: str
    month: Period
    window: Period
    ready_days: dict[str, int]  # stay id → ready days, stays in the window
    stays_in_month: tuple[str, ...]
    not_counted: dict[str, tuple[str, ...]]  # stay id → duty failures
    allowed_days: int
    average: Decimal
    payable_days: Decimal

    def steps(self) -> tuple[str, ...]:
        return (
            f"window {self.window.label}: {len(self.ready_days)} stays, "
            f"{sum(self.ready_days.values())} ready days",
            f"average {self.average.quantize(HUNDREDTH)} days, allowed {self.allowed_days}",
            f"stays discharged in {self.month.label}: {len(self.stays_in_month)}",
            f"payable days: {self.payable_days}",
            *(f"not counted {s}: {'; '.join(r)}" for s, r in self.not_counted.items()),
        )


def _window(month: Period, months: int) -> Period:
    year, first = add_months(month.start.year, month.start.month, -(months - 1))
    return Period(Period.month(year, first).start, month.end)


def _discharge_day(stay: HospitalStay) -> date | None:
    event = stay.first(StayEventType.DISCHARGED)
    return None if event is None else to_swedish_time(event.at).date()


def monthly_average_payable(
    stays: Iterable[HospitalStay],
    model: PaymentClockModel,
    holidays: Container[date],
    *,
    municipality_id: str,
    month: Period,
) -> MonthlyAverageStatement:
    window = _window(month, model.window_months)
    ready: dict[str, int] = {}
    in_month: list[str] = []
    not_counted: dict[str, tuple[str, ...]] = {}
    for stay in stays:
        discharged = _discharge_day(stay)
        if stay.municipality_id != municipality_id or discharged is None:
            continue
        if not window.contains(discharged):
            continue
        result = run_payment_clock(stay, model, holidays, until=discharged)
        if not result.duties_met:
            not_counted[stay.stay_id] = result.failures
            continue
        ready[stay.stay_id] = sum(len(segment.ready_days) for segment in result.segments)
        if month.contains(discharged):
            in_month.append(stay.stay_id)
    average = Decimal(sum(ready.values())) / len(ready) if ready else Decimal(0)
    excess = max(average - model.free_days, Decimal(0))
    payable = (excess * len(in_month)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return MonthlyAverageStatement(
        municipality_id,
        month,
        window,
        ready,
        tuple(in_month),
        not_counted,
        model.free_days,
        average,
        payable,
    )
