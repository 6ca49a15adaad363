"""LAW-PAY (domain brief 5.1): the municipality pays the region for every day a patient ready
for discharge stays beyond the agreed free days, but only when the hospital met its notice
duties. The free days are data (LAW-PAY somatic, LAW-PAY-PSY psychiatric care: "day 0" and its
cut-off time, then N calendar days); the clock is a deadline owed by the patient's registered
municipality: anchor = the readiness notice sent (LAW-READY), met = the patient discharged,
stopped = the readiness cancelled. Missed = the payment clock has started.

The hospital's duties, as read here:
- the admission notice sent in time (LAW-ADM24 met, not late): otherwise no clock at all;
- the readiness notice sent: it is the anchor, so there is no clock without it;
- the SIP called in time when it is needed (LAW-SIP3): a SIP not called by its due time
  (missed, or called late) ends the clock then (stopped: nothing is owed from then on, and
  nothing at all when that was before the free days ended). While the SIP is pending the clock
  runs: the hospital may still call it in time.
"""

from __future__ import annotations

from dataclasses import replace

from referral.domain.deadlines.judged import Deadline, State, state_of
from referral.domain.deadlines.rules import RuleId

PAYMENT_RULES = frozenset({RuleId.PAYMENT_CLOCK, RuleId.PAYMENT_CLOCK_PSYCHIATRY})
NOT_IN_TIME = frozenset({State.LATE, State.MISSED})


def on_hospital_duties(deadlines: list[Deadline]) -> list[Deadline]:
    """The deadlines with each payment clock kept, ended or dropped by the hospital's duties."""
    of_stays = {(d.rule_id, d.subject_id): d for d in deadlines if d.subject == "stay"}
    kept = []
    for deadline in deadlines:
        if deadline.rule_id in PAYMENT_RULES:
            admission = of_stays.get((RuleId.ADMISSION_NOTICE, deadline.subject_id))
            sip = of_stays.get((RuleId.SIP_CALLED, deadline.subject_id))
            judged = _conditioned(deadline, admission, sip)
            if judged is not None:
                kept.append(judged)
        else:
            kept.append(deadline)
    return kept


def _conditioned(
    clock: Deadline, admission: Deadline | None, sip: Deadline | None
) -> Deadline | None:
    if admission is not None and admission.state is not State.MET:
        return None  # the admission notice was late or is not sent: no payment clock
    if sip is None or sip.state not in NOT_IN_TIME:
        return clock  # no SIP needed, or called in time, or still pending
    ends = sip.due_at if clock.stopped_at is None else min(clock.stopped_at, sip.due_at)
    if clock.met_at is not None and clock.met_at <= ends:
        return clock  # discharged before the SIP fell due
    if ends <= clock.due_at:
        return None  # the SIP fell due unmet within the free days: nothing was ever owed
    state = state_of(clock.due_at, None, ends)  # missed: the clock ran until the SIP fell due
    return replace(clock, met_at=None, stopped_at=ends, state=state)
