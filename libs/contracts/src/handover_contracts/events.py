"""Event payloads (version 1). Add optional fields only; see tests/unit/contracts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from handover_contracts.facts import (
    CareComponent,
    CareFacts,
    HousingForm,
    PrincipalKind,
    RegionUnit,
)
from handover_contracts.identifiers import PatientRef

__all__ = ["CareComponent", "HousingForm", "PrincipalKind"]


class ComponentStatus(StrEnum):
    DECIDED = "decided"
    UNKNOWN = "unknown"
    NOT_COVERED = "not_covered"


class DecisionReason(StrEnum):
    DISCHARGE = "discharge"
    RE_EVALUATION = "re-evaluation"
    DISPUTE_RESOLUTION = "dispute-resolution"


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class WayIn(StrEnum):
    """The three ways into municipal home care (seed orebro-…)."""

    HOSPITAL_DISCHARGE = "hospital-discharge"
    PRIMARY_CARE = "primary-care"
    SPECIALISED_OUTPATIENT = "specialised-outpatient"


class PatientDischarged(Payload):
    """patient.discharged (utskriven) — the hospital's discharge with the facts rules need."""

    discharge_id: uuid.UUID
    patient_ref: PatientRef
    region_code: str
    registered_municipality_code: str
    age_years: int = Field(ge=0)
    hospital_unit: str
    admitted_at: datetime | None = None
    discharged_at: datetime
    acute: bool = False
    stay_id: str | None = None
    care: CareFacts


class ReferralSubmitted(Payload):
    """referral.submitted — a care request straight from regional primary care or specialised
    outpatient care for a patient with no hospital stay. Responsibility decides it like a
    discharge (same rules, same explanation); its decision's ``discharge_id`` is ``referral_id``.
    """

    referral_id: uuid.UUID
    patient_ref: PatientRef
    way_in: WayIn
    region_code: str
    registered_municipality_code: str
    age_years: int = Field(ge=0)
    sending_unit: str
    submitted_at: datetime
    acute: bool = False
    care: CareFacts


class PartyRef(Payload):
    kind: PrincipalKind
    code: str
    unit: RegionUnit | None = None


class ComponentResponsibility(Payload):
    """One care component: decided (with parties), unknown (facts missing) or not covered."""

    component: CareComponent
    status: ComponentStatus
    responsible: PartyRef | None = None
    performer: PartyRef | None = None
    cost_bearer: PartyRef | None = None
    rule_ids: list[str]
    missing_facts: list[str] = Field(default_factory=list)


class ResponsibilityDecided(Payload):
    """responsibility.decided — which principal answers for each care component, and why."""

    decision_id: uuid.UUID
    discharge_id: uuid.UUID
    patient_ref: PatientRef
    source_event_id: uuid.UUID
    reason: DecisionReason = DecisionReason.DISCHARGE
    supersedes: uuid.UUID | None = None
    agreement_id: str
    agreement_version: str
    decided_on: date
    valid_until: date | None = None
    reevaluate_on: date | None = None
    municipality_code: str
    components: list[ComponentResponsibility]
    rule_ids: list[str]
    override_count: int = 0

    def municipal_components(self) -> list[CareComponent]:
        """Components the registered municipality is responsible for, in a stable order."""
        return sorted(
            c.component
            for c in self.components
            if c.responsible is not None
            and c.responsible.kind is PrincipalKind.MUNICIPALITY
            and c.responsible.code == self.municipality_code
        )


class CareRequestCreated(Payload):
    """care-request.created (vårdbegäran) to the municipality that is responsible for, or
    performs, the care. ``discharge_id`` is the discharge or direct referral it comes from.
    Identity and clinical content stay in referral: read them there by ``care_request_id``."""

    care_request_id: uuid.UUID
    discharge_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str
    decision_id: uuid.UUID
    components: list[CareComponent]
    acute: bool = False
    way_in: WayIn = WayIn.HOSPITAL_DISCHARGE
    performed_on_behalf_of: PartyRef | None = None
    """Set when the region keeps responsibility and the municipality performs the care
    (JH-PAL-2, GB-SEV, GEN-RES as hired staff)."""
    cost_bearer: PartyRef | None = None


class RejectionReason(StrEnum):
    MISSING_INFORMATION = "missing_information"
    NOT_MUNICIPAL_RESPONSIBILITY = "not_municipal_responsibility"
    WRONG_MUNICIPALITY = "wrong_municipality"
    PATIENT_DECLINED = "patient_declined"
    OTHER = "other"


class CareRequestAcknowledged(Payload):
    """care-request.acknowledged — the municipality has received the request."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str


class CareRequestAccepted(Payload):
    """care-request.accepted — the municipality takes on the requested care."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str


class CareRequestAcuteConfirmed(Payload):
    """care-request.acute-confirmed — an acute request may be carried out only after this."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str


class CareRequestRejected(Payload):
    """care-request.rejected — with a coded reason and free text."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str
    reason_code: RejectionReason
    reason_text: str


class ResponsibilityUndecidable(Payload):
    """responsibility.undecidable — the rules cannot decide on these facts; nothing is guessed.
    The sender corrects `field` (which broke `rule`) and sends the discharge again."""

    discharge_id: uuid.UUID
    patient_ref: PatientRef
    source_event_id: uuid.UUID
    region_code: str
    municipality_code: str
    field: str
    rule: str
    reason: str


class ResponsibilityMoved(Payload):
    """responsibility.moved — a dispute resolution moved a component (GEN-DISPUTE); costs are
    settled afterwards."""

    dispute_id: uuid.UUID
    decision_id: uuid.UUID
    patient_ref: PatientRef
    component: CareComponent
    moved_from: PartyRef | None = None
    moved_to: PartyRef
    effective_from: date
    rule_id: str = "GEN-DISPUTE"


class HomecareEnrolled(Payload):
    """homecare.enrolled (inskriven i hemsjukvård)."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str
    enrolled_on: date
