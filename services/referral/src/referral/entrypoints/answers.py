"""The municipality's answers to its care requests (municipal nurse / municipal system)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from handover_common.access import Access, Authorised
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from sqlmodel import col, select

from referral.adapters.orm import CareRequestRow
from referral.domain.care_request import Status, TransitionNotAllowed
from referral.entrypoints.schemas import CareRequestOut, EnrolmentIn, RejectionIn
from referral.service_layer.lifecycle import Answer, CareRequestNotFound, answer_care_request

router = APIRouter(prefix="/v1/care-requests", tags=["care requests"])


def _municipality(access: Access) -> str:
    """The role rule admits municipal nurses only, so the caller is a municipality."""
    return access.org.code


def _answer(uow: UoW, answer: Answer) -> CareRequestOut:
    with uow:
        try:
            row = answer_care_request(answer, uow)
        except CareRequestNotFound:
            raise NotFound("care request") from None
        except TransitionNotAllowed as error:
            raise RequestRejected([FieldError("status", "CR-LIFECYCLE", str(error))], 409) from None
        return CareRequestOut.model_validate(row, from_attributes=True)


@router.get("")
def inbox(uow: UoW, access: Authorised, status: Status | None = None) -> list[CareRequestOut]:
    """The municipality's care requests, oldest first (its work list); the read is audited."""
    query = (
        select(CareRequestRow)
        .where(CareRequestRow.municipality_code == _municipality(access))
        .order_by(col(CareRequestRow.created_at))
    )
    if status is not None:
        query = query.where(CareRequestRow.status == status)
    with uow:
        rows = list(uow.session.exec(query))
        access.read(uow.session, [row.patient_ref for row in rows])
        uow.commit()
        return [CareRequestOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/{care_request_id}/acknowledge")
def acknowledge(care_request_id: uuid.UUID, uow: UoW, access: Authorised) -> CareRequestOut:
    return _answer(uow, Answer(care_request_id, _municipality(access), Status.ACKNOWLEDGED))


@router.post("/{care_request_id}/accept")
def accept(care_request_id: uuid.UUID, uow: UoW, access: Authorised) -> CareRequestOut:
    return _answer(uow, Answer(care_request_id, _municipality(access), Status.ACCEPTED))


@router.post("/{care_request_id}/reject")
def reject(
    care_request_id: uuid.UUID, body: RejectionIn, uow: UoW, access: Authorised
) -> CareRequestOut:
    answer = Answer(
        care_request_id,
        _municipality(access),
        Status.REJECTED,
        reason_code=body.reason_code,
        reason_text=body.reason_text,
    )
    return _answer(uow, answer)


@router.post("/{care_request_id}/enrol")
def enrol(
    care_request_id: uuid.UUID, body: EnrolmentIn, uow: UoW, access: Authorised
) -> CareRequestOut:
    answer = Answer(
        care_request_id, _municipality(access), Status.ENROLLED, enrolled_on=body.enrolled_on
    )
    return _answer(uow, answer)
