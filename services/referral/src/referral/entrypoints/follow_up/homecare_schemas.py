"""Bodies of the discharge from home care back to the health centre (HSV-DISCHARGE)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from handover_common.inputs import Day
from handover_contracts.followup_events import HomecareDischargeReason
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from referral.adapters.followup_tables import HomecareDischargeRow
from referral.entrypoints import examples as ex
from referral.entrypoints.follow_up.views import PatientIdentity
from referral.entrypoints.intake.content import HsaId

Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class HomecareDischargeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.HOMECARE_DISCHARGE))

    discharged_on: Day = Field(description="the day home health care ended")
    reason: HomecareDischargeReason
    summary: Summary = Field(description="for the health centre: status, what to follow up")
    health_centre_hsa_id: HsaId | None = Field(
        default=None, description="the health centre taking over; default: the one listed"
    )


class HealthCentreOut(BaseModel):
    hsa_id: str
    name: str | None


class HomecareDischargeOut(BaseModel):
    care_request_id: uuid.UUID
    patient_ref: str
    municipality_code: str
    region_code: str
    discharged_on: Day
    reason: str
    summary: str
    health_centre: HealthCentreOut
    discharged_by: str
    recorded_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    care_request_status: str


class HomecareDischargeItem(HomecareDischargeOut):
    patient: PatientIdentity


class HomecareDischargePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[HomecareDischargeItem]


def discharge_out(row: HomecareDischargeRow, care_request_status: str) -> HomecareDischargeOut:
    return HomecareDischargeOut(
        care_request_id=row.care_request_id,
        patient_ref=row.patient_ref,
        municipality_code=row.municipality_code,
        region_code=row.region_code,
        discharged_on=row.discharged_on,
        reason=row.reason,
        summary=row.summary,
        health_centre=HealthCentreOut(hsa_id=row.health_centre_hsa_id, name=row.health_centre_name),
        discharged_by=row.discharged_by,
        recorded_at=row.recorded_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
        care_request_status=care_request_status,
    )
