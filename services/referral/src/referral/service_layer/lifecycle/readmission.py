"""An admission pauses municipal home care and the discharge of that stay resumes it (domain
brief 5.2, as MedCom does). Only the requester owns those moves: a region pauses the care
requests it sent, and a request resumes only when the stay that paused it ends (or that
admission turns out to have been entered in error)."""

from __future__ import annotations

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.lifecycle_events import CareRequestOnHold, CareRequestResumed
from sqlalchemy import bindparam
from sqlmodel import col, select

from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.domain.care_request import PAUSABLE, Owner, Status
from referral.service_layer.lifecycle.history import Author
from referral.service_layer.lifecycle.transitions import Mover, ids_of, move


def pause_care(
    uow: UnitOfWork, patient_ref: str, region_code: str, stay_id: str, author: Author
) -> None:
    for row in _sent_by(uow, patient_ref, region_code, PAUSABLE):
        move(uow, row, Status.ON_HOLD, _mover(author), reason=f"readmitted (stay {stay_id})")
        row.held_for_stay = stay_id
        uow.publish(
            CareRequestOnHold(**ids_of(row), stay_id=stay_id), partition_key=row.patient_ref
        )


def resume_care(
    uow: UnitOfWork, patient_ref: str, region_code: str, stay_id: str, author: Author, why: str
) -> list[CareRequestRow]:
    """Resume what ``stay_id`` paused; returns the requests that go on."""
    held = [
        row
        for row in _sent_by(uow, patient_ref, region_code, {Status.ON_HOLD})
        if row.held_for_stay == stay_id
    ]
    for row in held:
        assert row.resume_to is not None
        move(uow, row, Status(row.resume_to), _mover(author), reason=f"{why} (stay {stay_id})")
        row.held_for_stay = None
        uow.publish(
            CareRequestResumed(**ids_of(row), stay_id=stay_id), partition_key=row.patient_ref
        )
    return held


def _sent_by(
    uow: UnitOfWork, patient_ref: str, region_code: str, statuses: set[Status] | frozenset[Status]
) -> list[CareRequestRow]:
    params = {
        "patient": patient_ref,
        "region": region_code,
        "statuses": [s.value for s in statuses],
    }
    return list(uow.session.exec(_SENT_BY, params=params))


_SENT_BY = (
    select(CareRequestRow)
    .join(DischargeRow, col(DischargeRow.id) == col(CareRequestRow.discharge_id))
    .where(
        CareRequestRow.patient_ref == bindparam("patient"),
        DischargeRow.region_code == bindparam("region"),
        col(CareRequestRow.status).in_(bindparam("statuses", expanding=True)),
    )
)
"""Built once: this runs for every discharge (is there home care its stay paused?)."""


def _mover(author: Author) -> Mover:
    return Mover(Owner.REQUESTER, author.organisation, author.person)
