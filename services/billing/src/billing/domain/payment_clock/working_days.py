"""Working days: Monday–Friday that are not in the given list of Swedish public holidays.

The holiday list is data (reference data ``holidays.json``), so it can include the
de facto non-working eves (midsummer, Christmas and New Year's Eve) if the agreement says so.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def first_working_day_from(day: date, holidays: Set[date]) -> date:
    """``day`` itself if it is a working day, else the next working day."""
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def following_days(
    start: date, count: int, *, working_only: bool, holidays: Set[date]
) -> tuple[date, ...]:
    """The ``count`` days after ``start`` (working days only, if asked)."""
    days: list[date] = []
    day = start
    while len(days) < count:
        day += ONE_DAY
        if not working_only or is_working_day(day, holidays):
            days.append(day)
    return tuple(days)


def days_between(first: date, last: date) -> tuple[date, ...]:
    """Every calendar day from ``first`` to ``last`` inclusive (empty if last < first)."""
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
