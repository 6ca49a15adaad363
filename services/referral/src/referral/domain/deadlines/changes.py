"""What the deadline watch publishes about a deadline, once each (issue 12 section 2): missed
when it passes unmet, then one final outcome, met (late or not) or stopped (the duty ended
unmet for an excusing reason: readiness cancelled, request withdrawn, the case voided). Pure:
the watch passes what it already published; the outbox and its memory are the caller's."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from referral.domain.deadlines.judged import Deadline, State


class Outcome(StrEnum):
    MISSED = "missed"  # deadline.missed: raise the alarm
    MET = "met"  # deadline.met: done (late or not); clears the alarm
    STOPPED = "stopped"  # deadline.stopped: ended unmet, excused; clears the alarm


class Phase(StrEnum):
    """What is published at most once per deadline: the alarm, then one final outcome."""

    MISSED = "missed"
    FINAL = "final"


def phase_of(outcome: Outcome) -> Phase:
    return Phase.MISSED if outcome is Outcome.MISSED else Phase.FINAL


def deadline_key(deadline: Deadline) -> str:
    """One deadline: the duty and its anchor. A new anchor (a new readiness notice after a
    cancellation, a corrected time) is a new deadline; the old one then ends as stopped."""
    anchor = deadline.anchor_at.isoformat()
    return f"{deadline.rule_id}:{deadline.subject}:{deadline.subject_id}@{anchor}"


def change_of(deadline: Deadline, published: Collection[Phase]) -> Outcome | None:
    """The outcome to publish now, or None. A met deadline is published as met even if its
    alarm was never raised (met in time, or late between two sweeps): the follow-up counts it."""
    if Phase.FINAL in published:
        return None
    if deadline.met_at is not None:
        return Outcome.MET
    if deadline.stopped_at is not None:
        return Outcome.STOPPED
    if deadline.state is State.MISSED and Phase.MISSED not in published:
        return Outcome.MISSED
    return None
