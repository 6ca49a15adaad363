"""Who the patient is, for the lists of the follow-up flows: the health centre and the invited
organisations must find the patient in their own records, so a list names the identifier
(personnummer or samordningsnummer) and the name; every listed patient is audited."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from referral.adapters.orm import PatientRow
from referral.domain.personnummer import Personnummer, identifier_system


class PatientIdentity(BaseModel):
    patient_ref: str
    identifier: dict[str, str]
    name: str | None


def patient_identity(
    session: Session, patient_ref: str, content: dict[str, Any] | None
) -> PatientIdentity:
    patient = session.get(PatientRow, patient_ref)
    assert patient is not None, "referral stores every patient it refers"
    number = Personnummer(patient.personnummer)
    given = ((content or {}).get("patient") or {}).get("name") or {}
    name = " ".join(p for p in (given.get("given"), given.get("family")) if p) or None
    return PatientIdentity(
        patient_ref=patient_ref,
        identifier={"system": identifier_system(number), "value": patient.personnummer},
        name=name,
    )
