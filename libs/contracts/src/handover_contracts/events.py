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


class DisputeLevel(StrEnum):
    """GEN-DISPUTE: about one person, or about how the organisations work together."""

    INDIVIDUAL = "individual"
    ORGANISATIONAL = "organisational"


class DisputeArena(StrEnum):
    """Where a dispute is being settled: between the responsible managers, or (organisational
    disputes, escalated) the local arena and then the county-wide arena."""

    RESPONSIBLE_MANAGERS = "responsible_managers"
    LOCAL_ARENA = "local_arena"
    COUNTY_ARENA = "county_arena"


class DisputeOpened(Payload):
    """dispute.opened (tvist) — a party to a decision disputes who answers for some of its
    components (GEN-DISPUTE). Care continues under the decision while the dispute runs.

    Pseudonymous: the patient is named by ``patient_ref`` only, ``opened_by`` is the
    organisation ("municipality:2380", "region:23"), never the person, and the free-text reason
    and the parties' statements stay in responsibility (they may name people): read them there
    by ``dispute_id``."""

    dispute_id: uuid.UUID
    decision_id: uuid.UUID
    patient_ref: PatientRef
    region_code: str
    municipality_code: str
    components: list[CareComponent]
    level: DisputeLevel
    arena: DisputeArena
    opened_by: str
    opened_on: date
    rule_id: str = "GEN-DISPUTE"


class MovedComponent(Payload):
    """One component a resolution moved (also published as its own responsibility.moved)."""

    component: CareComponent
    moved_from: PartyRef | None = None
    moved_to: PartyRef


class DisputeResolved(Payload):
    """dispute.resolved — the managers (or the arena) settled the dispute (GEN-DISPUTE).
    ``moved`` lists the components the resolution moved, each also published as
    responsibility.moved so costs can be settled afterwards; empty when the decision stands.

    Pseudonymous, as dispute.opened: ``patient_ref`` only, no free-text note or statements (they
    may name people) and no person who resolved it."""

    dispute_id: uuid.UUID
    decision_id: uuid.UUID
    patient_ref: PatientRef
    region_code: str
    municipality_code: str
    components: list[CareComponent]
    level: DisputeLevel
    arena: DisputeArena
    opened_on: date
    resolved_on: date
    moved: list[MovedComponent] = Field(default_factory=list)
    rule_id: str = "GEN-DISPUTE"


class HomecareEnrolled(Payload):
    """homecare.enrolled (inskriven i hemsjukvård)."""

    care_request_id: uuid.UUID
    patient_ref: PatientRef
    municipality_code: str
    enrolled_on: date
