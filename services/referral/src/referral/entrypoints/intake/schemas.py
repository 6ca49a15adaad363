"""Request and response bodies of referral's HTTP API."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from handover_common.errors import ErrorOut
from handover_common.inputs import Day, Moment
from handover_contracts.events import RejectionReason
from handover_contracts.facts import CareFactsIn
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from referral.domain.personnummer import InvalidPersonnummer, Personnummer
from referral.entrypoints import examples as ex
from referral.entrypoints.intake.content import (
    CareAddress,
    CareRequestContent,
    ContactPerson,
    Language,
    PersonName,
)

MUNICIPALITY_CODE = re.compile(r"^[0-9]{4}$")
COUNTIES = frozenset(
    [
        "01",
        "03",
        "04",
        "05",
        "06",
        "07",
        "08",
        "09",
        "10",
        "12",
        "13",
        "14",
        "17",
        "18",
        "19",
        "20",
        "21",
        "22",
        "23",
        "24",
        "25",
    ]
)
"""SCB county codes of the 21 regions (domain brief section 8); a municipality's code starts
with its county's."""
REGION_CODE = re.compile(r"^[0-9]{2}$")


def _region_code(value: str) -> str:
    if not REGION_CODE.match(value) or value not in COUNTIES:
        raise PydanticCustomError("GEN-RES", "must be one of the 21 county (region) codes")
    return value


RegionCode = Annotated[str, AfterValidator(_region_code)]


class PatientIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    personnummer: str = Field(
        description="personnummer or samordningsnummer, YYYYMMDD-NNNN; stored by referral only"
    )
    registered_municipality_code: str = Field(description="folkbokföring, SCB code (GEN-RES)")
    name: PersonName | None = None
    care_address: CareAddress | None = Field(default=None, description="where care is given")
    contact_person: ContactPerson | None = None
    language: Language | None = None

    @field_validator("personnummer")
    @classmethod
    def _valid_personnummer(cls, value: str) -> str:
        try:
            return Personnummer.parse(value).digits
        except InvalidPersonnummer as error:
            raise PydanticCustomError("PNR-FORMAT", str(error)) from None

    @field_validator("registered_municipality_code")
    @classmethod
    def _valid_municipality(cls, value: str) -> str:
        if not MUNICIPALITY_CODE.match(value) or value[:2] not in COUNTIES:
            raise PydanticCustomError(
                "GEN-RES", "must be a four-digit municipality code of one of the 21 counties"
            )
        return value


class ReferralIn(CareRequestContent):
    """What every way in sends: the patient, the care request's content, the facts for the
    responsibility rules."""

    message_id: uuid.UUID | None = Field(
        default=None, description="the sender's id; a repeat returns the first answer"
    )
    patient: PatientIn
    region_code: RegionCode = Field(description="the county (region) code where care is given")
    acute: bool = Field(default=False, description="must be confirmed before it is carried out")
    care: CareFactsIn

    def content(self, mode: str = "json") -> dict[str, Any]:
        """The care request's content as referral stores it (identity included, facts not)."""
        own = {"personnummer", "registered_municipality_code"}
        patient = self.patient.model_dump(mode=mode, exclude=own)
        fields = set(CareRequestContent.model_fields)
        return {"patient": patient, **self.model_dump(mode=mode, include=fields)}


class CareRequestIn(ReferralIn):
    """A care request straight from a health centre or specialised outpatient care."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CARE_REQUEST))


class DischargeIn(ReferralIn):
    """A discharge from hospital: the care request's content and the facts the rules need."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.DISCHARGE))

    stay_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="the admission's stay id (LAW-PAY)",
    )
    hospital_unit: str = Field(min_length=1, max_length=200)
    admitted_at: Moment | None = None
    discharged_at: Moment

    @field_validator("admitted_at", "discharged_at")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(UTC)

    @model_validator(mode="after")
    def _admitted_before_discharged(self) -> DischargeIn:
        if self.admitted_at is not None and self.admitted_at > self.discharged_at:
            raise PydanticCustomError(
                "DISCHARGE-DATES", "admitted_at must not be after discharged_at"
            )
        return self


class DischargeAccepted(BaseModel):
    discharge_id: uuid.UUID
    patient_ref: str
    outcome: str
    outcome_detail: str | None = None
    care_request_id: uuid.UUID | None = None


MAX_BATCH = 500
"""Discharges in one `POST /v1/discharges/batch`, at most; the body limit (`max_body_bytes`)
bounds the batch as well."""


def _as_sent(item: Any) -> Any:
    return item


RawDischarge = Annotated[Any, PlainValidator(_as_sent, json_schema_input_type=DischargeIn)]
"""One discharge of a batch as sent: documented as DischargeIn, validated on its own by the
handler (`DischargeIn.model_validate`), so a bad one is answered by itself and not with the
whole request."""


class DischargeBatchIn(BaseModel):
    """Discharges a hospital system sends together, after a downtime: each answered on its own."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.DISCHARGE_BATCH))

    discharges: list[RawDischarge] = Field(min_length=1, max_length=MAX_BATCH)


class DischargeResult(BaseModel):
    """The answer `POST /v1/discharges` would give this discharge alone."""

    index: int = Field(description="the discharge's place in the request, from 0")
    status: Literal[202, 403, 409, 422]
    discharge_id: uuid.UUID | None = None
    patient_ref: str | None = None
    outcome: str | None = None
    errors: list[ErrorOut] = Field(
        default_factory=list, description="fields named from the request: discharges.<index>.…"
    )


class DischargeBatchAnswer(BaseModel):
    accepted: int
    refused: int
    results: list[DischargeResult] = Field(description="in request order")


class CareRequestOut(BaseModel):
    id: uuid.UUID
    discharge_id: uuid.UUID
    decision_id: uuid.UUID
    patient_ref: str
    municipality_code: str
    components: list[str]
    acute: bool
    status: str
    created_at: datetime
    updated_at: datetime


class RejectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.REJECTION))

    reason_code: RejectionReason
    reason_text: str = Field(min_length=1, max_length=2000)


class EnrolmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.ENROLMENT))

    enrolled_on: Day
