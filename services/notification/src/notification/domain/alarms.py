"""Alarms: something an organisation had to do did not happen in time (issue 12 section 2),
or a receiving system never acknowledged what it was sent (section 1).

An alarm has a stable key, so raising it twice is one alarm and clearing it finds it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class AlarmKind(StrEnum):
    DEADLINE = "deadline"  # a legal or agreed deadline passed unmet (LAW-*, CR-*, …)
    DELIVERY = "delivery"  # a receiving system did not acknowledge a message


@dataclass(frozen=True)
class Alarm:
    key: str
    kind: AlarmKind
    audience: str  # the organisation that must act: "municipality:2380"; or "operations"
    rule_id: str | None  # the broken rule (deadlines) or None
    subject: str  # "stay", "care-request", "delivery", …
    subject_id: str
    patient_ref: str  # pseudonymous, "-" when the alarm concerns no patient
    summary: str
    due_at: datetime | None = None


def deadline_key(payload: dict[str, Any]) -> str:
    return f"deadline:{payload['rule_id']}:{payload['subject']}:{payload['subject_id']}"


def deadline_alarm(payload: dict[str, Any]) -> Alarm:
    """The alarm for a deadline.missed event: addressed to whoever owes the duty."""
    rule = payload["rule_id"]
    return Alarm(
        key=deadline_key(payload),
        kind=AlarmKind.DEADLINE,
        audience=payload["owed_by"],
        rule_id=rule,
        subject=payload["subject"],
        subject_id=payload["subject_id"],
        patient_ref=payload["patient_ref"],
        summary=f"{rule} missed: {payload['subject']} {payload['subject_id']} was due "
        f"{payload['due_at']}",
        due_at=datetime.fromisoformat(payload["due_at"]),
    )
