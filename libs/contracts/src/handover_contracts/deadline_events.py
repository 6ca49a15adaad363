"""Deadlines that passed unmet, and what became of them (issue 12 section 2).

Referral computes every legal and agreed deadline of a case (domain brief sections 5 and 5.1:
LAW-ADM24, LAW-SIP3, LAW-INFO, LAW-PAY, the care-request and follow-up acknowledgements) and
publishes a change of a deadline's outcome; notification turns them into alarms for the
organisation that must act and keeps the follow-up figures (deadlines met and missed per rule).
"""

from __future__ import annotations

from datetime import datetime

from handover_contracts.events import Payload
from handover_contracts.identifiers import PatientRef


class DeadlineFacts(Payload):
    """One deadline: the rule, who owes it, what it is about, and when it was due."""

    rule_id: str  # "LAW-ADM24", "CR-ACK", …
    owed_by: str  # the organisation that must act: "region:23", "municipality:2380"
    subject: str  # "stay" | "referral" | "care-request" | "medication-change" | …
    subject_id: str
    patient_ref: PatientRef
    region_code: str  # the sending region
    municipality_code: str | None = None  # the municipality of the case, where one is known
    anchor_at: datetime
    due_at: datetime


class DeadlineMissed(DeadlineFacts):
    """deadline.missed — the deadline passed unmet: raise an alarm to the organisation."""

    detected_at: datetime


class DeadlineMet(DeadlineFacts):
    """deadline.met — the duty was done; ``late`` when after the deadline (clears its alarm)."""

    met_at: datetime
    late: bool


class DeadlineStopped(DeadlineFacts):
    """deadline.stopped — the duty ended unmet for a reason that excuses it (the readiness
    notice was cancelled, the care request withdrawn): clears its alarm, counts as neither."""

    stopped_at: datetime
