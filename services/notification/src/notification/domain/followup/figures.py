"""The follow-up figures of one municipality and one Swedish calendar month (issue 12 section 4;
seed orebro-…: yearly follow-up with quantitative measures; seed dalarna-…: measured volumes).

Every figure is counted in the month its defining moment falls in (Europe/Stockholm):
creation, acceptance, rejection, acknowledgement, enrolment, end of stay, deadline due, work
started, dispute opened, dispute settled. Days in home care are split over the months a stay
covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, TypeVar

from handover_contracts.billing_events import WorkKind
from handover_contracts.events import DisputeLevel, RejectionReason, WayIn
from handover_contracts.followup_events import HomecareDischargeReason

from notification.domain.followup.exact import mean, median, rounded
from notification.domain.followup.facts import (
    CareRequestFacts,
    DeadlineFacts,
    DeadlineState,
    DisputeFacts,
    MoveFacts,
    Outcome,
    StayFacts,
    WorkFacts,
)
from notification.domain.followup.months import Month, days_within

WAYS_IN = tuple(w.value for w in WayIn)
OUTCOMES = tuple(o.value for o in Outcome)
REASONS = tuple(r.value for r in RejectionReason)
ENDED_WITHOUT_DISCHARGE = "ended-without-discharge"  # cancelled while enrolled
DISCHARGE_REASONS = (*(r.value for r in HomecareDischargeReason), ENDED_WITHOUT_DISCHARGE)
STREAMS = tuple(k.value for k in WorkKind)
DISPUTE_LEVELS = tuple(level.value for level in DisputeLevel)
MICROSECONDS_PER_MINUTE = 60_000_000


@dataclass(frozen=True)
class Facts:
    """Stored facts; any municipality and any time (the figures pick theirs)."""

    care_requests: Sequence[CareRequestFacts] = ()
    stays: Sequence[StayFacts] = ()
    deadlines: Sequence[DeadlineFacts] = ()
    work: Sequence[WorkFacts] = ()
    moves: Sequence[MoveFacts] = ()
    disputes: Sequence[DisputeFacts] = ()


@dataclass(frozen=True)
class CareRequestFigures:
    created: int
    acute: int
    by_way_in: dict[str, int]
    by_outcome: dict[str, int]
    by_way_in_and_outcome: dict[str, dict[str, int]]
    accepted: int
    rejected: int
    rejected_by_reason: dict[str, int]


@dataclass(frozen=True)
class AcknowledgementFigures:
    acknowledged: int
    median_minutes: Decimal | None
    mean_minutes: Decimal | None


@dataclass(frozen=True)
class HomeCareFigures:
    enrolled: int
    discharged: int
    discharged_by_reason: dict[str, int]
    stays: int
    days: int


@dataclass(frozen=True)
class RuleFigures:
    met: int = 0
    met_late: int = 0
    missed: int = 0


@dataclass(frozen=True)
class DisputeFigures:
    opened: int
    opened_by_level: dict[str, int]
    settled: int
    settled_with_move: int
    settled_without_move: int
    components_moved: dict[str, int]
    moved_to: dict[str, int]


@dataclass(frozen=True)
class StreamWork:
    reports: int
    minutes: int
    hours: Decimal


@dataclass(frozen=True)
class WorkFigures:
    performed: dict[str, StreamWork]  # by the municipality, for another principal
    received: dict[str, StreamWork]  # by another principal, for the municipality


@dataclass(frozen=True)
class MonthFigures:
    municipality_code: str
    month: str
    care_requests: CareRequestFigures
    time_to_acknowledge: AcknowledgementFigures
    home_care: HomeCareFigures
    deadlines: dict[str, RuleFigures]
    disputes: DisputeFigures
    work: WorkFigures
    time_zone: str = "Europe/Stockholm"
    not_measured: dict[str, str] = field(default_factory=dict)


NOT_MEASURED: dict[str, str] = {}
"""Figures asked for but not measurable from the events, each with why (none at present)."""


def month_figures(code: str, month: Month, facts: Facts, today: date) -> MonthFigures:
    """Every figure of municipality ``code`` in ``month``; ``today`` (Swedish date) ends the
    stays that go on."""
    return MonthFigures(
        municipality_code=code,
        month=month.label,
        care_requests=care_request_figures(_own(facts.care_requests, code), month),
        time_to_acknowledge=acknowledgement_figures(_own(facts.care_requests, code), month),
        home_care=home_care_figures(_own(facts.stays, code), month, today),
        deadlines=deadline_figures(_own(facts.deadlines, code), month),
        disputes=dispute_figures(_own(facts.disputes, code), _own(facts.moves, code), month),
        work=work_figures(facts.work, code, month),
        not_measured=dict(NOT_MEASURED),
    )


class _Owned(Protocol):
    @property
    def municipality_code(self) -> str: ...


Owned = TypeVar("Owned", bound=_Owned)


def _own(items: Iterable[Owned], code: str) -> list[Owned]:
    return [i for i in items if i.municipality_code == code]


def _counts(keys: Iterable[str], known: Sequence[str]) -> dict[str, int]:
    """Every known key (zero when absent) first, then any other key seen."""
    found = Counter(keys)
    return {**{k: found.get(k, 0) for k in known}, **dict(sorted(found.items()))}


def care_request_figures(requests: Sequence[CareRequestFacts], month: Month) -> CareRequestFigures:
    """Created: by way in and, for those, where they stand now. Accepted and rejected: the
    answers given in the month, whenever the request was created."""
    created = [r for r in requests if month.contains(r.created_at)]
    rejected = [r for r in requests if month.contains(r.rejected_at)]
    ways = [r.way_in or "unknown" for r in created]
    return CareRequestFigures(
        created=len(created),
        acute=sum(r.acute for r in created),
        by_way_in=_counts(ways, WAYS_IN),
        by_outcome=_counts((r.outcome.value for r in created), OUTCOMES),
        by_way_in_and_outcome={
            way: _counts(
                (r.outcome.value for r in created if (r.way_in or "unknown") == way), OUTCOMES
            )
            for way in _counts(ways, WAYS_IN)
        },
        accepted=sum(month.contains(r.accepted_at) for r in requests),
        rejected=len(rejected),
        rejected_by_reason=_counts((r.rejection_reason or "other" for r in rejected), REASONS),
    )


def minutes_to_acknowledge(request: CareRequestFacts) -> Fraction | None:
    if request.created_at is None or request.acknowledged_at is None:
        return None
    waited = request.acknowledged_at - request.created_at
    return Fraction(waited // timedelta(microseconds=1), MICROSECONDS_PER_MINUTE)


def acknowledgement_figures(
    requests: Sequence[CareRequestFacts], month: Month
) -> AcknowledgementFigures:
    """Requests acknowledged in the month: minutes from created to acknowledged, exact,
    rounded once to 0.01 minute (half away from zero)."""
    waits = [
        wait
        for r in requests
        if month.contains(r.acknowledged_at) and (wait := minutes_to_acknowledge(r)) is not None
    ]
    middle, average = median(waits), mean(waits)
    return AcknowledgementFigures(
        acknowledged=len(waits),
        median_minutes=None if middle is None else rounded(middle),
        mean_minutes=None if average is None else rounded(average),
    )


def stay_days(stay: StayFacts, month: Month, today: date) -> int:
    """Calendar days in home care within the month, the enrolment day and the last day both
    counted; a stay that goes on counts up to today."""
    last = stay.last_day or today
    return days_within(stay.enrolled_on, last, month)


def home_care_figures(stays: Sequence[StayFacts], month: Month, today: date) -> HomeCareFigures:
    ended = [s for s in stays if month.contains_day(s.last_day)]
    reasons = (
        s.discharge_reason
        if s.discharged_on is not None and s.discharge_reason
        else ENDED_WITHOUT_DISCHARGE
        for s in ended
    )
    days = [stay_days(s, month, today) for s in stays]
    return HomeCareFigures(
        enrolled=sum(month.contains_day(s.enrolled_on) for s in stays),
        discharged=len(ended),
        discharged_by_reason=_counts(reasons, DISCHARGE_REASONS),
        stays=sum(d > 0 for d in days),
        days=sum(days),
    )


def deadline_figures(deadlines: Sequence[DeadlineFacts], month: Month) -> dict[str, RuleFigures]:
    """Deadlines due in the month, per rule: met in time, met late, missed (still unmet).
    A stopped deadline (the duty ended, excused) counts as neither."""
    per_rule: dict[str, Counter[DeadlineState]] = {}
    for d in deadlines:
        if month.contains(d.due_at):
            per_rule.setdefault(d.rule_id, Counter())[d.state] += 1
    return {
        rule: RuleFigures(
            met=c[DeadlineState.MET],
            met_late=c[DeadlineState.MET_LATE],
            missed=c[DeadlineState.MISSED],
        )
        for rule, c in sorted(per_rule.items())
    }


def dispute_figures(
    disputes: Sequence[DisputeFacts], moves: Sequence[MoveFacts], month: Month
) -> DisputeFigures:
    """GEN-DISPUTE. Opened: disputes whose dispute.opened was recorded in the month, also by
    level. Settled with move: disputes with a component moved in the month (responsibility.moved,
    counted once per dispute); settled without move: resolutions recorded in the month that
    moved nothing (dispute.resolved with no moved component); settled: the two together, so
    every settled dispute counts once, in the month of its resolution. Components moved and
    where to: one per moved component."""
    opened = [d for d in disputes if month.contains(d.opened_at)]
    settled = [m for m in moves if month.contains(m.moved_at)]
    with_move = len({m.dispute_id for m in settled})
    without_move = sum(d.settled_without_move and month.contains(d.resolved_at) for d in disputes)
    return DisputeFigures(
        opened=len(opened),
        opened_by_level=_counts((d.level or "unknown" for d in opened), DISPUTE_LEVELS),
        settled=with_move + without_move,
        settled_with_move=with_move,
        settled_without_move=without_move,
        components_moved=_counts((m.component for m in settled), ()),
        moved_to=_counts((m.moved_to_kind for m in settled), ("municipality", "region")),
    )


def _stream_work(reports: Sequence[WorkFacts]) -> dict[str, StreamWork]:
    streams = _counts((r.stream for r in reports), STREAMS)
    result = {}
    for stream, count in streams.items():
        minutes = sum(r.minutes for r in reports if r.stream == stream)
        result[stream] = StreamWork(count, minutes, rounded(Fraction(minutes, 60)))
    return result


def work_figures(work: Sequence[WorkFacts], code: str, month: Month) -> WorkFigures:
    """Reports started in the month, per stream (work kind): performed by the municipality for
    another principal, and received (performed by another principal for it). Hours are the
    minutes / 60, rounded once to 0.01 hour."""
    in_month = [w for w in work if month.contains(w.started_at)]
    return WorkFigures(
        performed=_stream_work([w for w in in_month if w.performer_code == code]),
        received=_stream_work([w for w in in_month if w.counterparty_code == code]),
    )
