"""Swedish public holidays for any year, from the ``holidays`` package (lag 1989:253).

Sundays are left out (they are never working days anyway); the eves the agreements treat as
non-working are data (``holidays.json``) and added by ``HolidayCalendar``.
"""

from __future__ import annotations

from datetime import date

import holidays

from billing.domain.payment_clock.working_days import Eve, HolidayCalendar


def public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("SE", years=year, include_sundays=False))


def swedish_calendar(eves: tuple[Eve, ...]) -> HolidayCalendar:
    return HolidayCalendar(public_holidays, eves)
