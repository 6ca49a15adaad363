"""GET /v1/audit: an auditor reads who read a patient's data (Patientdatalagen, log extracts).

Every service keeps its own log and serves it here. The operator's auditor sees every read (to
answer a patient who asks who read their record); an organisation's auditor sees the reads made
by its own organisation (its systematic log review). Reading the log is itself audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from handover_contracts.identifiers import PatientRef
from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import Session, col, select

from handover_common.access.guard import Authorised
from handover_common.access.roles import OrgKind, Role
from handover_common.access.rules import AccessTable, allow, public
from handover_common.pages import Limit, Offset, Page
from handover_common.tables import AuditEntry

router = APIRouter(prefix="/v1", tags=["audit"])


class AuditEntryOut(BaseModel):
    at: datetime
    organisation: str
    person: str
    role: str
    unit: str | None
    route: str
    resource: str
    patient_ref: str | None
    outcome: str


@router.get("/audit")
def audit_log(
    request: Request,
    patient_ref: Annotated[PatientRef, Query()],
    access: Authorised,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[AuditEntryOut]:
    """Who read this patient's data: every read, refusal included, oldest first
    (Patientdatalagen log extracts); an organisation's auditor sees its own organisation's
    reads. Reading the log is audited too."""
    query = select(AuditEntry).where(AuditEntry.patient_ref == patient_ref)
    if access.org.kind is not OrgKind.OPERATOR:
        query = query.where(AuditEntry.organisation == str(access.org))
    with Session(request.app.state.runtime.engine) as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = session.exec(query.order_by(col(AuditEntry.id)).offset(offset).limit(limit))
        items = [_out(row) for row in rows]
        access.read(session, [patient_ref])
        session.commit()
    return Page(items=items, total=int(total), limit=limit, offset=offset)


def _out(row: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        at=row.at,
        organisation=row.organisation,
        person=row.actor,
        role=row.role,
        unit=row.unit,
        route=row.route,
        resource=row.resource,
        patient_ref=row.patient_ref,
        outcome=row.outcome,
    )


COMMON_ACCESS: AccessTable = {
    "GET /health": public("liveness: no data"),
    "GET /ready": public("readiness of database and broker: no data"),
    "GET /metrics": public("counters for monitoring: no patient data, no identities"),
    "GET /asyncapi.json": public("the events' AsyncAPI document, like /openapi.json: no data"),
    "GET /v1/audit": allow(
        Role.AUDITOR,
        scope="operator's auditor: every read; an organisation's auditor: its own reads",
        reads_patient_data=True,
    ),
}
