"""What the follow-up flows share: who acts, and a write that happens at most once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from sqlalchemy.sql.dml import Update

from referral.domain.dates import local_date


@dataclass(frozen=True)
class Actor:
    """The caller, as the records name it: ``municipality:2380`` or ``region:23``, the person's
    and the unit's HSA ids."""

    organisation: str
    person: str
    unit: str | None = None


def first_time(uow: UnitOfWork, statement: Update) -> bool:
    """Run a compare-and-set update (``… WHERE <not yet done>``): True if this call did it, False
    if another did it first — then the caller answers as for a repeat and publishes nothing."""
    result = uow.session.execute(statement)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def today() -> date:
    """The calendar day in Sweden, as the agreements count days."""
    return local_date(utcnow())
