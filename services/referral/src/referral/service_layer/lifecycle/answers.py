"""The municipality's answers to a care request: acknowledge, accept, reject, enrol.

Each answer moves the request one step (domain/care_request.py) and emits its event in the
same transaction. The same answer again is answered as before and publishes nothing; an answer
that lost a race to a different one is refused (409).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.events import (
    CareRequestAccepted,
    CareRequestAcknowledged,
    CareRequestAcuteConfirmed,
    CareRequestRejected,
    HomecareEnrolled,
    Payload,
    RejectionReason,
)

from referral.adapters.orm import CareRequestRow
from referral.domain.care_request import Owner, Status
from referral.service_layer.lifecycle.transitions import ConcurrentChange, Mover, move


@dataclass(frozen=True)
class Answer:
    care_request_id: uuid.UUID
    municipality_code: str
    wanted: Status
    person: str | None = None
    reason_code: RejectionReason | None = None
    reason_text: str = ""
    enrolled_on: date | None = None


class CareRequestNotFound(LookupError):
    pass


def answer_care_request(answer: Answer, uow: UnitOfWork) -> CareRequestRow:
    try:
        return _answer(answer, uow)
    except ConcurrentChange:
        uow.session.rollback()
        row = _addressed(answer, uow)
        if row.status != answer.wanted:  # a different answer won: this one is refused
            raise
        _same_reason(row, answer)
        return row  # the same answer won already: answered as before, nothing published


def _addressed(answer: Answer, uow: UnitOfWork) -> CareRequestRow:
    uow.session.expire_all()
    row = uow.session.get(CareRequestRow, answer.care_request_id)
    if row is None or row.municipality_code != answer.municipality_code:
        raise CareRequestNotFound(str(answer.care_request_id))
    return row


class DifferentAnswer(ValueError):
    """The same answer again, but with another reason: refused, never silently dropped."""


def _answer(answer: Answer, uow: UnitOfWork) -> CareRequestRow:
    row = _addressed(answer, uow)
    if row.status == answer.wanted:
        _same_reason(row, answer)
        return row  # a repeat: same result, nothing published twice
    mover = Mover(Owner.PERFORMER, f"municipality:{answer.municipality_code}", answer.person)
    move(uow, row, answer.wanted, mover)
    _record_answer(row, answer)
    uow.publish(EVENT_FOR[answer.wanted](row, answer), partition_key=row.patient_ref)
    if row.acute and answer.wanted is Status.ACCEPTED:
        # section 5: an acute request is carried out only once the municipality confirmed it
        uow.publish(_acute_confirmed(row), partition_key=row.patient_ref)
    uow.commit()
    return row


def _same_reason(row: CareRequestRow, answer: Answer) -> None:
    if answer.wanted is not Status.REJECTED:
        return
    given = (answer.reason_code.value if answer.reason_code else None, answer.reason_text or None)
    if given != (row.answer_reason_code, row.answer_reason_text):
        raise DifferentAnswer("it was rejected already, with another reason")


def _record_answer(row: CareRequestRow, answer: Answer) -> None:
    """What the sender reads back: the decisive answer with its reason, and the enrolment."""
    if answer.wanted in (Status.ACCEPTED, Status.REJECTED):
        row.answered_at = row.updated_at
        row.answer_reason_code = answer.reason_code.value if answer.reason_code else None
        row.answer_reason_text = answer.reason_text or None
    if answer.wanted is Status.IN_PROGRESS:
        row.enrolled_on = answer.enrolled_on or row.updated_at.date()


def _acknowledged(row: CareRequestRow, _: Answer) -> Payload:
    return CareRequestAcknowledged(
        care_request_id=row.id, patient_ref=row.patient_ref, municipality_code=row.municipality_code
    )


def _accepted(row: CareRequestRow, _: Answer) -> Payload:
    return CareRequestAccepted(
        care_request_id=row.id, patient_ref=row.patient_ref, municipality_code=row.municipality_code
    )


def _acute_confirmed(row: CareRequestRow) -> Payload:
    return CareRequestAcuteConfirmed(
        care_request_id=row.id, patient_ref=row.patient_ref, municipality_code=row.municipality_code
    )


def _rejected(row: CareRequestRow, answer: Answer) -> Payload:
    assert answer.reason_code is not None
    return CareRequestRejected(
        care_request_id=row.id,
        patient_ref=row.patient_ref,
        municipality_code=row.municipality_code,
        reason_code=answer.reason_code,
        reason_text=answer.reason_text,
    )


def _enrolled(row: CareRequestRow, answer: Answer) -> Payload:
    return HomecareEnrolled(
        care_request_id=row.id,
        patient_ref=row.patient_ref,
        municipality_code=row.municipality_code,
        enrolled_on=row.enrolled_on or utcnow().date(),
    )


EVENT_FOR: dict[Status, Callable[[CareRequestRow, Answer], Payload]] = {
    Status.RECEIVED: _acknowledged,
    Status.ACCEPTED: _accepted,
    Status.REJECTED: _rejected,
    Status.IN_PROGRESS: _enrolled,
}
