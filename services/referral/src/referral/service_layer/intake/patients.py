"""The one place a personnummer becomes a pseudonymous patient reference."""

from __future__ import annotations

from handover_common.unit_of_work import UnitOfWork
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable

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
    # the first sender's registration stands: a later message (another region's, say) must
    # not move the patient — and with it who may see the patient's cases
    uow.session.execute(_insert_or_keep(uow.session.get_bind().dialect.name, values))
    patient = uow.session.get(PatientRow, ref)
    assert patient is not None
    return patient
