"""Each duty of a case judged at a moment: pending, met, late or missed."""

from __future__ import annotations

from datetime import datetime

from referral.domain.dates import local_date
from referral.domain.deadlines.duties import Duty, duties_of
from referral.domain.deadlines.judged import Deadline, State, state_of
from referral.domain.deadlines.payment import on_hospital_duties
from referral.domain.deadlines.rules import DeadlineRule, RuleBook
from referral.domain.deadlines.timeline import Timeline

__all__ = ["Deadline", "State", "deadlines_of", "state_of"]


def deadlines_of(timeline: Timeline, rules: RuleBook, now: datetime) -> list[Deadline]:
    """The case's deadlines, soonest due first. A duty is judged under the rule version in
    force on its anchor's date (Swedish); with no version in force it is not tracked."""
    found = []
    for duty in duties_of(timeline):
        rule = rules.in_force(duty.rule_id, local_date(duty.anchor_at))
        deadline = None if rule is None else _judge(timeline.patient_ref, duty, rule, now)
        if deadline is not None:
            found.append(deadline)
    found = on_hospital_duties(found)  # LAW-PAY: only when the hospital met its own
    return sorted(found, key=lambda d: (d.due_at, d.rule_id, d.subject_id))


def _judge(patient_ref: str, duty: Duty, rule: DeadlineRule, now: datetime) -> Deadline | None:
    due_at = rule.period.due_after(duty.anchor_at)
    if duty.met_at is None and duty.stopped_at is not None and duty.stopped_at <= due_at:
        return None  # ended before it fell due (e.g. readiness cancelled): nothing was owed
    return Deadline(
        rule_id=rule.id,
        rule_version=rule.version,
        description=rule.description,
        patient_ref=patient_ref,
        owed_by=duty.owed_by,
        subject=duty.subject,
        subject_id=duty.subject_id,
        anchor_at=duty.anchor_at,
        due_at=due_at,
        met_at=duty.met_at,
        stopped_at=None if duty.met_at is not None else duty.stopped_at,
        state=state_of(due_at, duty.met_at, now),
    )
