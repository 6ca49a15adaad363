"""What the dashboard keeps from each event: a care request's lifecycle state, the latest
responsibility decisions, and a count per topic and minute (issue 12 section 3)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import fields
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from handover_common.runtime import Runtime
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import EVENTS, Envelope
from handover_contracts.envelope import utcnow
from sqlalchemy import Insert, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from notification.adapters.tracking_tables import (
    CareRequestTrackingRow,
    DecisionSeenRow,
    EventMinuteRow,
)
from notification.domain.tracking import (
    TRACKED,
    Decision,
    Tracked,
    decision_of,
    minute_of,
    track,
)
from notification.service_layer.projections import Preload, Preloads, Projection
from notification.settings import NotificationSettings


def on_care_request_event(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    key = str(payload["care_request_id"])
    row = uow.find(CareRequestTrackingRow, care_request_id=key)
    current = None if row is None else Tracked(**{f: getattr(row, f) for f in _TRACKED_FIELDS})
    after = fields_of(track(current, envelope.event_type, envelope.occurred_at, payload))
    if row is None:
        uow.new(CareRequestTrackingRow, after, care_request_id=key)
    else:
        for name, value in after.items():
            setattr(row, name, value)


_TRACKED_FIELDS = tuple(f.name for f in fields(Tracked))


def fields_of(value: Tracked | Decision) -> dict[str, Any]:
    """A dataclass's fields as they are: `dataclasses.asdict` deep-copies every value (each
    datetime too), which cost more than the row's whole lookup (issue 11)."""
    return dict(vars(value))


def on_decided(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    decision = decision_of(payload, envelope.occurred_at)
    key = decision.decision_id
    if uow.find(DecisionSeenRow, decision_id=key) is None:
        uow.new(DecisionSeenRow, fields_of(decision), decision_id=key)


class EventCounts:
    """The transaction's events per topic and minute, added to the chart when it commits: one
    upsert per minute and topic of a consumer batch, not one per event."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, datetime]] = Counter()

    def add(self, topic: str, occurred_at: datetime) -> None:
        self.counts[topic, minute_of(occurred_at)] += 1

    def write(self, session: Session) -> None:
        if self.counts:
            rows = [{"topic": t, "minute": m, "events": n} for (t, m), n in self.counts.items()]
            session.execute(_count_upsert(session.get_bind().dialect.name), rows)


@cache
def _count_upsert(dialect: str) -> Insert:
    """Adds to a minute's count; an upsert, so two replicas never collide."""
    table = EventMinuteRow.__table__  # type: ignore[attr-defined]
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    return statement.on_conflict_do_update(
        index_elements=["topic", "minute"],
        set_={"events": table.c.events + statement.excluded.events},
    )


def count_event(uow: UnitOfWork, topic: str, occurred_at: datetime) -> None:
    uow.before_commit(EventCounts).add(topic, occurred_at)


def _counted(project: Projection | None) -> Projection:
    def projection(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
        count_event(uow, EVENTS[envelope.event_type].topic, envelope.occurred_at)
        if project is not None:
            project(uow, envelope, payload)

    return projection


def prune(session: Session, now: datetime, minutes_kept: timedelta, decisions_kept: int) -> None:
    """Forget minutes older than the chart needs and all but the latest decisions."""
    session.execute(delete(EventMinuteRow).where(col(EventMinuteRow.minute) < now - minutes_kept))
    newest = select(DecisionSeenRow.decision_id).order_by(col(DecisionSeenRow.decided_at).desc())
    keep = list(session.exec(newest.limit(decisions_kept)))
    session.execute(delete(DecisionSeenRow).where(col(DecisionSeenRow.decision_id).not_in(keep)))


async def prune_forever(runtime: Runtime) -> None:
    """Background: now and then, forget what the dashboard no longer shows."""
    settings = runtime.settings
    assert isinstance(settings, NotificationSettings)
    kept = timedelta(hours=settings.dashboard_minutes_kept_hours)

    def once() -> None:
        with Session(runtime.engine) as session:
            prune(session, utcnow(), kept, settings.dashboard_decisions_kept)
            session.commit()

    while True:
        await asyncio.sleep(settings.dashboard_prune_seconds)
        await asyncio.to_thread(once)


_OWN: dict[str, Projection] = {
    **{event_type: on_care_request_event for event_type in TRACKED},
    "responsibility.decided": on_decided,
}
PROJECTIONS: dict[str, Projection] = {
    event_type: _counted(_OWN.get(event_type)) for event_type in EVENTS
}
"""Every event is counted on its topic; care-request events and decisions are also kept."""

_BY_REQUEST = (Preload(CareRequestTrackingRow, "care_request_id", "care_request_id"),)
PRELOADS: Preloads = {
    **{event_type: _BY_REQUEST for event_type in TRACKED},
    "responsibility.decided": (Preload(DecisionSeenRow, "decision_id", "decision_id"),),
}
