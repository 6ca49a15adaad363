"""The live dashboard for operations: a page that polls /v1/dashboard every few seconds."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from handover_common.access import AccessTable, Authorised, allow, public
from handover_common.service import UoW
from handover_contracts.envelope import utcnow
from sqlmodel import col, select

from notification.adapters.orm import NoticeRow
from notification.domain.dashboard import Seen, counts_by_type, unanswered_care_requests
from notification.entrypoints.api import own_notices
from notification.entrypoints.scope import READERS
from notification.service_layer.background import BackgroundTask
from notification.settings import NotificationSettings

router = APIRouter(tags=["dashboard"])
ACCESS: AccessTable = {
    "GET /dashboard": public("the page itself holds no data; it calls /v1/dashboard with a token"),
    "GET /v1/dashboard": allow(
        *READERS,
        scope="notices addressed to the caller's organisation; operations: all, pseudonyms "
        "and counts only",
        reads_patient_data=True,
    ),
}
BACKGROUND: tuple[BackgroundTask, ...] = ()
PAGE = Path(__file__).with_name("dashboard.html")


@router.get("/dashboard", response_class=HTMLResponse)
def page() -> str:
    return PAGE.read_text()


@router.get("/v1/dashboard")
def dashboard(request: Request, uow: UoW, access: Authorised) -> dict[str, Any]:
    settings: NotificationSettings = request.app.state.runtime.settings
    now = utcnow()
    query = select(NoticeRow).where(
        col(NoticeRow.occurred_at) >= now - timedelta(hours=settings.dashboard_window_hours)
    )
    with uow:
        rows = list(uow.session.exec(query.where(own_notices(access))))
        seen = [
            Seen(r.event_type, r.care_request_id, r.audience, r.occurred_at, str(r.event_id))
            for r in rows
        ]
        overdue_after = timedelta(minutes=settings.acknowledgement_overdue_minutes)
        waiting = unanswered_care_requests(seen, now, overdue_after)
        # audit what the answer shows (the waiting care requests), not the whole window
        shown = {w.care_request_id for w in waiting}
        access.read(uow.session, {r.patient_ref for r in rows if r.care_request_id in shown})
        uow.commit()
    return {
        "generated_at": now.isoformat(),
        "window_hours": settings.dashboard_window_hours,
        "events_by_type": counts_by_type(seen),
        "unanswered_care_requests": [asdict(w) for w in waiting],
        "overdue": sum(w.overdue for w in waiting),
    }
