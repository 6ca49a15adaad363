"""The one place a personnummer becomes a pseudonymous patient reference."""

from __future__ import annotations

from handover_common.unit_of_work import UnitOfWork

from referral.adapters.orm import PatientRow
from referral.domain.personnummer import Personnummer
from referral.domain.pseudonym import patient_ref


def remember_patient(
    uow: UnitOfWork, number: Personnummer, municipality: str, secret: str
) -> PatientRow:
    ref = patient_ref(number, secret)
    patient = uow.session.get(PatientRow, ref) or PatientRow(
        patient_ref=ref, personnummer=number.digits, registered_municipality_code=municipality
    )
    patient.registered_municipality_code = municipality
    uow.session.add(patient)
    uow.session.flush()
    return patient
