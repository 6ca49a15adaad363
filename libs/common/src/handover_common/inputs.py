"""Bounds every HTTP input shares: times and days within a plausible window (issue 10).

A year 9999 or 0001 would overflow date arithmetic later (a 500, or an event no consumer can
decide); nothing in Swedish home care happens before 2000 or after 2099.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def _day_in_window(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError(
            "DATE-WINDOW", f"must lie between {EARLIEST.isoformat()} and {LATEST.isoformat()}"
        )
    return value


def _moment_in_window(value: datetime) -> datetime:
    _day_in_window(value.date())  # before any conversion: year 1 cannot move a timezone
    return value


Day = Annotated[date, AfterValidator(_day_in_window)]
Moment = Annotated[AwareDatetime, AfterValidator(_moment_in_window)]
