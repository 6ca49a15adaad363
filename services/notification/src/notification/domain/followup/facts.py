"""What the follow-up keeps per care request, home-care stay, deadline, work report, dispute and
moved responsibility: enough to count, nothing that identifies a person (no patient reference)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Outcome(StrEnum):
    """Where a care request ended up (domain brief section 5)."""

    OPEN = "open"  # requested or acknowledged, not answered yet
    ACCEPTED = "accepted"  # accepted, enrolled or completed
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    ENTERED_IN_ERROR = "entered-in-error"


@dataclass(frozen=True)
class CareRequestFacts:
    care_request_id: str
    municipality_code: str
    way_in: str | None  # None until care-request.created arrived
    acute: bool = False
    created_at: datetime | None = None
    acknowledged_at: datetime | None = None
    accepted_at: datetime | None = None
    rejected_at: datetime | None = None
    rejection_reason: str | None = None
    cancelled_at: datetime | None = None
    entered_in_error: bool = False
    completed_on: date | None = None

    @property
    def outcome(self) -> Outcome:
        """A cancellation ends everything; otherwise the later of acceptance and rejection."""
        if self.cancelled_at is not None:
            return Outcome.ENTERED_IN_ERROR if self.entered_in_error else Outcome.CANCELLED
        answers = [
            (at, outcome)
            for at, outcome in (
                (self.accepted_at, Outcome.ACCEPTED),
                (self.rejected_at, Outcome.REJECTED),
            )
            if at is not None
        ]
        return max(answers)[1] if answers else Outcome.OPEN


@dataclass(frozen=True)
class StayFacts:
    """One enrolment in home care (homecare.enrolled) and how it ended."""

    care_request_id: str
    municipality_code: str
    enrolled_on: date
    discharged_on: date | None = None  # homecare.discharged
    discharge_reason: str | None = None
    request_ended_on: date | None = None  # care-request.completed, or cancelled (Swedish date)

    @property
    def last_day(self) -> date | None:
        """The stay's last day in home care; None while it goes on."""
        ends = [d for d in (self.discharged_on, self.request_ended_on) if d is not None]
        return max(min(ends), self.enrolled_on) if ends else None


class DeadlineState(StrEnum):
    MET = "met"  # deadline.met, not late
    MET_LATE = "met-late"  # deadline.met with late
    MISSED = "missed"  # deadline.missed, not (yet) met
    STOPPED = "stopped"  # deadline.stopped: the duty ended, excused — counts as neither


def next_deadline_state(
    current: DeadlineState | None, event_type: str, late: bool
) -> DeadlineState:
    """Meeting a deadline is final; otherwise the latest event says where it stands."""
    if current in (DeadlineState.MET, DeadlineState.MET_LATE):
        return current
    if event_type == "deadline.met":
        return DeadlineState.MET_LATE if late else DeadlineState.MET
    if event_type == "deadline.missed":
        return DeadlineState.MISSED
    if event_type == "deadline.stopped":
        return DeadlineState.STOPPED
    raise ValueError(f"{event_type} is no deadline event")


def deadline_municipality(municipality_code: str | None, owed_by: str) -> str | None:
    """The case's municipality; else the owing organisation when it is a municipality."""
    if municipality_code:
        return municipality_code
    kind, _, code = owed_by.partition(":")
    return code if kind == "municipality" else None


@dataclass(frozen=True)
class DeadlineFacts:
    key: str
    rule_id: str
    municipality_code: str
    due_at: datetime
    state: DeadlineState


def is_municipality_code(code: str) -> bool:
    """SCB: a municipality has a 4-digit code (its county's 2 digits first), a region 2."""
    return len(code) == 4 and code.isascii() and code.isdigit()


def reported_minutes(
    intervention: int, administration: int, reporting_back: int, travel: int, combined: bool
) -> int:
    """The time a report counts, as billing bills it (JH-RENT-DAY, JH-SIGHT): intervention +
    administration + reporting back + travel, travel only when not combined with an ordinary
    visit."""
    return intervention + administration + reporting_back + (0 if combined else travel)


@dataclass(frozen=True)
class WorkFacts:
    report_id: str
    stream: str  # the work kind (billing invoices each kind as its own stream)
    performer_code: str
    counterparty_code: str
    started_at: datetime
    minutes: int


@dataclass(frozen=True)
class MoveFacts:
    """One component moved by a dispute's resolution (responsibility.moved, GEN-DISPUTE)."""

    dispute_id: str
    component: str
    municipality_code: str
    moved_to_kind: str  # "region" | "municipality"
    moved_at: datetime


@dataclass(frozen=True)
class DisputeFacts:
    """One dispute (GEN-DISPUTE): when dispute.opened and dispute.resolved were recorded, and
    how many components the resolution moved."""

    dispute_id: str
    municipality_code: str
    level: str | None = None  # "individual" | "organisational"; None until dispute.opened
    opened_at: datetime | None = None
    resolved_at: datetime | None = None
    moved_components: int | None = None  # None until dispute.resolved

    @property
    def settled_without_move(self) -> bool:
        return self.resolved_at is not None and self.moved_components == 0


def move_municipality(
    decision_municipality: str | None, parties: list[tuple[str, str] | None]
) -> str | None:
    """The decision's municipality; else the municipality among the parties (to, then from)."""
    if decision_municipality:
        return decision_municipality
    for party in parties:
        if party is not None and party[0] == "municipality":
            return party[1]
    return None
