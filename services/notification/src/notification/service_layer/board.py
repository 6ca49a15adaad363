"""The dashboard as one JSON document for one viewer: read from the tracking tables, the
alarms and the latest system readings, composed by domain.dashboard.

A municipality sees its own care requests, alarms and decisions, a region those it sent;
operations sees everything, including the system panels. No patient identity anywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from handover_common.access import Caller, OrgKind, Role
from sqlalchemy import ColumnElement, false, func, true
from sqlmodel import Session, col, select

from notification.adapters.alarm_tables import AlarmRow
from notification.adapters.system_feeds import CONSUMERS, SystemFeeds
from notification.adapters.tracking_tables import (
    CareRequestTrackingRow,
    DecisionSeenRow,
    EventMinuteRow,
)
from notification.domain import dashboard
from notification.domain.tracking import UNANSWERED, Tracked
from notification.settings import NotificationSettings

ALARMS_SHOWN = 100


@dataclass(frozen=True)
class Viewer:
    organisation: str
    operations: bool
    municipality: str | None = None
    region: str | None = None


def viewer_of(caller: Caller) -> Viewer:
    org = caller.organisation
    return Viewer(
        organisation=str(org),
        operations=caller.role is Role.OPERATIONS,
        municipality=org.code if org.kind is OrgKind.MUNICIPALITY else None,
        region=org.code if org.kind is OrgKind.REGION else None,
    )


def own_requests(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.operations:
        return true()
    if viewer.municipality is not None:
        return col(CareRequestTrackingRow.municipality_code) == viewer.municipality
    if viewer.region is not None:
        return col(CareRequestTrackingRow.region_code) == viewer.region
    return false()


def own_alarms(viewer: Viewer) -> ColumnElement[bool]:
    return true() if viewer.operations else col(AlarmRow.audience) == viewer.organisation


def own_decisions(viewer: Viewer) -> ColumnElement[bool]:
    code = col(DecisionSeenRow.municipality_code)
    if viewer.operations:
        return true()
    if viewer.municipality is not None:
        return code == viewer.municipality
    if viewer.region is not None:
        return code.startswith(viewer.region)
    return false()


def read_board(
    session: Session,
    viewer: Viewer,
    settings: NotificationSettings,
    feeds: SystemFeeds,
    now: datetime,
) -> dict[str, Any]:
    board: dict[str, Any] = {
        "generated_at": now.isoformat(),
        "viewer": asdict(viewer),
        "care_requests": _care_requests(session, viewer, settings, now),
        "alarms": _alarms(session, viewer),
        "decisions": _decisions(session, viewer, settings.dashboard_decisions_shown),
        "system": _system(session, settings, feeds, now) if viewer.operations else None,
    }
    return board


def _care_requests(
    session: Session, viewer: Viewer, settings: NotificationSettings, now: datetime
) -> dict[str, Any]:
    scope = own_requests(viewer)
    rows = session.exec(
        select(CareRequestTrackingRow).where(
            scope, col(CareRequestTrackingRow.state).in_(UNANSWERED)
        )
    )
    overdue_after = timedelta(minutes=settings.acknowledgement_overdue_minutes)
    waiting = dashboard.unanswered([Tracked(**r.model_dump()) for r in rows], now, overdue_after)
    counted = session.exec(
        select(
            CareRequestTrackingRow.municipality_code,
            CareRequestTrackingRow.state,
            func.count(),
        )
        .where(scope)
        .group_by(col(CareRequestTrackingRow.municipality_code), col(CareRequestTrackingRow.state))
    ).all()
    counts = [(m, s, int(n)) for m, s, n in counted]
    return {
        "overdue_after_minutes": settings.acknowledgement_overdue_minutes,
        "unanswered_total": len(waiting),
        "overdue": sum(w.overdue for w in waiting),
        "unanswered": [
            {**asdict(w), "created_at": w.created_at.isoformat()}
            for w in waiting[: settings.dashboard_unanswered_shown]
        ],
        "by_age": dashboard.by_age(waiting),
        "by_state": dashboard.by_state(counts),
        "by_municipality": dashboard.by_municipality(counts),
    }


def _alarms(session: Session, viewer: Viewer) -> dict[str, Any]:
    where = own_alarms(viewer) & col(AlarmRow.cleared_at).is_(None)
    total = session.exec(select(func.count()).select_from(AlarmRow).where(where)).one()
    query = select(AlarmRow).where(where).order_by(col(AlarmRow.raised_at), col(AlarmRow.id))
    shown = [
        {
            "kind": row.kind,
            "for": row.audience,
            "rule_id": row.rule_id,
            "subject": row.subject,
            "subject_id": row.subject_id,
            "summary": dashboard.without_identities(row.summary),
            "due_at": row.due_at.isoformat() if row.due_at else None,
            "raised_at": row.raised_at.isoformat(),
        }
        for row in session.exec(query.limit(ALARMS_SHOWN))
    ]
    return {"open": int(total), "items": shown}


def _decisions(session: Session, viewer: Viewer, shown: int) -> list[dict[str, Any]]:
    query = (
        select(DecisionSeenRow)
        .where(own_decisions(viewer))
        .order_by(col(DecisionSeenRow.decided_at).desc(), col(DecisionSeenRow.decision_id))
        .limit(shown)
    )
    return [
        {**row.model_dump(), "decided_at": row.decided_at.isoformat()}
        for row in session.exec(query)
    ]


def _system(
    session: Session, settings: NotificationSettings, feeds: SystemFeeds, now: datetime
) -> dict[str, Any]:
    minutes = settings.dashboard_chart_minutes
    since = now.replace(second=0, microsecond=0) - timedelta(minutes=minutes - 1)
    counted = session.exec(select(EventMinuteRow).where(col(EventMinuteRow.minute) >= since)).all()
    chart = dashboard.events_per_minute(
        [(r.topic, r.minute, r.events) for r in counted], now, minutes
    )
    health = [feeds.health.get(name) for name in CONSUMERS]
    return {
        "events_per_minute": chart,
        "services": [
            asdict(h) if h else {"service": name, "pending": True}
            for name, h in zip(CONSUMERS, health, strict=True)
        ],
        "dead_letters": [
            feeds.dead_letters.get(name, {"consumer": name, "pending": True}) for name in CONSUMERS
        ],
    }
