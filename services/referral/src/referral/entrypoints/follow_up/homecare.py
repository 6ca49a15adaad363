"""Discharge from home care back to the health centre: the municipality discharges, the listed
health centre acknowledges and the care request is completed; both sides list what is still
unacknowledged (issue 9 section 3; HSV-DISCHARGE, HSV-DISCHARGE-ACK)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from handover_common.access import Authorised, OrgKind
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork

from referral.adapters.followup_tables import HomecareDischargeRow
from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.entrypoints.follow_up.errors import actor, answered
from referral.entrypoints.follow_up.homecare_schemas import (
    HomecareDischargeIn,
    HomecareDischargeItem,
    HomecareDischargeOut,
    HomecareDischargePage,
    discharge_out,
)
from referral.entrypoints.follow_up.views import patient_identity
from referral.entrypoints.intake.content import HsaId
from referral.service_layer.follow_up import homecare_discharge as flow

router = APIRouter(prefix="/v1", tags=["discharge from home care"])


@router.post("/care-requests/{care_request_id}/homecare-discharge")
def discharge_from_homecare(
    care_request_id: uuid.UUID, body: HomecareDischargeIn, uow: UoW, access: Authorised
) -> HomecareDischargeOut:
    """The addressed municipality discharges the patient from home care (utskrivning ur
    hemsjukvården); a repeat with the same facts answers as the first time."""
    command = flow.DischargeFromHomecare(
        care_request_id=care_request_id,
        municipality_code=access.org.code,
        discharged_on=body.discharged_on,
        reason=body.reason,
        summary=body.summary,
        health_centre_hsa_id=body.health_centre_hsa_id,
        actor=actor(access),
    )
    with uow, answered(access):
        row = flow.discharge_from_homecare(command, uow)
        return discharge_out(row, _status(uow, row))


@router.post("/care-requests/{care_request_id}/homecare-discharge/acknowledge")
def acknowledge_homecare_discharge(
    care_request_id: uuid.UUID, uow: UoW, access: Authorised
) -> HomecareDischargeOut:
    """The health centre takes the patient back: the care request becomes completed."""
    command = flow.AcknowledgeDischarge(care_request_id, access.org.code, actor(access))
    with uow, answered(access):
        row = flow.acknowledge_discharge(command, uow)
        return discharge_out(row, _status(uow, row))


@router.get("/homecare-discharges")
def homecare_discharges(
    uow: UoW,
    access: Authorised,
    unacknowledged: bool = False,
    health_centre_hsa_id: HsaId | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> HomecareDischargePage:
    """The municipality's own discharges, or those back to the calling health centre itself
    (need to know: not every unit of the region); oldest first. Every listed patient is
    audited."""
    own = access.org
    region = own.kind is OrgKind.REGION
    query = flow.DischargeQuery(
        municipality_code=own.code if own.kind is OrgKind.MUNICIPALITY else None,
        region_code=own.code if region else None,
        unacknowledged=unacknowledged,
        health_centre_hsa_id=access.caller.unit if region else health_centre_hsa_id,
        limit=limit,
        offset=offset,
    )
    with uow:
        total, rows = flow.discharges(uow, query)
        items = [_item(uow, row) for row in rows]
        access.read(uow.session, [row.patient_ref for row in rows])
        uow.commit()
        return HomecareDischargePage(total=total, limit=limit, offset=offset, items=items)


def _item(uow: UnitOfWork, row: HomecareDischargeRow) -> HomecareDischargeItem:
    request = uow.session.get(CareRequestRow, row.care_request_id)
    assert request is not None
    sent = uow.session.get(DischargeRow, request.discharge_id)
    patient = patient_identity(uow.session, row.patient_ref, sent.content if sent else None)
    return HomecareDischargeItem(**dict(discharge_out(row, request.status)), patient=patient)


def _status(uow: UnitOfWork, row: HomecareDischargeRow) -> str:
    request = uow.session.get(CareRequestRow, row.care_request_id)
    assert request is not None
    return request.status
