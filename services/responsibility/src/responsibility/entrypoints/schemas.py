"""Request bodies of the responsibility API (strict: unknown fields are errors)."""

from __future__ import annotations

import re
import uuid
from datetime import date

from handover_contracts.events import PartyRef
from handover_contracts.facts import CareComponent, CareFactsIn
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from responsibility.domain import DisputeLevel
from responsibility.entrypoints import examples as ex

_REGION, _MUNICIPALITY = re.compile(r"^[0-9]{2}$"), re.compile(r"^[0-9]{4}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssessmentIn(Strict):
    """A situation to evaluate without storing it: "who is responsible?"."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ASSESSMENT))

    decision_date: date
    region_code: str
    registered_municipality_code: str
    age_years: int | None = Field(default=None, ge=0, le=130)
    admission_date: date | None = None
    discharge_date: date | None = Field(default=None, description="OR-SPEC7")
    care: CareFactsIn

    @field_validator("region_code")
    @classmethod
    def _region(cls, value: str) -> str:
        if not _REGION.match(value):
            raise PydanticCustomError("GEN-RES", "must be a two-digit region (county) code")
        return value

    @field_validator("registered_municipality_code")
    @classmethod
    def _municipality(cls, value: str) -> str:
        if not _MUNICIPALITY.match(value):
            raise PydanticCustomError("GEN-RES", "must be a four-digit municipality code")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> AssessmentIn:
        if (
            self.admission_date
            and self.discharge_date
            and self.admission_date > self.discharge_date
        ):
            raise PydanticCustomError("OR-SPEC7", "admission_date must not be after discharge_date")
        return self


class TerminationIn(Strict):
    """AG-RENEW: a party's termination notice of one agreement part."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.TERMINATION))

    noticed_on: date = Field(description="the day notice was given in the political arena")
    by: str = Field(
        pattern=r"^(region:[0-9]{2}|municipality:[0-9]{4})$",
        description="the party giving notice; must be the caller's own organisation",
    )
    reason: str = Field(min_length=1, max_length=2000)


class DisputeIn(Strict):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.DISPUTE))

    components: list[CareComponent] = Field(min_length=1)
    opened_by: str | None = Field(
        default=None, max_length=200, description="ignored: the caller's token says who opens it"
    )
    reason: str = Field(min_length=1)
    opened_on: date
    level: DisputeLevel = DisputeLevel.INDIVIDUAL


class PositionIn(Strict):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.POSITION))

    party: str = Field(min_length=1)
    statement: str = Field(min_length=1)
    proposed_responsible: PartyRef | None = None


class MovedComponentIn(Strict):
    component: CareComponent
    party: PartyRef


class ResolutionIn(Strict):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.RESOLUTION))

    resolved_by: str | None = Field(
        default=None, max_length=200, description="ignored: the caller's token says who resolves"
    )
    resolved_on: date
    note: str = Field(min_length=1)
    responsible: list[MovedComponentIn] = Field(default_factory=list)


class DisputeOut(BaseModel):
    id: uuid.UUID
    decision_id: uuid.UUID
    patient_ref: str
    state: str
    level: str
    arena: str
    components: list[str]
    opened_by: str
    opened_on: date
    reason: str
    positions: list[dict[str, object]]
    resolution: dict[str, object] | None
