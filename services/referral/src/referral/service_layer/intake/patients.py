"""The one place a personnummer becomes a pseudonymous patient reference."""

from __future__ import annotations

from functools import cache

from handover_common.db import insert_or_ignore
from handover_common.unit_of_work import UnitOfWork
from sqlalchemy import Insert

from referral.adapters.orm import PatientRow
from referral.domain.personnummer import Personnummer
from referral.domain.pseudonym import patient_ref

PATIENTS = PatientRow.__table__  # type: ignore[attr-defined]


def remember_patient(uow: UnitOfWork, number: Personnummer, municipality: str, secret: str) -> str:
    """Insert-or-keep, safe when two requests about a new patient arrive at once; returns the
    patient reference (one Core statement: this runs for every discharge and admission)."""
    ref = patient_ref(number, secret)
    remember(uow, number, municipality, ref)
    return ref


def remember(uow: UnitOfWork, number: Personnummer, municipality: str, ref: str) -> None:
    """`remember_patient` with the reference already derived (outside the transaction)."""
    uow.session.execute(
        _insert(uow.session.get_bind().dialect.name), [_values(number, municipality, ref)]
    )


def remember_at_commit(uow: UnitOfWork, number: Personnummer, municipality: str, ref: str) -> None:
    """`remember`, written with the transaction's other patients as it commits: for intake,
    where nothing reads the patient before then (issue 11)."""
    statement = _insert(uow.session.get_bind().dialect.name)
    uow.insert_at_commit(statement, _values(number, municipality, ref))


def _values(number: Personnummer, municipality: str, ref: str) -> dict[str, str]:
    # the first sender's registration stands: a later message (another region's, say) must
    # not move the patient — and with it who may see the patient's cases
    return {
        "patient_ref": ref,
        "personnummer": number.digits,
        "registered_municipality_code": municipality,
    }


@cache
def _insert(dialect: str) -> Insert:
    return insert_or_ignore(dialect, PATIENTS)
