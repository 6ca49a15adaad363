"""A per-municipality trend for the dashboard's chart: one number per month, oldest first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from notification.domain.followup.figures import Facts
from notification.domain.followup.months import Month

SERIES = ("care_requests", "accepted", "rejected", "enrolled")
"""care_requests: created in the month; accepted, rejected: answers given in the month;
enrolled: enrolments dated in the month — the same counts as the month's figures."""


@dataclass(frozen=True)
class Trend:
    months: list[str]
    municipalities: dict[str, dict[str, list[int]]]


def trend(months: list[Month], facts: Facts, always: Iterable[str] = ()) -> Trend:
    """``{"months": ["2026-01", …], "municipalities": {"2380": {"care_requests": […], …}}}``:
    every municipality with something in the window, and those in ``always`` (zeros)."""
    counted: Counter[tuple[str, str, Month]] = Counter()

    def add(series: str, code: str, moment: datetime | date | None) -> None:
        if moment is None:
            return
        month = Month.of_moment(moment) if isinstance(moment, datetime) else Month.of_date(moment)
        counted[series, code, month] += 1

    for r in facts.care_requests:
        add("care_requests", r.municipality_code, r.created_at)
        add("accepted", r.municipality_code, r.accepted_at)
        add("rejected", r.municipality_code, r.rejected_at)
    for s in facts.stays:
        add("enrolled", s.municipality_code, s.enrolled_on)
    window = set(months)
    codes = {code for (_, code, month) in counted if month in window} | set(always)
    return Trend(
        months=[m.label for m in months],
        municipalities={
            code: {series: [counted[series, code, m] for m in months] for series in SERIES}
            for code in sorted(codes)
        },
    )
