"""The hospital's stay notices: admission, ready for discharge, readiness cancelled."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, status
from handover_common.access import Authorised
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork

from referral.adapters.orm import StayRow
from referral.entrypoints.api import Settings, own_region
from referral.entrypoints.stay_schemas import AdmissionIn, CancellationIn, ReadinessIn, StayOut
from referral.service_layer import stays

router = APIRouter(prefix="/v1", tags=["stays"])


def _run(uow: UnitOfWork, status_name: str, act: Callable[[], StayRow]) -> StayOut:
    with uow:
        try:
            stay = act()
        except stays.StayNotFound:
            raise NotFound("stay") from None
        except stays.StayConflict as error:
            raise RequestRejected([FieldError("stay_id", "LAW-READY", str(error))], 409) from None
        return StayOut(stay_id=stay.stay_id, patient_ref=stay.patient_ref, status=status_name)


@router.post("/admissions", status_code=status.HTTP_202_ACCEPTED)
def admission(body: AdmissionIn, uow: UoW, settings: Settings, access: Authorised) -> StayOut:
    own_region(access, body.region_code)
    command = stays.Admit(
        stay_id=body.stay_id,
        personnummer=body.patient.personnummer,
        registered_municipality_code=body.patient.registered_municipality_code,
        region_code=body.region_code,
        hospital_unit=body.hospital_unit,
        psychiatric_care=body.psychiatric_care,
        admitted_at=body.admitted_at,
        notice_sent_at=body.notice_sent_at,
    )
    return _run(uow, "admitted", lambda: stays.admit(command, uow, settings.pseudonym_secret))


@router.post("/stays/{stay_id}/ready", status_code=status.HTTP_202_ACCEPTED)
def ready(stay_id: str, body: ReadinessIn, uow: UoW, access: Authorised) -> StayOut:
    command = stays.MarkReady(
        stay_id,
        access.org.code,
        body.ready_at,
        body.notice_sent_at,
        body.sip_needed,
        body.sip_called_at,
    )
    return _run(uow, "ready-for-discharge", lambda: stays.mark_ready(command, uow))


@router.post("/stays/{stay_id}/readiness-cancellation", status_code=status.HTTP_202_ACCEPTED)
def cancel(stay_id: str, body: CancellationIn, uow: UoW, access: Authorised) -> StayOut:
    command = stays.CancelReadiness(stay_id, access.org.code, body.cancelled_at, body.reason)
    return _run(uow, "readiness-cancelled", lambda: stays.cancel_readiness(command, uow))
