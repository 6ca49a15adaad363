"""Bodies of SIP calls (LAW-SIP3): the patient by care request or hospital stay, the meeting
time and the invited organisations."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from handover_common.inputs import Moment
from pydantic import BaseModel, ConfigDict, Field, field_validator

from referral.adapters.followup_tables import SipMeetingRow
from referral.entrypoints import examples as ex
from referral.entrypoints.follow_up.views import PatientIdentity


class InUtc(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _times_in_utc(cls, value: object) -> object:
        return value.astimezone(UTC) if isinstance(value, datetime) else value


class SipCallIn(InUtc):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.SIP_CALL))

    message_id: uuid.UUID | None = Field(
        default=None, description="the sender's id; a repeat returns the first answer"
    )
    care_request_id: uuid.UUID | None = Field(
        default=None, description="the care request the SIP is about; its municipality is invited"
    )
    stay_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="or the hospital stay (LAW-SIP3)"
    )
    meeting_at: Moment
    called_at: Moment | None = Field(
        default=None, description="when the call was sent; default: now"
    )
    invited: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="organisations: region:NN, municipality:NNNN",
    )


class SipHeldIn(InUtc):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.SIP_HELD))

    held_at: Moment | None = Field(default=None, description="default: now")


class SipMeetingOut(BaseModel):
    sip_id: uuid.UUID
    patient_ref: str
    region_code: str
    stay_id: str | None
    care_request_id: uuid.UUID | None
    called_at: datetime
    meeting_at: datetime
    invited: list[str]
    called_by: str
    held_at: datetime | None


class SipMeetingItem(SipMeetingOut):
    patient: PatientIdentity


class SipMeetingPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[SipMeetingItem]


def sip_out(row: SipMeetingRow) -> SipMeetingOut:
    return SipMeetingOut(
        sip_id=row.id,
        patient_ref=row.patient_ref,
        region_code=row.region_code,
        stay_id=row.stay_id,
        care_request_id=row.care_request_id,
        called_at=row.called_at,
        meeting_at=row.meeting_at,
        invited=row.invited,
        called_by=row.called_by,
        held_at=row.held_at,
    )
