"""Billing periods and validity periods (both inclusive of their first and last day)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days ``start``..``end``, e.g. an invoiced month or half-year."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends before it starts: {self.start} > {self.end}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last_day = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last_day))

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        """Half 1 is January–June, half 2 is July–December."""
        if half == 1:
            return cls(date(year, 1, 1), date(year, 6, 30))
        if half == 2:
            return cls(date(year, 7, 1), date(year, 12, 31))
        raise ValueError(f"half must be 1 or 2, got {half}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> tuple[date, ...]:
        count = (self.end - self.start).days + 1
        return tuple(self.start + timedelta(days=offset) for offset in range(count))

    @property
    def label(self) -> str:
        """``2026-03`` for a calendar month, ``2026-H1`` for a half-year, else the range."""
        if self == Period.month(self.start.year, self.start.month):
            return f"{self.start.year:04d}-{self.start.month:02d}"
        for half in (1, 2):
            if self == Period.half_year(self.start.year, half):
                return f"{self.start.year:04d}-H{half}"
        if self == Period.year(self.start.year):
            return f"{self.start.year:04d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Validity:
    """When a tariff or model version applies; ``valid_to`` None means until further notice."""

    valid_from: date
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"validity ends before it starts: {self.valid_from}")

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, other: Validity) -> bool:
        self_end = self.valid_to or date.max
        other_end = other.valid_to or date.max
        return self.valid_from <= other_end and other.valid_from <= self_end


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) shifted by ``months`` (may be negative)."""
    zero_based = year * 12 + (month - 1) + months
    return zero_based // 12, zero_based % 12 + 1
