"""The facts the engine decides on. Optional facts are None when unknown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .dates import full_years
from .enums import (
    ALL_COMPONENTS,
    CareComponent,
    CognitiveImpairment,
    HousingForm,
    PartyKind,
    RegionUnit,
    SevereCareNeed,
)
from .errors import InvalidSituation
from .validation import validate_situation
from .validation_needs import validate_care_needs, validate_override
from .values import fast_init


@fast_init
@dataclass(frozen=True)
class CareNeeds:
    """What the care consists of. Needs are declared positively: absent means not needed."""

    components: frozenset[CareComponent] = ALL_COMPONENTS
    physician_only_prescription: frozenset[CareComponent] = frozenset()  # JH-MTP-1
    specialised_clinic_in_charge: frozenset[CareComponent] = frozenset()  # JH-MTP-2
    specialised_equipment: bool = False  # JH-MTP-3, e.g. respirator or suction
    non_procured_materials: bool = False  # JH-MTP-4
    non_procured_materials_evaluated: bool = False  # JH-MTP-4, evaluated with primary care
    work_environment_consumables: bool = False  # JH-MTP-5
    performed_on_behalf_of_other: bool = False  # JH-MTP-6, e.g. hired staff

    def __post_init__(self) -> None:
        validate_care_needs(self)


@fast_init
@dataclass(frozen=True)
class Override:
    """JH-OB-FLEX: a person-centred departure from the criteria, with who and why."""

    decided_by: str
    reason: str
    components: frozenset[CareComponent]
    principal: PartyKind
    unit: RegionUnit | None = None

    def __post_init__(self) -> None:
        validate_override(self, "overrides")


@fast_init
@dataclass(frozen=True)
class Situation:
    """A patient situation on a decision date."""

    decision_date: date
    region_code: str
    registered_municipality: str | None = None
    registered_in_county: bool | None = None
    # GEN-RES: a non-resident cared for by this municipality's staff as hired staff
    performing_municipality_code: str | None = None
    age_years: int | None = None
    birth_date: date | None = None
    housing_form: HousingForm | None = None
    care_needs: CareNeeds = field(default_factory=CareNeeds)
    # JH-OB-1
    safe_at_home: bool | None = None
    is_self_care: bool | None = None
    digital_solutions_considered: bool | None = None
    # JH-OB-2
    frequent_and_continuous: bool | None = None
    expected_need_days: int | None = None
    # JH-OB-3
    cfs: int | None = None
    cognitive_impairment: CognitiveImpairment | None = None
    # JH-OB-4, HL-THRESH
    can_reach_health_centre: bool | None = None
    # JH-OB-PREF, JH-SB-1 (a preference is something the person expresses; default: none)
    prefers_health_centre: bool = False
    preference_affects_patient_safety: bool | None = None
    # JH-PAL
    palliative_team_connected: bool | None = None
    end_of_life_care: bool | None = None
    # JH-SB-3
    listed_health_centre: str | None = None
    housing_health_centre: str | None = None
    # GB-SEV
    severe_care_needs: frozenset[SevereCareNeed] | None = None
    specialised_treatment_responsibility: bool | None = None
    # OR-ENROL, GB-SEV
    coordination_need: bool | None = None
    identified_risk: bool | None = None
    # OR-SPEC7 (no discharge date: no hospital stay to extend responsibility after)
    admission_date: date | None = None
    discharge_date: date | None = None
    # HL-THRESH, JH-SB-4
    long_term_medical_need: bool | None = None
    overrides: tuple[Override, ...] = ()

    def __post_init__(self) -> None:
        validate_situation(self)
        if not isinstance(self.care_needs, CareNeeds):
            raise InvalidSituation("care_needs", "JH-MTP", "must be a CareNeeds")
        for index, override in enumerate(self.overrides):
            if not isinstance(override, Override):
                raise InvalidSituation(f"overrides[{index}]", "JH-OB-FLEX", "must be an Override")

    def age_on_decision_date(self) -> int | None:
        if self.birth_date is not None:
            return full_years(self.birth_date, self.decision_date)
        return self.age_years
