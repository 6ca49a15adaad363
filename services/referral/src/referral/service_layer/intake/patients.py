"""The one place a personnummer becomes a pseudonymous patient reference."""

from __future__ import annotations

from handover_common.unit_of_work import UnitOfWork
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable
from sqlmodel import update

from referral.adapters.orm import PatientRow
from referral.domain.personnummer import Personnummer
from referral.domain.pseudonym import patient_ref


def _insert_or_keep(dialect: str, values: dict[str, str]) -> Executable:
    if dialect == "postgresql":
        return postgresql.insert(PatientRow).values(values).on_conflict_do_nothing()
    return sqlite.insert(PatientRow).values(values).on_conflict_do_nothing()


def remember_patient(
    uow: UnitOfWork, number: Personnummer, municipality: str, secret: str
) -> PatientRow:
    """Insert-or-keep, safe when two requests about a new patient arrive at once."""
    ref = patient_ref(number, secret)
    values = {
        "patient_ref": ref,
        "personnummer": number.digits,
        "registered_municipality_code": municipality,
    }
    uow.session.execute(_insert_or_keep(uow.session.get_bind().dialect.name, values))
    uow.session.execute(
        update(PatientRow)
        .where(PatientRow.patient_ref == ref)  # type: ignore[arg-type]
        .values(registered_municipality_code=municipality)
    )
    patient = uow.session.get(PatientRow, ref)
    assert patient is not None
    return patient
