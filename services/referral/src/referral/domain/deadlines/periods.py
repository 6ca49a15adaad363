"""How long a duty may take, and how the end of the period is found (calendar rules as data).

Two kinds, named in the data file:
- ``hours``: elapsed time from the anchor (LAW-ADM24: within 24 hours of admission);
- ``calendar-days``: to the end of the Nth calendar day after the anchor's day, days as
  Swedish law counts them (the local date in Sweden; 0 = the end of the anchor's own day).
  With ``day_0_before`` (a Swedish clock time, LAW-PAY's individual clock): the anchor's day
  is "day 0" only when the anchor is before that time, else the next day is.

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
    day_0_before: time | None = None  # calendar days only: later anchors start the next day

    def due_after(self, anchor: datetime) -> datetime:
        if self.unit is PeriodUnit.HOURS:
            return anchor + timedelta(hours=self.amount)
        return end_of_swedish_day(anchor, self.amount + self._day_0_shift(anchor))

    def _day_0_shift(self, anchor: datetime) -> int:
        if self.day_0_before is None:
            return 0
        local = anchor.astimezone(SWEDISH_TIME).time().replace(tzinfo=None)
        return 0 if local < self.day_0_before else 1

    def describe(self) -> str:
        if self.unit is PeriodUnit.HOURS:
            return f"{self.amount} hours"
        if self.amount == 0:
            text = "the same calendar day (Swedish date)"
        else:
            text = f"{self.amount} calendar days (to the end of the day, Swedish date)"
        if self.day_0_before is not None:
            text += f"; day 0 is the next day when sent at or after {self.day_0_before:%H:%M}"
        return text


def end_of_swedish_day(anchor: datetime, days_after: int) -> datetime:
    """Midnight in Sweden that ends the calendar day ``days_after`` days after the anchor's
    (daylight saving time included: the local day can be 23 or 25 hours long)."""
    last_day = local_date(anchor) + timedelta(days=days_after)
    midnight = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=SWEDISH_TIME)
    return midnight.astimezone(UTC)
