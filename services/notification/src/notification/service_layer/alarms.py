"""Raising and clearing alarms; deadline events become alarms for whoever owes the duty."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from sqlmodel import Session, select

from notification.adapters.alarm_tables import AlarmRow
from notification.domain.alarms import Alarm, deadline_alarm, deadline_key
from notification.service_layer.projections import Preloads, Projection


def raise_alarm(session: Session, alarm: Alarm, at: datetime) -> AlarmRow:
    """Open the alarm (idempotent by key). A cleared alarm raised again is reopened."""
    row = session.exec(select(AlarmRow).where(AlarmRow.key == alarm.key)).first()
    if row is None:
        row = AlarmRow(
            key=alarm.key,
            kind=alarm.kind,
            audience=alarm.audience,
            rule_id=alarm.rule_id,
            subject=alarm.subject,
            subject_id=alarm.subject_id,
            patient_ref=alarm.patient_ref,
            summary=alarm.summary,
            due_at=alarm.due_at,
            raised_at=at,
        )
    elif row.cleared_at is not None:
        row.cleared_at, row.cleared_reason, row.raised_at = None, None, at
    session.add(row)
    return row


def clear_alarm(session: Session, key: str, at: datetime, reason: str) -> bool:
    """Close an open alarm; False when there is none (the duty was met in time)."""
    row = session.exec(select(AlarmRow).where(AlarmRow.key == key)).first()
    if row is None or row.cleared_at is not None:
        return False
    row.cleared_at, row.cleared_reason = at, reason
    session.add(row)
    return True


def on_deadline_missed(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    raise_alarm(uow.session, deadline_alarm(payload), envelope.occurred_at)


def on_deadline_met(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    clear_alarm(uow.session, deadline_key(payload), envelope.occurred_at, "met late")


def on_deadline_stopped(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    clear_alarm(uow.session, deadline_key(payload), envelope.occurred_at, "duty ended")


PROJECTIONS: dict[str, Projection] = {
    "deadline.missed": on_deadline_missed,
    "deadline.met": on_deadline_met,
    "deadline.stopped": on_deadline_stopped,
}

PRELOADS: Preloads = {}  # alarms are read by deadline key through the session, not `find`
