"""Open and cleared alarms: what the caller's organisation must act on (issue 12 section 2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from handover_common.access import Access, AccessTable, Authorised, Role, allow
from handover_common.service import UoW
from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, true
from sqlmodel import col, select

from notification.adapters.alarm_tables import AlarmRow
from notification.entrypoints.scope import READERS
from notification.service_layer.background import BackgroundTask

router = APIRouter(prefix="/v1", tags=["alarms"])
ACCESS: AccessTable = {
    "GET /v1/alarms": allow(
        *READERS,
        scope="alarms addressed to the caller's organisation; operations: all",
        reads_patient_data=True,
    ),
}
BACKGROUND: tuple[BackgroundTask, ...] = ()


class AlarmState(StrEnum):
    OPEN = "open"
    CLEARED = "cleared"
    ALL = "all"


class AlarmOut(BaseModel):
    key: str
    kind: str
    audience: str
    rule_id: str | None
    subject: str
    subject_id: str
    patient_ref: str
    summary: str
    due_at: datetime | None
    raised_at: datetime
    cleared_at: datetime | None
    cleared_reason: str | None


class AlarmPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AlarmOut]


def own_alarms(access: Access) -> ColumnElement[bool]:
    if access.caller.role is Role.OPERATIONS:
        return true()
    return col(AlarmRow.audience) == str(access.org)


def _in_state(state: AlarmState) -> ColumnElement[bool]:
    if state is AlarmState.OPEN:
        return col(AlarmRow.cleared_at).is_(None)
    if state is AlarmState.CLEARED:
        return col(AlarmRow.cleared_at).is_not(None)
    return true()


@router.get("/alarms")
def list_alarms(
    uow: UoW,
    access: Authorised,
    state: AlarmState = AlarmState.OPEN,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> AlarmPage:
    """The caller's alarms, oldest deadline first (open ones by default)."""
    where = own_alarms(access) & _in_state(state)
    query = select(AlarmRow).where(where).order_by(col(AlarmRow.raised_at), col(AlarmRow.id))
    with uow:
        total = uow.session.exec(select(func.count()).select_from(AlarmRow).where(where)).one()
        rows = list(uow.session.exec(query.offset(offset).limit(limit)))
        access.read(uow.session, [r.patient_ref for r in rows if r.patient_ref != "-"])
        uow.commit()
        items = [AlarmOut.model_validate(r, from_attributes=True) for r in rows]
    return AlarmPage(total=int(total), limit=limit, offset=offset, items=items)
