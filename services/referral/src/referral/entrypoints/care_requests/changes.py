"""The sender corrects or cancels what it sent; either side cancels a care request it owns
(issue 9). Nonsense is refused with 409 naming the rule."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, status
from handover_common.access import Access, Authorised
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from handover_contracts.events import WayIn

from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.domain.care_request import NotTheOwner, Owner, TransitionNotAllowed
from referral.domain.completeness import gaps
from referral.entrypoints.care_requests.change_schemas import (
    CancellationIn,
    CareRequestCorrectionIn,
    DischargeCorrectionIn,
)
from referral.entrypoints.care_requests.views import ReferralView, referral_view
from referral.entrypoints.intake.checks import born_by, command, refuse_incomplete
from referral.entrypoints.intake.routes import Settings, conflict, own_region
from referral.service_layer.lifecycle import changes
from referral.service_layer.lifecycle.history import Author
from referral.service_layer.lifecycle.transitions import ConcurrentChange, Mover

router = APIRouter(prefix="/v1", tags=["corrections"])


@router.post("/discharges/{discharge_id}/correction", status_code=status.HTTP_202_ACCEPTED)
def correct_discharge(
    discharge_id: uuid.UUID,
    body: DischargeCorrectionIn,
    uow: UoW,
    settings: Settings,
    access: Authorised,
) -> ReferralView:
    """The sending region corrects a discharge it sent (patient, way in, content) with a reason;
    the referral's version goes up and the changed referral is answered."""
    own_region(access, body.region_code)
    born_by(body.patient.personnummer, body.discharged_at)
    refuse_incomplete(body, WayIn.HOSPITAL_DISCHARGE, body.discharged_at)
    with uow, refusals():
        row = _sent_by(uow, access, discharge_id)
        new = command(body, WayIn.HOSPITAL_DISCHARGE, access)
        changes.correct_discharge(uow, changes.Correction(row, new, body.reason))
        return _answered(uow, access, row)


@router.post("/discharges/{discharge_id}/cancellation", status_code=status.HTTP_202_ACCEPTED)
def cancel_discharge(
    discharge_id: uuid.UUID, body: CancellationIn, uow: UoW, access: Authorised
) -> ReferralView:
    """The sending region cancels a discharge it sent, with a reason; its open care requests are
    cancelled with it."""
    with uow, refusals():
        row = _sent_by(uow, access, discharge_id)
        changes.cancel_discharge(uow, row, body.reason, _author(access))
        return _answered(uow, access, row)


@router.post("/care-requests/{care_request_id}/cancel")
def cancel_care_request(
    care_request_id: uuid.UUID, body: CancellationIn, uow: UoW, access: Authorised
) -> dict[str, str]:
    """The requester cancels (or marks entered in error); the performer cancels an accepted
    request it cannot begin."""
    with uow, refusals():
        row, owner = _party_to(uow, access, care_request_id)
        if body.entered_in_error and owner is not Owner.REQUESTER:
            raise RequestRejected(
                [FieldError("entered_in_error", "CR-OWNER", "only the requester voids it")], 403
            )
        mover = Mover(owner, str(access.org), access.caller.person)
        changes.cancel_request(uow, row, mover, body.reason, body.entered_in_error)
        uow.commit()
        return {"id": str(row.id), "status": row.status}


@router.post("/care-requests/{care_request_id}/correction")
def correct_care_request(
    care_request_id: uuid.UUID, body: CareRequestCorrectionIn, uow: UoW, access: Authorised
) -> dict[str, object]:
    """The sender corrects a care request's content (the named fields only) with a reason; the
    merged content must still be complete for its way in (else 422 naming the gaps)."""
    with uow, refusals():
        row, owner = _party_to(uow, access, care_request_id)
        if owner is not Owner.REQUESTER:
            raise RequestRejected(
                [FieldError("care_request_id", "CR-OWNER", "the sender corrects")], 403
            )
        discharge = uow.session.get(DischargeRow, row.discharge_id)
        assert discharge is not None
        merged = {**(discharge.content or {}), **body.changes()}
        found = gaps(merged, WayIn(discharge.way_in), discharge.acute)
        if found:
            raise RequestRejected([FieldError(g.field, g.rule, g.message) for g in found])
        changed = changes.correct_request_content(
            uow, row, body.changes(), body.reason, _author(access)
        )
        return {"id": str(row.id), "version": row.content_version, "changed": changed}


@contextmanager
def refusals() -> Iterator[None]:
    try:
        yield
    except changes.MessageCancelled as error:
        raise conflict("id", "MSG-CANCELLED", str(error)) from None
    except changes.OtherPatient as error:
        raise conflict("patient.personnummer", "MSG-PATIENT", str(error)) from None
    except TransitionNotAllowed as error:
        raise conflict("status", "CR-LIFECYCLE", str(error)) from None
    except NotTheOwner as error:
        raise RequestRejected([FieldError("status", "CR-OWNER", str(error))], 403) from None
    except ConcurrentChange:
        raise conflict(
            "status", "CR-CONCURRENT", "changed at the same moment: send again"
        ) from None


def _answered(uow: UoW, access: Access, row: DischargeRow) -> ReferralView:
    """The changed referral as the answer: a read of patient data, audited like a GET."""
    access.read(uow.session, [row.patient_ref])
    uow.commit()
    return referral_view(row, None)


def _sent_by(uow: UoW, access: Access, discharge_id: uuid.UUID) -> DischargeRow:
    row = uow.session.get(DischargeRow, discharge_id)
    if row is None or not access.org.is_region(row.region_code):
        raise NotFound("discharge")
    return row


def _party_to(uow: UoW, access: Access, care_request_id: uuid.UUID) -> tuple[CareRequestRow, Owner]:
    row = uow.session.get(CareRequestRow, care_request_id)
    if row is None:
        raise NotFound("care request")
    if access.org.is_municipality(row.municipality_code):
        return row, Owner.PERFORMER
    discharge = uow.session.get(DischargeRow, row.discharge_id)
    if discharge is not None and access.org.is_region(discharge.region_code):
        return row, Owner.REQUESTER
    raise NotFound("care request")


def _author(access: Access) -> Author:
    return Author(str(access.org), access.caller.person)
