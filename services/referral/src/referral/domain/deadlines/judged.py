"""A duty judged at a moment: pending, met, late or missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from referral.domain.deadlines.rules import RuleId


class State(StrEnum):
    PENDING = "pending"  # not done, not yet due
    MET = "met"  # done by the due time
    LATE = "late"  # done, after the due time (accepted and marked, never refused)
    MISSED = "missed"  # not done and the due time has passed


@dataclass(frozen=True)
class Deadline:
    rule_id: RuleId
    rule_version: str
    description: str
    patient_ref: str
    owed_by: str
    subject: str
    subject_id: str
    anchor_at: datetime
    due_at: datetime
    met_at: datetime | None
    stopped_at: datetime | None
    state: State

    @property
    def is_open(self) -> bool:
        """Still to be done by whoever owes it: not met, not ended by a cancellation."""
        return self.met_at is None and self.stopped_at is None


def state_of(due_at: datetime, met_at: datetime | None, now: datetime) -> State:
    if met_at is not None:
        return State.MET if met_at <= due_at else State.LATE
    return State.MISSED if now > due_at else State.PENDING
