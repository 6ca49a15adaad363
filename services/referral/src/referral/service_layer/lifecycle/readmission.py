"""An admission pauses municipal home care and a discharge resumes it (domain brief 5.2, as
MedCom does): the patient's active care requests go on-hold and come back where they were."""

from __future__ import annotations

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.lifecycle_events import CareRequestOnHold, CareRequestResumed
from sqlmodel import col, select

from referral.adapters.orm import CareRequestRow
from referral.domain.care_request import PAUSABLE, Owner, Status
from referral.service_layer.lifecycle.history import Author
from referral.service_layer.lifecycle.transitions import Mover, ids_of, move


def pause_care(uow: UnitOfWork, patient_ref: str, stay_id: str, author: Author) -> None:
    for row in _requests(uow, patient_ref, PAUSABLE):
        move(uow, row, Status.ON_HOLD, _mover(author), reason=f"readmitted (stay {stay_id})")
        uow.publish(
            CareRequestOnHold(**ids_of(row), stay_id=stay_id), partition_key=row.patient_ref
        )


def resume_care(uow: UnitOfWork, patient_ref: str, stay_id: str, author: Author) -> None:
    for row in _requests(uow, patient_ref, {Status.ON_HOLD}):
        assert row.resume_to is not None
        move(uow, row, Status(row.resume_to), _mover(author), reason=f"discharged (stay {stay_id})")
        uow.publish(
            CareRequestResumed(**ids_of(row), stay_id=stay_id), partition_key=row.patient_ref
        )


def _requests(
    uow: UnitOfWork, patient_ref: str, statuses: set[Status] | frozenset[Status]
) -> list[CareRequestRow]:
    query = select(CareRequestRow).where(
        CareRequestRow.patient_ref == patient_ref,
        col(CareRequestRow.status).in_([s.value for s in statuses]),
    )
    return list(uow.session.exec(query))


def _mover(author: Author) -> Mover:
    return Mover(Owner.REQUESTER, author.organisation, author.person)
