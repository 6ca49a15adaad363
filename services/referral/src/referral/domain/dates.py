"""Days as Swedish law and the agreements count them: the calendar date in Sweden."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")


def local_date(moment: datetime) -> date:
    return moment.astimezone(SWEDISH_TIME).date()
