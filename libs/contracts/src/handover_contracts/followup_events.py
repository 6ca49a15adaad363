"""After the handover: medication-list changes, SIP meetings and the discharge from home care
back to the health centre (issue 9; seed dalarna-…, Borlänge and Mora; LAW-SIP3).

Clinical content (the medication summary, the health centre summary) stays in referral; these
events carry references and the pseudonymous patient reference only.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from handover_contracts.events import Payload
from handover_contracts.identifiers import PatientRef


class MedicationListChanged(Payload):
    """medication-list.changed — to every municipality with an active care request."""

    change_id: uuid.UUID
    patient_ref: PatientRef
    region_code: str
    list_reference: str
    changed_on: date
    changed_by_hsa_id: str
    municipality_codes: list[str]


class MedicationListAcknowledged(Payload):
    """medication-list.acknowledged — one receiving municipality has read the change."""

    change_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str
    acknowledged_at: datetime


class SipCalled(Payload):
    """sip.called — the fixed care contact calls a coordinated individual plan (LAW-SIP3)."""

    sip_id: uuid.UUID
    patient_ref: PatientRef
    region_code: str
    stay_id: str | None = None
    called_at: datetime
    meeting_at: datetime
    invited: list[str]  # organisations: "municipality:2380", "region:23"


class SipHeld(Payload):
    """sip.held — the meeting took place."""

    sip_id: uuid.UUID
    patient_ref: PatientRef
    held_at: datetime


class HomecareDischargeReason(StrEnum):
    NEEDS_MET = "needs-met"  # can reach the health centre again, or self-care
    MOVED = "moved"
    DECEASED = "deceased"
    SPECIAL_HOUSING = "special-housing"
    OTHER = "other"


class HomecareDischarged(Payload):
    """homecare.discharged — utskriven ur hemsjukvården: back to the listed health centre,
    which must acknowledge it."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str
    region_code: str
    discharged_on: date
    reason: HomecareDischargeReason
    health_centre_hsa_id: str | None = None


class HomecareDischargeAcknowledged(Payload):
    """homecare.discharge-acknowledged — the health centre has taken the patient back."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str
    acknowledged_at: datetime
