"""Corrections and cancellations of what the hospital sent, and the care request's later states
(issue 9; domain brief 5.2: every message has a correction and a cancellation variant, as in
MedCom and the Swedish discharge-planning tools; FHIR Task states).

A correction carries the whole message again with ``version`` (2, 3, …) and a reason; receivers
keep the current version and the history. A cancellation says the message was entered in error.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from handover_contracts.events import PatientDischarged, Payload
from handover_contracts.identifiers import PatientRef
from handover_contracts.stay_events import PatientAdmitted, PatientReadyForDischarge, StayNotice


class Correction(Payload):
    version: int = Field(ge=2)
    reason: str = Field(min_length=1)


class PatientAdmissionCorrected(PatientAdmitted, Correction):
    """patient.admission-corrected — the admission notice again, corrected."""


class PatientReadinessCorrected(PatientReadyForDischarge, Correction):
    """patient.readiness-corrected — the readiness notice again, corrected (LAW-READY)."""


class PatientDischargeCorrected(PatientDischarged, Correction):
    """patient.discharge-corrected — corrected facts: responsibility decides again."""


class PatientAdmissionCancelled(StayNotice):
    """patient.admission-cancelled — the admission notice was entered in error."""

    cancelled_at: datetime
    reason: str


class PatientDischargeCancelled(Payload):
    """patient.discharge-cancelled — the discharge was entered in error; its care request is
    cancelled with it."""

    discharge_id: uuid.UUID
    patient_ref: PatientRef
    region_code: str
    registered_municipality_code: str
    cancelled_at: datetime
    reason: str


class Party(StrEnum):
    """Who owns a care-request transition (FHIR Task: the requester or the performer)."""

    REQUESTER = "requester"
    PERFORMER = "performer"


class CareRequestChange(Payload):
    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str


class CareRequestCorrected(CareRequestChange):
    """care-request.corrected — the sender corrected the request's content (read it in
    referral); ``changed`` names the fields."""

    version: int = Field(ge=2)
    changed: list[str]
    reason: str


class CareRequestCancelled(CareRequestChange):
    """care-request.cancelled — by the requester (no longer needed, or entered in error) or by
    the performer before the care began."""

    cancelled_by: Party
    reason: str
    entered_in_error: bool = False


class CareRequestCompleted(CareRequestChange):
    """care-request.completed — home care ended (after homecare.discharged)."""

    completed_on: date


class CareRequestOnHold(CareRequestChange):
    """care-request.on-hold — the patient is back in hospital; home care pauses (MedCom)."""

    stay_id: str


class CareRequestResumed(CareRequestChange):
    """care-request.resumed — discharged again; home care goes on."""

    stay_id: str
