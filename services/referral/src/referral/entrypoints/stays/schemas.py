"""Bodies of the hospital's stay notices (Lag 2017:612)."""

from __future__ import annotations

from datetime import UTC, datetime

from handover_common.inputs import Moment
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from referral.entrypoints import examples as ex
from referral.entrypoints.intake.schemas import PatientIn, RegionCode


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


class Notice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _times_in_utc(cls, value: object) -> object:
        return _utc(value) if isinstance(value, datetime) else value


class AdmissionIn(Notice):
    """LAW-ADM24: sent within 24 h of admission when support after discharge is expected."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ADMISSION))

    stay_id: str = Field(min_length=1, max_length=64, description="the hospital's stay id")
    patient: PatientIn
    region_code: RegionCode
    hospital_unit: str = Field(min_length=1, max_length=200)
    psychiatric_care: bool = False
    admitted_at: Moment
    notice_sent_at: Moment

    @model_validator(mode="after")
    def _sent_after_admission(self) -> AdmissionIn:
        if self.notice_sent_at < self.admitted_at:
            raise PydanticCustomError("LAW-ADM24", "notice_sent_at is before admitted_at")
        return self


class ReadinessIn(Notice):
    """LAW-READY: the time the notice was sent is the legal anchor; LAW-SIP3 for the SIP."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.READINESS))

    ready_at: Moment
    notice_sent_at: Moment
    sip_needed: bool | None = None
    sip_called_at: Moment | None = None

    @model_validator(mode="after")
    def _in_order(self) -> ReadinessIn:
        if self.notice_sent_at < self.ready_at:
            raise PydanticCustomError("LAW-READY", "notice_sent_at is before ready_at")
        if self.sip_called_at is not None and self.sip_called_at < self.ready_at:
            raise PydanticCustomError("LAW-SIP3", "sip_called_at is before ready_at")
        return self


class CancellationIn(Notice):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.READINESS_CANCELLATION))

    cancelled_at: Moment
    reason: str = Field(default="", max_length=2000)
    entered_in_error: bool = Field(
        default=False,
        description="the notice itself was wrong (not: the patient stopped being ready)",
    )


class Reason(Notice):
    reason: str = Field(min_length=1, max_length=2000, description="why it is corrected")


class AdmissionCorrectionIn(Reason):
    """The admission notice again, corrected (as MedCom's correction variant)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ADMISSION_CORRECTION))

    hospital_unit: str = Field(min_length=1, max_length=200)
    psychiatric_care: bool = False
    admitted_at: Moment
    notice_sent_at: Moment

    @model_validator(mode="after")
    def _sent_after_admission(self) -> AdmissionCorrectionIn:
        if self.notice_sent_at < self.admitted_at:
            raise PydanticCustomError("LAW-ADM24", "notice_sent_at is before admitted_at")
        return self


class ReadinessCorrectionIn(ReadinessIn, Reason):
    """The readiness notice again, corrected; the sent time stays the legal anchor."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.READINESS_CORRECTION))


class EnteredInErrorIn(Reason):
    """A message that should never have been sent (cancellation as entered in error)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ENTERED_IN_ERROR))

    reason: str = Field(min_length=1, max_length=2000, description="what was wrong")


class StayOut(BaseModel):
    stay_id: str
    patient_ref: str
    status: str
    admission_version: int = 1
    readiness_version: int = 1
