"""Calendar months in Swedish time (Europe/Stockholm): the unit every follow-up figure is
counted in. A moment belongs to the month of its Swedish wall-clock date; a date (enrolment,
discharge from home care) to its own month."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
FIRST_YEAR, LAST_YEAR = 1900, 2999
LABEL = re.compile(r"^([0-9]{4})-([0-9]{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1–12, not {self.month}")
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError(f"year must be {FIRST_YEAR}–{LAST_YEAR}, not {self.year}")

    @classmethod
    def parse(cls, label: str) -> Month:
        """``2026-03`` → Month(2026, 3)."""
        found = LABEL.match(label)
        if found is None:
            raise ValueError(f"{label!r} is not a month (YYYY-MM)")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of_date(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def of_moment(cls, moment: datetime) -> Month:
        """The Swedish month of a moment; a naive datetime is read as UTC (as stored)."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return cls.of_date(aware.astimezone(SWEDISH_TIME).date())

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def starts_at(self) -> datetime:
        """Midnight Swedish time on the first day, as a UTC moment."""
        local = datetime(self.year, self.month, 1, tzinfo=SWEDISH_TIME)
        return local.astimezone(UTC)

    def contains(self, moment: datetime | None) -> bool:
        return moment is not None and Month.of_moment(moment) == self

    def contains_day(self, day: date | None) -> bool:
        return day is not None and Month.of_date(day) == self


def months_until(last: Month, count: int) -> list[Month]:
    """``count`` months ending with ``last``, oldest first."""
    months = [last]
    while len(months) < count:
        months.append(months[-1].previous())
    return months[::-1]


def days_within(first: date, last: date, month: Month) -> int:
    """Calendar days of the inclusive span first..last that fall in ``month``."""
    start = max(first, month.first_day)
    end = min(last, month.last_day)
    return max((end - start).days + 1, 0)
