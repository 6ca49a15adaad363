"""The hospital's stay notices: admission, ready for discharge, readiness cancelled."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, status
from handover_common.access import Access, Authorised
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork

from referral.adapters.orm import StayRow
from referral.entrypoints.intake.checks import born_by
from referral.entrypoints.intake.routes import Settings, own_region
from referral.entrypoints.stays.schemas import (
    AdmissionCorrectionIn,
    AdmissionIn,
    CancellationIn,
    EnteredInErrorIn,
    ReadinessCorrectionIn,
    ReadinessIn,
    StayOut,
)
from referral.service_layer import stays
from referral.service_layer.lifecycle.history import Author
from referral.service_layer.lifecycle.transitions import ConcurrentChange

router = APIRouter(prefix="/v1", tags=["stays"])


def _run(uow: UnitOfWork, status_name: str, act: Callable[[], StayRow]) -> StayOut:
    with uow:
        try:
            stay = act()
        except stays.StayNotFound:
            raise NotFound("stay") from None
        except stays.StayConflict as error:
            raise RequestRejected([FieldError(error.field, error.rule, str(error))], 409) from None
        except ConcurrentChange:
            message = "the patient's care requests changed at the same moment: send again"
            raise RequestRejected([FieldError("stay_id", "CR-CONCURRENT", message)], 409) from None
        return StayOut(
            stay_id=stay.stay_id,
            patient_ref=stay.patient_ref,
            status=status_name,
            admission_version=stay.admission_version,
            readiness_version=stay.readiness_version,
        )


def author(access: Access) -> Author:
    return Author(str(access.org), access.caller.person)


@router.post("/admissions", status_code=status.HTTP_202_ACCEPTED)
def admission(body: AdmissionIn, uow: UoW, settings: Settings, access: Authorised) -> StayOut:
    """The hospital's admission notice for a stay (LAW-ADM24): the patient's registered
    municipality is told within 24 hours. The same stay_id with the same notice again changes
    nothing; with other content it is a 409."""
    own_region(access, body.region_code)
    born_by(body.patient.personnummer, body.admitted_at)
    command = stays.Admit(
        stay_id=body.stay_id,
        personnummer=body.patient.personnummer,
        registered_municipality_code=body.patient.registered_municipality_code,
        region_code=body.region_code,
        hospital_unit=body.hospital_unit,
        psychiatric_care=body.psychiatric_care,
        admitted_at=body.admitted_at,
        notice_sent_at=body.notice_sent_at,
        author=author(access),
    )
    return _run(uow, "admitted", lambda: stays.admit(command, uow, settings.pseudonym_secret))


@router.post("/stays/{stay_id}/admission-correction", status_code=status.HTTP_202_ACCEPTED)
def correct_admission(
    stay_id: str, body: AdmissionCorrectionIn, uow: UoW, access: Authorised
) -> StayOut:
    """The admitting region corrects its admission notice (unit, psychiatric care, times) with a
    reason; the stay's admission version goes up and the municipality is told again."""
    command = stays.CorrectAdmission(
        stay_id,
        access.org.code,
        body.hospital_unit,
        body.psychiatric_care,
        body.admitted_at,
        body.notice_sent_at,
        body.reason,
        author(access),
    )
    return _run(uow, "admission-corrected", lambda: stays.correct_admission(command, uow))


@router.post("/stays/{stay_id}/admission-cancellation", status_code=status.HTTP_202_ACCEPTED)
def cancel_admission(stay_id: str, body: EnteredInErrorIn, uow: UoW, access: Authorised) -> StayOut:
    """The admitting region withdraws an admission notice sent in error (entered-in-error, with
    a reason); care requests it paused are resumed."""
    command = stays.CancelAdmission(stay_id, access.org.code, body.reason, author(access))
    return _run(uow, "admission-cancelled", lambda: stays.cancel_admission(command, uow))


@router.post("/stays/{stay_id}/ready", status_code=status.HTTP_202_ACCEPTED)
def ready(stay_id: str, body: ReadinessIn, uow: UoW, access: Authorised) -> StayOut:
    """The stay is ready for discharge (LAW-READY): the payment clock starts from ``ready_at``;
    whether a SIP meeting is needed and when it was called are part of the notice (LAW-SIP3)."""
    command = _readiness(stay_id, body, access, correction_reason=None)
    return _run(uow, "ready-for-discharge", lambda: stays.mark_ready(command, uow))


@router.post("/stays/{stay_id}/readiness-correction", status_code=status.HTTP_202_ACCEPTED)
def correct_readiness(
    stay_id: str, body: ReadinessCorrectionIn, uow: UoW, access: Authorised
) -> StayOut:
    """The region corrects its current readiness notice (times, SIP facts) with a reason; the
    deadlines are computed anew from the corrected notice."""
    command = _readiness(stay_id, body, access, correction_reason=body.reason)
    return _run(uow, "readiness-corrected", lambda: stays.mark_ready(command, uow))


def _readiness(
    stay_id: str, body: ReadinessIn, access: Access, correction_reason: str | None
) -> stays.MarkReady:
    """A readiness notice, new or correcting the current one (LAW-READY, LAW-SIP3)."""
    return stays.MarkReady(
        stay_id,
        access.org.code,
        body.ready_at,
        body.notice_sent_at,
        body.sip_needed,
        body.sip_called_at,
        author(access),
        correction_reason=correction_reason,
    )


@router.post("/stays/{stay_id}/readiness-cancellation", status_code=status.HTTP_202_ACCEPTED)
def cancel(stay_id: str, body: CancellationIn, uow: UoW, access: Authorised) -> StayOut:
    """The region withdraws the stay's readiness (the patient is not ready after all, or the
    notice was entered in error); the payment clock stops."""
    command = stays.CancelReadiness(
        stay_id, access.org.code, body.cancelled_at, body.reason, body.entered_in_error
    )
    return _run(uow, "readiness-cancelled", lambda: stays.cancel_readiness(command, uow))
