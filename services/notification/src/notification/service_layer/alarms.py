"""Raising and clearing alarms; deadline events become alarms for whoever owes the duty."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from sqlmodel import Session, select

from notification.adapters.alarm_tables import AlarmRow
from notification.domain.alarms import Alarm, deadline_alarm, deadline_key
from notification.service_layer.projections import Preload, Preloads, Projection


def raise_alarm(session: Session, alarm: Alarm, at: datetime) -> AlarmRow:
    """Open the alarm (idempotent by key). A cleared alarm raised again is reopened."""
    return _raised(session, _by_key(session, alarm.key), alarm, at)


def clear_alarm(session: Session, key: str, at: datetime, reason: str) -> bool:
    """Close an open alarm; False when there is none (the duty was met in time)."""
    return _cleared(session, _by_key(session, key), at, reason)


def _by_key(session: Session, key: str) -> AlarmRow | None:
    return session.exec(select(AlarmRow).where(AlarmRow.key == key)).first()


def _raised(session: Session, row: AlarmRow | None, alarm: Alarm, at: datetime) -> AlarmRow:
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


def _cleared(session: Session, row: AlarmRow | None, at: datetime, reason: str) -> bool:
    if row is None or row.cleared_at is not None:
        return False
    row.cleared_at, row.cleared_reason = at, reason
    session.add(row)
    return True


# A consumer batch finds deadline alarms through its unit of work (`find`, preloaded for the
# batch below): each deadline event asking the session flushed the batch's pending rows first
# and cost a query, and every discharge brings a deadline.met (LAW-INFO) (issue 11).


def on_deadline_missed(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    alarm = deadline_alarm(payload)
    row = _raised(uow.session, uow.find(AlarmRow, key=alarm.key), alarm, envelope.occurred_at)
    uow.keep(row, key=alarm.key)


def on_deadline_met(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    key = deadline_key(payload)
    _cleared(uow.session, uow.find(AlarmRow, key=key), envelope.occurred_at, "met late")


def on_deadline_stopped(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    key = deadline_key(payload)
    _cleared(uow.session, uow.find(AlarmRow, key=key), envelope.occurred_at, "duty ended")


PROJECTIONS: dict[str, Projection] = {
    "deadline.missed": on_deadline_missed,
    "deadline.met": on_deadline_met,
    "deadline.stopped": on_deadline_stopped,
}

_BY_DEADLINE = (Preload(AlarmRow, "key", deadline_key),)
PRELOADS: Preloads = {
    "deadline.missed": _BY_DEADLINE,
    "deadline.met": _BY_DEADLINE,
    "deadline.stopped": _BY_DEADLINE,
}
