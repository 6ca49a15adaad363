"""Bodies of corrections and cancellations (issue 9)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from referral.entrypoints import examples as ex
from referral.entrypoints.intake.content import (
    CareAddress,
    CareRequestContent,
    ContactPerson,
    Language,
    PersonName,
)
from referral.entrypoints.intake.schemas import DischargeIn

Reason = Field(min_length=1, max_length=2000, description="why")


class DischargeCorrectionIn(DischargeIn):
    """The whole discharge again, corrected; decided again by the responsibility rules."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.DISCHARGE_CORRECTION))

    reason: str = Reason


class CancellationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.CANCELLATION))

    reason: str = Reason
    entered_in_error: bool = Field(
        default=False, description="true: it should never have been sent (requester only)"
    )


class PatientDetailsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PersonName | None = None
    care_address: CareAddress | None = None
    contact_person: ContactPerson | None = None
    language: Language | None = None


class CareRequestCorrectionIn(CareRequestContent):
    """The parts of the request's content that change; what is left out stays as it was."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CARE_REQUEST_CORRECTION))

    patient: PatientDetailsIn | None = None
    reason: str = Reason

    def changes(self) -> dict[str, object]:
        sent = self.model_dump(mode="json", exclude_unset=True, exclude={"reason"})
        if "patient" in sent:
            sent["patient"] = self.patient.model_dump(mode="json") if self.patient else None
        return sent
