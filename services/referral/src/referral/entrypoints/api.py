"""Referral's HTTP routes: thin, they turn requests into commands and rows into bodies."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from handover_common.access import Access, Authorised, Organisation, forbidden, not_visible
from handover_common.errors import NotFound
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork
from sqlmodel import select

from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.entrypoints.schemas import CareRequestOut, DischargeAccepted, DischargeIn
from referral.service_layer.commands import RegisterDischarge
from referral.service_layer.handlers import register_discharge
from referral.settings import ReferralSettings

router = APIRouter(prefix="/v1", tags=["referral"])


def settings_of(request: Request) -> ReferralSettings:
    settings: ReferralSettings = request.app.state.runtime.settings
    return settings


Settings = Annotated[ReferralSettings, Depends(settings_of)]


@router.post("/discharges", status_code=status.HTTP_202_ACCEPTED)
def post_discharge(
    body: DischargeIn, uow: UoW, settings: Settings, access: Authorised
) -> DischargeAccepted:
    own_region(access, body.region_code)
    command = RegisterDischarge(
        personnummer=body.patient.personnummer,
        registered_municipality_code=body.patient.registered_municipality_code,
        region_code=body.region_code,
        hospital_unit=body.hospital_unit,
        admitted_at=body.admitted_at,
        discharged_at=body.discharged_at,
        acute=body.acute,
        stay_id=body.stay_id,
        care=body.care.as_facts(),
        message_id=body.message_id,
    )
    with uow:
        discharge = register_discharge(command, uow, settings.pseudonym_secret)
        return DischargeAccepted(
            discharge_id=discharge.id, patient_ref=discharge.patient_ref, outcome=discharge.outcome
        )


@router.get("/discharges/{discharge_id}")
def get_discharge(discharge_id: uuid.UUID, uow: UoW, access: Authorised) -> DischargeAccepted:
    with uow:
        discharge = uow.session.get(DischargeRow, discharge_id)
        if discharge is None:
            raise NotFound("discharge")
        if not access.org.is_region(discharge.region_code):
            raise not_visible(access, "discharge", discharge.patient_ref)
        request = uow.session.exec(
            select(CareRequestRow).where(CareRequestRow.discharge_id == discharge_id)
        ).first()
        access.read(uow.session, [discharge.patient_ref])
        uow.commit()
        return DischargeAccepted(
            discharge_id=discharge.id,
            patient_ref=discharge.patient_ref,
            outcome=discharge.outcome,
            outcome_detail=discharge.outcome_detail,
            care_request_id=request.id if request else None,
        )


@router.get("/care-requests/{care_request_id}")
def get_care_request(care_request_id: uuid.UUID, uow: UoW, access: Authorised) -> CareRequestOut:
    with uow:
        row = uow.session.get(CareRequestRow, care_request_id)
        if row is None:
            raise NotFound("care request")
        if not _may_see(uow, access.org, row):
            raise not_visible(access, "care request", row.patient_ref)
        access.read(uow.session, [row.patient_ref])
        uow.commit()
        return CareRequestOut.model_validate(row, from_attributes=True)


def own_region(access: Access, region_code: str) -> None:
    """A sender writes only for its own region."""
    if not access.org.is_region(region_code):
        message = f"{access.org} may not send for region {region_code}"
        raise forbidden("region_code", "ACCESS-SENDER", message)


def _may_see(uow: UnitOfWork, org: Organisation, row: CareRequestRow) -> bool:
    """The addressed municipality, or the region that sent the discharge."""
    if org.is_municipality(row.municipality_code):
        return True
    discharge = uow.session.get(DischargeRow, row.discharge_id)
    return discharge is not None and org.is_region(discharge.region_code)
