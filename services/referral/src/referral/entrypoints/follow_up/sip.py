"""SIP meetings: the fixed care contact in regional outpatient care calls a coordinated
individual plan (LAW-SIP3) and says when it was held; the calling region and every invited
organisation list them (issue 9 section 5)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from handover_common.access import Authorised, OrgKind
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.identifiers import PatientRef

from referral.adapters.followup_tables import SipMeetingRow
from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.entrypoints.follow_up.errors import actor, answered
from referral.entrypoints.follow_up.sip_schemas import (
    SipCallIn,
    SipHeldIn,
    SipMeetingItem,
    SipMeetingOut,
    SipMeetingPage,
    sip_out,
)
from referral.entrypoints.follow_up.views import patient_identity
from referral.service_layer.follow_up import sip as flow

router = APIRouter(prefix="/v1", tags=["SIP"])


@router.post(
    "/sip-meetings",
    status_code=status.HTTP_201_CREATED,
    responses={404: {"description": "no such care request or stay, or another region's"}},
)
def call_sip(body: SipCallIn, uow: UoW, access: Authorised) -> SipMeetingOut:
    """Call a SIP about a care request or a hospital stay of the caller's region."""
    command = flow.CallSip(
        region_code=access.org.code,
        care_request_id=body.care_request_id,
        stay_id=body.stay_id,
        meeting_at=body.meeting_at,
        called_at=body.called_at or utcnow(),
        invited=body.invited,
        actor=actor(access),
        message_id=body.message_id,
    )
    with uow, answered(access):
        return sip_out(flow.call_sip(command, uow))


@router.post("/sip-meetings/{sip_id}/held")
def sip_held(
    sip_id: uuid.UUID, uow: UoW, access: Authorised, body: SipHeldIn | None = None
) -> SipMeetingOut:
    """The meeting took place; a repeat answers as the first time."""
    held_at = (body.held_at if body else None) or utcnow()
    with uow, answered(access):
        return sip_out(flow.mark_held(sip_id, access.org.code, held_at, actor(access), uow))


@router.get("/sip-meetings")
def sip_meetings(
    uow: UoW,
    access: Authorised,
    patient_ref: PatientRef | None = None,
    stay_id: Annotated[str | None, Query(max_length=64)] = None,
    held: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> SipMeetingPage:
    """The SIPs the caller's region called or the caller's organisation is invited to, by
    meeting time. Every listed patient is audited."""
    own = access.org
    query = flow.SipQuery(
        organisation=str(own),
        region_code=own.code if own.kind is OrgKind.REGION else None,
        patient_ref=patient_ref,
        stay_id=stay_id,
        held=held,
        limit=limit,
        offset=offset,
    )
    with uow:
        total, rows = flow.sip_meetings(uow, query)
        items = [_item(uow, row) for row in rows]
        access.read(uow.session, [row.patient_ref for row in rows])
        uow.commit()
        return SipMeetingPage(total=total, limit=limit, offset=offset, items=items)


def _item(uow: UnitOfWork, row: SipMeetingRow) -> SipMeetingItem:
    content = None
    if row.care_request_id is not None:
        request = uow.session.get(CareRequestRow, row.care_request_id)
        sent = uow.session.get(DischargeRow, request.discharge_id) if request else None
        content = sent.content if sent else None
    patient = patient_identity(uow.session, row.patient_ref, content)
    return SipMeetingItem(**dict(sip_out(row)), patient=patient)
