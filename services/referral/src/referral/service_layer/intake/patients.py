"""The one place a personnummer becomes a pseudonymous patient reference."""

from __future__ import annotations

from handover_common.db import insert_or_ignore
from handover_common.unit_of_work import UnitOfWork

from referral.adapters.orm import PatientRow
from referral.domain.personnummer import Personnummer
from referral.domain.pseudonym import patient_ref

PATIENTS = PatientRow.__table__  # type: ignore[attr-defined]


def remember_patient(uow: UnitOfWork, number: Personnummer, municipality: str, secret: str) -> str:
    """Insert-or-keep, safe when two requests about a new patient arrive at once; returns the
    patient reference (one Core statement: this runs for every discharge and admission)."""
    ref = patient_ref(number, secret)
    values = {
        "patient_ref": ref,
        "personnummer": number.digits,
        "registered_municipality_code": municipality,
    }
    # the first sender's registration stands: a later message (another region's, say) must
    # not move the patient — and with it who may see the patient's cases
    dialect = uow.session.get_bind().dialect.name
    uow.session.execute(insert_or_ignore(dialect, PATIENTS).values(values))
    return ref
