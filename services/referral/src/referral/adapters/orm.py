"""Referral's tables. Only this service stores the personnummer."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

__all__ = [
    "AuditEntry",
    "CareRequestRow",
    "CareRequestTransition",
    "DischargeRow",
    "InboxEntry",
    "MessageVersion",
    "OutboxMessage",
    "PatientRow",
    "StayRow",
]


class PatientRow(SQLModel, table=True):
    __tablename__ = "patient"

    patient_ref: str = Field(primary_key=True)
    personnummer: str = Field(unique=True)
    registered_municipality_code: str


class DischargeRow(SQLModel, table=True):
    """What the region sent, by any way in: a hospital discharge, or a care request straight
    from a health centre or specialised outpatient care (then ``discharged_at`` is empty)."""

    __tablename__ = "discharge"

    id: uuid.UUID = Field(primary_key=True)
    message_id: uuid.UUID | None = Field(default=None, unique=True)
    patient_ref: str = Field(foreign_key="patient.patient_ref", index=True)
    way_in: str = "hospital-discharge"
    region_code: str
    hospital_unit: str  # the sending unit's name
    sender_unit_hsa_id: str | None = None
    sender_person_hsa_id: str | None = None
    discharged_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    acute: bool = False
    stay_id: str | None = Field(default=None, index=True)
    care: dict[str, object] = Field(sa_column=Column(JSON, nullable=False))
    content: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    decision_id: uuid.UUID | None = None
    decision: list[dict[str, Any]] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    missing_facts: list[dict[str, Any]] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    outcome: str = "awaiting-decision"
    outcome_detail: str | None = None
    version: int = 1  # 2, 3 … after corrections
    message_hash: str | None = None  # what the message_id was first sent with
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    continues_care_request_id: uuid.UUID | None = None  # home care it resumed after a stay


class CareRequestRow(SQLModel, table=True):
    __tablename__ = "care_request"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    discharge_id: uuid.UUID = Field(foreign_key="discharge.id", index=True)
    decision_id: uuid.UUID = Field(unique=True)
    patient_ref: str = Field(index=True)
    municipality_code: str = Field(index=True)
    components: list[str] = Field(sa_column=Column(JSON, nullable=False))
    acute: bool = False
    way_in: str = "hospital-discharge"
    on_behalf_of: str | None = None  # "region:23" when the municipality performs for it
    cost_bearer: str | None = None
    status: str = "requested"
    answer_reason_code: str | None = None
    answer_reason_text: str | None = None
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    enrolled_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    version: int = 1  # compare-and-set: of two answers at once, one wins
    content_version: int = 1
    resume_to: str | None = None  # the state an on-hold request returns to
    held_for_stay: str | None = None  # the hospital stay that paused it


class StayRow(SQLModel, table=True):
    """A hospital stay (vårdtillfälle) by the hospital's own id: the LAW-* notice times."""

    __tablename__ = "stay"

    stay_id: str = Field(primary_key=True)
    patient_ref: str = Field(foreign_key="patient.patient_ref", index=True)
    region_code: str
    hospital_unit: str
    psychiatric_care: bool = False
    admitted_at: datetime = Field(sa_type=UtcDateTime)
    admission_notice_sent_at: datetime = Field(sa_type=UtcDateTime)
    ready_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    ready_notice_sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    readiness_cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    admission_version: int = 1
    readiness_version: int = 1
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # entered in error
    discharged_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    sip_needed: bool | None = None  # as the readiness notice said (LAW-SIP3)
    sip_called_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class CareRequestTransition(SQLModel, table=True):
    """Every state change of a care request: when, by whom, as requester or performer."""

    __tablename__ = "care_request_transition"

    id: int | None = Field(default=None, primary_key=True)
    care_request_id: uuid.UUID = Field(index=True)
    from_status: str
    to_status: str
    owner: str  # requester | performer | system
    organisation: str
    person: str | None = None
    reason: str | None = None
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class MessageVersion(SQLModel, table=True):
    """The history of what the sender sent: each version, correction and cancellation."""

    __tablename__ = "message_version"

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # admission | readiness | discharge | care-request
    subject_id: str
    version: int
    change: str  # original | correction | cancellation
    body: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str | None = None
    organisation: str
    person: str | None = None
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
