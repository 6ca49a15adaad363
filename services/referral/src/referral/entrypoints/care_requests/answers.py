"""The municipality's care requests: its work list, the full request, and its answers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from handover_common.access import Access, Authorised, not_visible
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from handover_contracts.envelope import utcnow
from sqlalchemy import func
from sqlmodel import col, select

from referral.adapters.orm import CareRequestRow, DischargeRow, PatientRow
from referral.domain.care_request import NotTheOwner, Status, TransitionNotAllowed
from referral.entrypoints.care_requests.views import (
    CareRequestDetail,
    CareRequestPage,
    care_request_detail,
    care_request_summary,
)
from referral.entrypoints.intake.schemas import CareRequestOut, EnrolmentIn, RejectionIn
from referral.service_layer.lifecycle.answers import (
    Answer,
    CareRequestNotFound,
    DifferentAnswer,
    answer_care_request,
)
from referral.service_layer.lifecycle.history import moves_of
from referral.service_layer.lifecycle.transitions import ConcurrentChange

router = APIRouter(prefix="/v1/care-requests", tags=["care requests"])


def _municipality(access: Access) -> str:
    """The answering routes admit municipal nurses only, so the caller is a municipality."""
    return access.org.code


def _answer(uow: UoW, answer: Answer, access: Access) -> CareRequestOut:
    """Move the request, then answer with it — a read of patient data, so audited too."""
    with uow:
        try:
            row = answer_care_request(answer, uow)
        except CareRequestNotFound:
            raise NotFound("care request") from None
        except TransitionNotAllowed as error:
            raise RequestRejected([FieldError("status", "CR-LIFECYCLE", str(error))], 409) from None
        except NotTheOwner as error:
            raise RequestRejected([FieldError("status", "CR-OWNER", str(error))], 403) from None
        except DifferentAnswer as error:
            rule = [FieldError("reason_code", "CR-LIFECYCLE", str(error))]
            raise RequestRejected(rule, 409) from None
        except ConcurrentChange:
            message = "another answer to this care request was stored at the same moment"
            raise RequestRejected([FieldError("status", "CR-CONCURRENT", message)], 409) from None
        access.read(uow.session, [row.patient_ref])
        uow.commit()
        return CareRequestOut.model_validate(row, from_attributes=True)


@router.get("")
def work_list(
    uow: UoW,
    access: Authorised,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> CareRequestPage:
    """The municipality's care requests, acute first, then oldest first: what a nurse triages
    by (name, age, start, interventions, waiting time, state). Every listed patient is audited."""
    query = select(CareRequestRow).where(CareRequestRow.municipality_code == _municipality(access))
    if status is not None:
        query = query.where(CareRequestRow.status == status)
    ordered = query.order_by(col(CareRequestRow.acute).desc(), col(CareRequestRow.created_at))
    with uow:
        total = uow.session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = list(uow.session.exec(ordered.offset(offset).limit(limit)))
        now = utcnow()
        items = [care_request_summary(r, *_sources(uow, r), now) for r in rows]
        access.read(uow.session, [row.patient_ref for row in rows])
        uow.commit()
        return CareRequestPage(total=total, limit=limit, offset=offset, items=items)


@router.get("/{care_request_id}")
def get_care_request(care_request_id: uuid.UUID, uow: UoW, access: Authorised) -> CareRequestDetail:
    """The whole request, identity included, for the addressed municipality and the sender."""
    with uow:
        row = uow.session.get(CareRequestRow, care_request_id)
        if row is None:
            raise NotFound("care request")
        discharge, patient = _sources(uow, row)
        addressed = access.org.is_municipality(row.municipality_code)
        if not (addressed or access.org.is_region(discharge.region_code)):
            raise not_visible(access, "care request", row.patient_ref)
        access.read(uow.session, [row.patient_ref])
        uow.commit()
        return care_request_detail(row, discharge, patient, moves_of(uow, row.id))


def _sources(uow: UoW, row: CareRequestRow) -> tuple[DischargeRow, PatientRow]:
    discharge = uow.session.get(DischargeRow, row.discharge_id)
    patient = uow.session.get(PatientRow, row.patient_ref)
    assert discharge is not None and patient is not None
    return discharge, patient


@router.post("/{care_request_id}/acknowledge")
def acknowledge(care_request_id: uuid.UUID, uow: UoW, access: Authorised) -> CareRequestOut:
    """The addressed municipality has received the request (FHIR Task ``received``); the
    same answer again changes nothing, another state's is a 409 CR-LIFECYCLE."""
    answer = Answer(care_request_id, _municipality(access), Status.RECEIVED, access.caller.person)
    return _answer(uow, answer, access)


@router.post("/{care_request_id}/accept")
def accept(care_request_id: uuid.UUID, uow: UoW, access: Authorised) -> CareRequestOut:
    """The addressed municipality takes the patient on (``accepted``); a request already
    answered otherwise is a 409 CR-LIFECYCLE."""
    answer = Answer(care_request_id, _municipality(access), Status.ACCEPTED, access.caller.person)
    return _answer(uow, answer, access)


@router.post("/{care_request_id}/reject")
def reject(
    care_request_id: uuid.UUID, body: RejectionIn, uow: UoW, access: Authorised
) -> CareRequestOut:
    """The addressed municipality declines the request (``rejected``) with a reason code and,
    for some codes, a text; the region is told through a care_request.rejected event."""
    answer = Answer(
        care_request_id,
        _municipality(access),
        Status.REJECTED,
        access.caller.person,
        reason_code=body.reason_code,
        reason_text=body.reason_text,
    )
    return _answer(uow, answer, access)


@router.post("/{care_request_id}/enrol")
def enrol(
    care_request_id: uuid.UUID, body: EnrolmentIn, uow: UoW, access: Authorised
) -> CareRequestOut:
    """The addressed municipality has begun the care it accepted (``in-progress``) on
    ``enrolled_on``; only an accepted request can be enrolled (else 409 CR-LIFECYCLE)."""
    answer = Answer(
        care_request_id,
        _municipality(access),
        Status.IN_PROGRESS,
        access.caller.person,
        enrolled_on=body.enrolled_on,
    )
    return _answer(uow, answer, access)
