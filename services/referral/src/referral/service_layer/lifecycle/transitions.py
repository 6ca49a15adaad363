"""One way to move a care request: check the transition and its owner (domain), claim the row
by compare-and-set so that of two moves at once exactly one wins (on SQLite and PostgreSQL),
and record who moved it when."""

from __future__ import annotations

from dataclasses import dataclass

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from sqlmodel import col, update

from referral.adapters.orm import CareRequestRow, CareRequestTransition
from referral.domain.care_request import Owner, Status, transition


class ConcurrentChange(Exception):
    """Another move of the same care request committed first."""


@dataclass(frozen=True)
class Mover:
    owner: Owner
    organisation: str
    person: str | None = None


def move(
    uow: UnitOfWork, row: CareRequestRow, wanted: Status, by: Mover, reason: str | None = None
) -> Status:
    """Move ``row`` to ``wanted`` within the caller's transaction; returns the state it left."""
    current = Status(row.status)
    resume_to = Status(row.resume_to) if row.resume_to else None
    transition(current, wanted, by.owner, resume_to)
    claim(uow, row)
    row.status = wanted.value
    row.resume_to = current.value if wanted is Status.ON_HOLD else None
    uow.session.add(row)
    uow.session.add(
        CareRequestTransition(
            care_request_id=row.id,
            from_status=current.value,
            to_status=wanted.value,
            owner=by.owner.value,
            organisation=by.organisation,
            person=by.person,
            reason=reason,
            at=row.updated_at,
        )
    )
    return current


def claim(uow: UnitOfWork, row: CareRequestRow) -> None:
    """Compare-and-set on the version read: zero rows updated means someone else was first."""
    claimed = row.version + 1
    result = uow.session.execute(
        update(CareRequestRow)
        .where(col(CareRequestRow.id) == row.id, col(CareRequestRow.version) == row.version)
        .values(version=claimed)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConcurrentChange(str(row.id))
    row.version = claimed  # the row in memory agrees with what was just written
    row.updated_at = utcnow()


def ids_of(row: CareRequestRow) -> dict[str, object]:
    """The fields every care-request.* event starts with."""
    return {
        "care_request_id": row.id,
        "patient_ref": row.patient_ref,
        "municipality_code": row.municipality_code,
    }
