"""Referral's tables for what happens after the handover (issue 9): discharges from home care,
medication-list changes with one acknowledgement per receiving municipality, SIP meetings with
their invited organisations. Clinical text (summaries) stays here; events carry references."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

__all__ = [
    "HomecareDischargeRow",
    "MedicationChangeRecipientRow",
    "MedicationChangeRow",
    "SipInvitationRow",
    "SipMeetingRow",
]


class HomecareDischargeRow(SQLModel, table=True):
    """Utskriven ur hemsjukvården: at most one per care request (HSV-DISCHARGE)."""

    __tablename__ = "homecare_discharge"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    care_request_id: uuid.UUID = Field(foreign_key="care_request.id", unique=True)
    patient_ref: str = Field(index=True)
    municipality_code: str = Field(index=True)
    region_code: str = Field(index=True)
    discharged_on: date
    reason: str
    summary: str  # for the health centre; clinical text, never in an event
    health_centre_hsa_id: str
    health_centre_name: str | None = None
    discharged_by: str  # HSA id of the nurse
    discharged_by_unit: str | None = None
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    acknowledged_by: str | None = None
    acknowledged_by_unit: str | None = None


class MedicationChangeRow(SQLModel, table=True):
    """A change of the established medication list, posted by the region (MED-CHANGE)."""

    __tablename__ = "medication_change"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    message_id: uuid.UUID | None = Field(default=None, unique=True)
    patient_ref: str = Field(index=True)
    region_code: str
    list_reference: str
    changed_on: date
    changed_by_hsa_id: str
    summary: str  # clinical text, never in an event
    posted_by: str
    posted_by_unit: str | None = None
    posted_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class MedicationChangeRecipientRow(SQLModel, table=True):
    """One receiving municipality of a change and its acknowledgement (MED-CHANGE-RECIPIENTS)."""

    __tablename__ = "medication_change_recipient"
    __table_args__ = (
        Index("ix_medication_change_recipient_patient", "patient_ref", "municipality_code"),
    )

    change_id: uuid.UUID = Field(foreign_key="medication_change.id", primary_key=True)
    municipality_code: str = Field(primary_key=True)
    patient_ref: str
    care_request_id: uuid.UUID  # the active request it reached the municipality through
    acknowledged_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    acknowledged_by: str | None = None
    acknowledged_by_unit: str | None = None


class SipMeetingRow(SQLModel, table=True):
    """A coordinated individual plan called by regional outpatient care (LAW-SIP3)."""

    __tablename__ = "sip_meeting"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    message_id: uuid.UUID | None = Field(default=None, unique=True)
    patient_ref: str = Field(index=True)
    region_code: str = Field(index=True)
    stay_id: str | None = Field(default=None, index=True)
    care_request_id: uuid.UUID | None = None
    called_at: datetime = Field(sa_type=UtcDateTime)
    meeting_at: datetime = Field(sa_type=UtcDateTime)
    invited: list[str] = Field(sa_column=Column(JSON, nullable=False))
    called_by: str
    called_by_unit: str | None = None
    held_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    held_by: str | None = None
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class SipInvitationRow(SQLModel, table=True):
    """Who may read a SIP: each invited organisation, by its ``kind:code``."""

    __tablename__ = "sip_invitation"

    sip_id: uuid.UUID = Field(foreign_key="sip_meeting.id", primary_key=True)
    organisation: str = Field(primary_key=True, index=True)
