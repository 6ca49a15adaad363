"""Hospital stay notices (Lag 2017:612): admission, readiness for discharge, its cancellation.

`stay_id` is the hospital's id of the stay (vårdtillfälle); it links the notices to the
discharge so the payment clock (LAW-PAY) can be computed.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from handover_contracts.events import Payload
from handover_contracts.identifiers import PatientRef


class StayNotice(Payload):
    stay_id: str = Field(min_length=1)
    patient_ref: PatientRef
    region_code: str
    registered_municipality_code: str
    hospital_unit: str
    psychiatric_care: bool = False


class PatientAdmitted(StayNotice):
    """patient.admitted (inskrivningsmeddelande) — LAW-ADM24: within 24 h of admission."""

    admitted_at: datetime
    notice_sent_at: datetime


class PatientReadyForDischarge(StayNotice):
    """patient.ready-for-discharge (utskrivningsklar) — LAW-READY: the sent time is the anchor."""

    ready_at: datetime
    notice_sent_at: datetime
    sip_needed: bool | None = Field(default=None, description="LAW-SIP3")
    sip_called_at: datetime | None = Field(default=None, description="LAW-SIP3: within 3 days")


class PatientReadinessCancelled(StayNotice):
    """patient.readiness-cancelled — the patient is no longer ready; parties are told at once."""

    cancelled_at: datetime
    reason: str = ""
    entered_in_error: bool = False
    """True when the readiness notice itself was wrong (never valid), not that the patient
    stopped being ready: the payment clock (LAW-PAY) then never started."""
