"""JH-TB: the persons connected to the specialised palliative team during a year, derived from
the JH-PAL-2 decisions the system holds (issue 13, section 3).

Reading ``jh-tb-count-in-force-during-year``: a person (a pseudonymous patient reference)
counts once for year Y if a decision with JH-PAL-2 (connected to Storsjögläntan, the region
keeps the responsibility) was in force on at least one day of Y. A decision is in force from
its decision day until the day before the patient's next decision (the next one replaces it,
whether it supersedes it explicitly or comes from a later discharge), and never after its own
``valid_until``. Finance may adjust the count up or down, each time with a recorded reason;
the statement lists every adjustment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from billing.domain.work.rules import Reading

CONNECTED_RULE = "JH-PAL-2"
COUNT_IN_FORCE_DURING_YEAR = Reading(
    "JH-TB",
    "jh-tb-count-in-force-during-year",
    "the persons connected during the year are the distinct patients with a JH-PAL-2 decision "
    "in force on at least one day of it (a decision holds until the patient's next decision "
    "or its valid-until day); finance's adjustments, each with its reason, are added",
    "seed jamtland-harjedalen-samverkansavtal-2026, Överenskommelse tilläggsbelopp, "
    'Avstämning av tilläggsbeloppet item 1: "Under första kvartalet summeras antal personer '
    'i länet som föregående år var anslutna till Storsjögläntan"',
)


@dataclass(frozen=True, slots=True)
class DecisionFact:
    """What billing keeps of one responsibility decision to count connections (JH-TB)."""

    decision_id: str
    patient_ref: str
    decided_on: date
    valid_until: date | None
    connected: bool  # JH-PAL-2 is among the decision's rules
    sequence: int = 0  # order of arrival: breaks ties between decisions of the same day


@dataclass(frozen=True, slots=True)
class CountAdjustment:
    """Finance's correction of the derived count: signed persons, why, who, when."""

    delta: int
    reason: str
    recorded_by: str
    recorded_at: datetime

    def describe(self) -> str:
        when = self.recorded_at.date().isoformat()
        return f"{self.delta:+d} by {self.recorded_by} on {when}: {self.reason}"


@dataclass(frozen=True)
class ConnectedCount:
    """The count of year ``year`` (the year before the JH-TB amount's year)."""

    year: int
    derived: int
    decisions: int  # JH-PAL-2 decisions held
    adjustments: tuple[CountAdjustment, ...] = ()

    @property
    def adjustment_total(self) -> int:
        return sum(a.delta for a in self.adjustments)

    @property
    def total(self) -> int:
        return self.derived + self.adjustment_total

    def steps(self) -> tuple[str, ...]:
        head = (
            f"1. persons connected during {self.year}: {self.total} = {self.derived} with a "
            f"{CONNECTED_RULE} decision in force ({self.decisions} {CONNECTED_RULE} decisions held)"
        )
        if not self.adjustments:
            return (head + ", no adjustment",)
        lines = [head + f", adjusted {self.adjustment_total:+d}:"]
        lines += [f"   adjustment {a.describe()}" for a in self.adjustments]
        return tuple(lines)


def _in_force(decision: DecisionFact, following: DecisionFact | None) -> tuple[date, date | None]:
    """First and last day (None: open) a decision is in force; empty if last < first."""
    last = decision.valid_until
    if following is not None:
        replaced = following.decided_on - timedelta(days=1)
        last = replaced if last is None else min(last, replaced)
    return decision.decided_on, last


def connected_patients(decisions: Iterable[DecisionFact], year: int) -> frozenset[str]:
    """The patients with a JH-PAL-2 decision in force on some day of ``year``."""
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    by_patient: dict[str, list[DecisionFact]] = {}
    for decision in decisions:
        by_patient.setdefault(decision.patient_ref, []).append(decision)
    connected: set[str] = set()
    for patient, timeline in by_patient.items():
        timeline.sort(key=lambda d: (d.decided_on, d.sequence))
        following = [*timeline[1:], None]
        for decision, after in zip(timeline, following, strict=True):
            if not decision.connected:
                continue
            start, end = _in_force(decision, after)
            if start <= last_day and (end is None or end >= max(start, first_day)):
                connected.add(patient)
                break
    return frozenset(connected)


def count_connected(
    decisions: Iterable[DecisionFact], adjustments: Iterable[CountAdjustment], year: int
) -> ConnectedCount:
    """JH-TB item 1: the count of ``year`` from the decisions held, plus finance's adjustments.
    Raises ``ValueError`` if the adjustments would make it negative."""
    held = tuple(decisions)
    connected = sum(1 for d in held if d.connected)
    count = ConnectedCount(year, len(connected_patients(held, year)), connected, tuple(adjustments))
    if count.total < 0:
        raise ValueError(
            f"JH-TB: the adjustments ({count.adjustment_total:+d}) would make the count of "
            f"{year} negative ({count.derived} derived)"
        )
    return count
