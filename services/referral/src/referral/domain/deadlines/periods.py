"""How long a duty may take, and how the end of the period is found (calendar rules as data).

Two kinds, named in the data file:
- ``hours``: elapsed time from the anchor (LAW-ADM24: within 24 hours of admission);
- ``calendar-days``: to the end of the Nth calendar day after the anchor's day, days as
  Swedish law counts them (the local date in Sweden; 0 = the end of the anchor's own day).

The end is inclusive: a duty done at the due instant is done in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from referral.domain.dates import SWEDISH_TIME, local_date


class PeriodUnit(StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar-days"


@dataclass(frozen=True)
class Period:
    unit: PeriodUnit
    amount: int

    def due_after(self, anchor: datetime) -> datetime:
        if self.unit is PeriodUnit.HOURS:
            return anchor + timedelta(hours=self.amount)
        return end_of_swedish_day(anchor, self.amount)

    def describe(self) -> str:
        if self.unit is PeriodUnit.HOURS:
            return f"{self.amount} hours"
        if self.amount == 0:
            return "the same calendar day (Swedish date)"
        return f"{self.amount} calendar days (to the end of the day, Swedish date)"


def end_of_swedish_day(anchor: datetime, days_after: int) -> datetime:
    """Midnight in Sweden that ends the calendar day ``days_after`` days after the anchor's
    (daylight saving time included: the local day can be 23 or 25 hours long)."""
    last_day = local_date(anchor) + timedelta(days=days_after)
    midnight = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=SWEDISH_TIME)
    return midnight.astimezone(UTC)
