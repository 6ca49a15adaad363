"""Event payloads (version 1). Add optional fields only; see tests/unit/contracts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class HousingForm(StrEnum):
    ORDINARY = "ordinary"
    SPECIAL_HOUSING = "special_housing"
    SHORT_TERM = "short_term"
    LSS_HOUSING = "lss_housing"


class CareComponent(StrEnum):
    NURSING = "nursing"
    REHABILITATION = "rehabilitation"
    PHYSICIAN = "physician"
    MEDICAL_DEVICES = "medical_devices"
    CONSUMABLES = "consumables"
    NUTRITION = "nutrition"
    DIABETES_PRODUCTS = "diabetes_products"
    STOMA_PRODUCTS = "stoma_products"
    OXYGEN = "oxygen"
    AIDS = "aids"
    INCONTINENCE_PRODUCTS = "incontinence_products"


class PrincipalKind(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"


class PatientDischarged(Payload):
    """patient.discharged (utskriven) — the hospital's discharge with the facts rules need."""

    discharge_id: uuid.UUID
    patient_ref: str
    region_code: str
    registered_municipality_code: str
    age_years: int = Field(ge=0)
    housing_form: HousingForm
    hospital_unit: str
    discharged_at: datetime
    care_components: list[CareComponent]
    expected_need_days: int | None = None
    cfs: int | None = Field(default=None, ge=1, le=9)
    cognitive_impairment: bool | None = None
    can_reach_health_centre: bool | None = None
    palliative_team_connected: bool = False
    acute: bool = False


class ComponentResponsibility(Payload):
    component: CareComponent
    principal: PrincipalKind
    principal_code: str
    performer_code: str
    cost_bearer_code: str
    rule_ids: list[str]


class ResponsibilityDecided(Payload):
    """responsibility.decided — which principal answers for each care component, and why."""

    decision_id: uuid.UUID
    discharge_id: uuid.UUID
    patient_ref: str
    source_event_id: uuid.UUID
    agreement_id: str
    agreement_version: str
    decided_on: date
    municipality_code: str
    components: list[ComponentResponsibility]
    rule_ids: list[str]


class CareRequestCreated(Payload):
    """care-request.created (vårdbegäran) to the responsible municipality."""

    care_request_id: uuid.UUID
    discharge_id: uuid.UUID
    patient_ref: str
    municipality_code: str
    decision_id: uuid.UUID
    components: list[CareComponent]
    acute: bool = False


class RejectionReason(StrEnum):
    MISSING_INFORMATION = "missing_information"
    NOT_MUNICIPAL_RESPONSIBILITY = "not_municipal_responsibility"
    WRONG_MUNICIPALITY = "wrong_municipality"
    PATIENT_DECLINED = "patient_declined"
    OTHER = "other"


class CareRequestAcknowledged(Payload):
    """care-request.acknowledged — the municipality has received the request."""

    care_request_id: uuid.UUID
    patient_ref: str
    municipality_code: str


class CareRequestAccepted(Payload):
    """care-request.accepted — the municipality takes on the requested care."""

    care_request_id: uuid.UUID
    patient_ref: str
    municipality_code: str


class CareRequestRejected(Payload):
    """care-request.rejected — with a coded reason and free text."""

    care_request_id: uuid.UUID
    patient_ref: str
    municipality_code: str
    reason_code: RejectionReason
    reason_text: str


class HomecareEnrolled(Payload):
    """homecare.enrolled (inskriven i hemsjukvård)."""

    care_request_id: uuid.UUID
    patient_ref: str
    municipality_code: str
    enrolled_on: date
