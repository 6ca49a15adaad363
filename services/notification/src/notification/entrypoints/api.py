"""Notification's HTTP routes: the recent events, filtered to what the caller may see."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from handover_common.access import Access, Authorised, Role
from handover_common.pages import Offset, Page
from handover_common.service import UoW
from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, true
from sqlmodel import col, select

from notification.adapters.orm import NoticeRow

router = APIRouter(prefix="/v1", tags=["notification"])


class NoticeOut(BaseModel):
    event_id: str
    event_type: str
    patient_ref: str
    audience: str
    summary: str
    action: str | None
    correlation_id: str
    occurred_at: datetime


def own_notices(access: Access) -> ColumnElement[bool]:
    """Operations sees every notice (pseudonyms and counts only); others what is theirs."""
    if access.caller.role is Role.OPERATIONS:
        return true()
    return col(NoticeRow.audience) == str(access.org)


@router.get("/events/recent")
def recent_events(
    uow: UoW,
    access: Authorised,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Offset = 0,
    event_type: str | None = None,
) -> Page[NoticeOut]:
    """The latest notices addressed to the caller's organisation, newest first, optionally of
    one event type; every listed patient is audited."""
    query = select(NoticeRow).where(own_notices(access))
    if event_type:
        query = query.where(NoticeRow.event_type == event_type)
    with uow:
        total = uow.session.exec(select(func.count()).select_from(query.subquery())).one()
        newest = query.order_by(col(NoticeRow.id).desc()).offset(offset).limit(limit)
        rows = list(uow.session.exec(newest))
        access.read(uow.session, [r.patient_ref for r in rows])
        uow.commit()
    items = [
        NoticeOut.model_validate({**r.model_dump(), "event_id": str(r.event_id)}) for r in rows
    ]
    return Page(items=items, total=int(total), limit=limit, offset=offset)
