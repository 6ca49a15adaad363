"""Calendar helpers (no clock: every date comes from the caller)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def full_years(birth: date, on: date) -> int:
    """Completed years of age on a date."""
    had_birthday = (on.month, on.day) >= (birth.month, birth.day)
    return on.year - birth.year - (0 if had_birthday else 1)


def add_months(start: date, months: int) -> date:
    """Shift by whole months, clamping to the last day of the month (2024-02-29 - 12 → 02-28)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def birthday(birth: date, age: int) -> date:
    """First date on which `full_years` reaches `age` (29 Feb → 1 Mar in common years)."""
    shifted = add_months(birth, 12 * age)
    return shifted if shifted.day == birth.day else shifted + timedelta(days=1)
