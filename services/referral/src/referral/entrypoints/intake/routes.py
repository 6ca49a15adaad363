"""Referral's HTTP routes for what the region sends and reads back: thin, they check access and
completeness, hand a command to the service layer, and turn rows into views."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from handover_common.access import Access, Authorised, Role, forbidden, not_visible
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from handover_contracts.events import WayIn
from sqlmodel import select

from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.entrypoints.care_requests.views import ReferralView, referral_view
from referral.entrypoints.intake.checks import born_by, command, refuse_incomplete
from referral.entrypoints.intake.schemas import CareRequestIn, DischargeAccepted, DischargeIn
from referral.entrypoints.intake.writer import IntakeWriter
from referral.service_layer.intake.registration import (
    DischargeBeforeAdmission,
    MessageIdReused,
    Referral,
    StayMismatch,
    prepare_referral,
)
from referral.service_layer.lifecycle.history import history_of
from referral.service_layer.lifecycle.transitions import ConcurrentChange
from referral.settings import ReferralSettings

# The intake routes are `async`: their checks run on the event loop and their messages are
# stored by the intake writer (writer.py), a group of concurrent requests in one transaction.
router = APIRouter(prefix="/v1", tags=["referral"])
WAY_OF_ROLE = {
    Role.HEALTH_CENTRE: WayIn.PRIMARY_CARE,
    Role.SPECIALISED_OUTPATIENT: WayIn.SPECIALISED_OUTPATIENT,
}


async def settings_of(request: Request) -> ReferralSettings:
    settings: ReferralSettings = request.app.state.runtime.settings
    return settings


async def intake_writer(request: Request) -> IntakeWriter:
    writer: IntakeWriter = request.app.state.intake_writer
    return writer


Settings = Annotated[ReferralSettings, Depends(settings_of)]
Writer = Annotated[IntakeWriter, Depends(intake_writer)]


@router.post("/discharges", status_code=status.HTTP_202_ACCEPTED)
async def post_discharge(
    body: DischargeIn, writer: Writer, settings: Settings, access: Authorised
) -> DischargeAccepted:
    """Hospital discharge planning: the discharge and its complete care request."""
    return await stored(checked_discharge(body, settings, access), writer)


def checked_discharge(body: DischargeIn, settings: ReferralSettings, access: Access) -> Referral:
    """A discharge checked and made ready to store, alone or as one of a batch (bulk.py)."""
    own_region(access, body.region_code)
    born_by(body.patient.personnummer, body.discharged_at)
    refuse_incomplete(body, WayIn.HOSPITAL_DISCHARGE, body.discharged_at)
    cmd = command(body, WayIn.HOSPITAL_DISCHARGE, access)
    return prepare_referral(cmd, settings.pseudonym_secret)


@router.post("/care-requests", status_code=status.HTTP_202_ACCEPTED)
async def post_care_request(
    body: CareRequestIn, writer: Writer, settings: Settings, access: Authorised
) -> DischargeAccepted:
    """Regional primary care or specialised outpatient care, for a patient with no hospital
    stay: decided like a discharge, then addressed to the municipality (seed orebro-…)."""
    own_region(access, body.region_code)
    way = WAY_OF_ROLE[access.caller.role]
    born_by(body.patient.personnummer, datetime.now(UTC))
    refuse_incomplete(body, way, None)
    referral = prepare_referral(command(body, way, access), settings.pseudonym_secret)
    return await stored(referral, writer)


async def stored(referral: Referral, writer: IntakeWriter) -> DischargeAccepted:
    try:
        row = await writer.store(referral)
    except MessageIdReused as error:
        raise conflict("message_id", "MESSAGE-ID", str(error)) from None
    except DischargeBeforeAdmission as error:
        raise conflict("discharged_at", "DISCHARGE-DATES", str(error)) from None
    except StayMismatch as error:
        raise conflict("stay_id", "STAY-ID", str(error)) from None
    except ConcurrentChange:
        message = "the patient's care changed at the same moment: send again"
        raise conflict("patient", "CR-CONCURRENT", message) from None
    return DischargeAccepted(discharge_id=row.id, patient_ref=row.patient_ref, outcome=row.outcome)


def conflict(field: str, rule: str, message: str) -> RequestRejected:
    return RequestRejected([FieldError(field, rule, message)], 409)


@router.get("/discharges/{discharge_id}")
def get_discharge(discharge_id: uuid.UUID, uow: UoW, access: Authorised) -> ReferralView:
    """The sender's view: decision per component, what is missing, the municipality's answer."""
    return _sender_view(discharge_id, uow, access)


@router.get("/referrals/{referral_id}")
def get_referral(referral_id: uuid.UUID, uow: UoW, access: Authorised) -> ReferralView:
    """The same view for every way in (a direct care request answers with its referral id)."""
    return _sender_view(referral_id, uow, access)


def _sender_view(referral_id: uuid.UUID, uow: UoW, access: Access) -> ReferralView:
    with uow:
        discharge = uow.session.get(DischargeRow, referral_id)
        if discharge is None:
            raise NotFound("referral")
        if not access.org.is_region(discharge.region_code):
            raise not_visible(access, "referral", discharge.patient_ref)
        request = uow.session.exec(
            select(CareRequestRow).where(CareRequestRow.discharge_id == referral_id)
        ).first()
        access.read(uow.session, [discharge.patient_ref])
        uow.commit()
        return referral_view(discharge, request, history_of(uow, "discharge", discharge.id))


def own_region(access: Access, region_code: str) -> None:
    """A sender writes only for its own region."""
    if not access.org.is_region(region_code):
        message = f"{access.org} may not send for region {region_code}"
        raise forbidden("region_code", "ACCESS-SENDER", message)
