"""Working days: Monday–Friday that are neither Swedish public holidays nor non-working eves.

Public holidays (lag 1989:253) come from a calendar function for any year (the ``holidays``
package, wired in ``billing.reference_data``); the eves an agreement treats as non-working
(midsommar-, jul-, nyårsafton) are data (``holidays.json``), as ``Eve`` rules, so the
calendar is right for every year — never a hand-typed list that runs out.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Eve:
    """A non-working eve: a fixed day (``12-24``) or a weekday within a span of days
    (midsommarafton: the Friday from 06-19 to 06-25)."""

    name: str
    first: tuple[int, int]  # (month, day)
    last: tuple[int, int] | None = None  # with ``weekday``: the span's last day
    weekday: int | None = None  # 0 = Monday … 4 = Friday

    def on(self, year: int) -> date:
        start = date(year, *self.first)
        if self.weekday is None or self.last is None:
            return start
        day = start
        while day.weekday() != self.weekday:
            day += ONE_DAY
        if day > date(year, *self.last):
            raise ValueError(f"{self.name}: no weekday {self.weekday} in its span in {year}")
        return day


@dataclass(frozen=True)
class HolidayCalendar:
    """``day in calendar`` for any year: public holidays plus the eves, computed per year."""

    public_holidays: Callable[[int], Iterable[date]]
    eves: tuple[Eve, ...] = ()
    _years: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def year(self, year: int) -> frozenset[date]:
        if year not in self._years:
            days = {*self.public_holidays(year), *(eve.on(year) for eve in self.eves)}
            self._years[year] = frozenset(days)
        return self._years[year]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in self.year(day.year)


def is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def first_working_day_from(day: date, holidays: Container[date]) -> date:
    """``day`` itself if it is a working day, else the next working day."""
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def following_days(
    start: date, count: int, *, working_only: bool, holidays: Container[date]
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
