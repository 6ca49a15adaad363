"""The care facts a hospital sends and the rules decide on (domain brief section 4).

Validators raise errors typed by the rule ID they protect, so an API can name the rule.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError


class Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class HousingForm(StrEnum):
    ORDINARY = "ordinary"
    SPECIAL_HOUSING = "special_housing"
    SHORT_TERM = "short_term"
    LSS_HOUSING = "lss_housing"
    DAILY_ACTIVITY_LSS = "daily_activity_lss"
    DAY_ACTIVITY_SOL = "day_activity_sol"


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


class RegionUnit(StrEnum):
    HEALTH_CENTRE = "health_centre"
    SPECIALISED_CARE = "specialised_care"
    PALLIATIVE_TEAM = "palliative_team"


class CognitiveImpairment(StrEnum):
    NONE = "none"
    SYMPTOMS = "symptoms"
    UNDER_INVESTIGATION = "under_investigation"
    DIAGNOSED = "diagnosed"


class SevereCareNeed(StrEnum):
    RESPIRATOR = "respirator"
    TRACHEOSTOMY = "tracheostomy"
    PERITONEAL_DIALYSIS = "peritoneal_dialysis"


def _clinical_frailty(value: int) -> int:
    if not 1 <= value <= 9:
        raise PydanticCustomError("JH-OB-3", "Clinical Frailty Scale is an integer from 1 to 9")
    return value


def _need_days(value: int) -> int:
    if not 0 <= value <= MAX_NEED_DAYS:
        raise PydanticCustomError("JH-OB-2", f"expected need in days is 0 to {MAX_NEED_DAYS}")
    return value


MAX_NEED_DAYS = 36_500
COMPONENTS = len(CareComponent)  # a list names each component at most once


ClinicalFrailty = Annotated[int, Field(strict=True), AfterValidator(_clinical_frailty)]
NeedDays = Annotated[int, AfterValidator(_need_days)]


class CareNeeds(Facts):
    """What the care consists of; product flags feed JH-MTP-1..6."""

    components: list[CareComponent] = Field(min_length=1, max_length=COMPONENTS)
    physician_only_prescription: list[CareComponent] = Field(
        default_factory=list, max_length=COMPONENTS
    )
    specialised_clinic_in_charge: list[CareComponent] = Field(
        default_factory=list, max_length=COMPONENTS
    )
    specialised_equipment: bool = False
    non_procured_materials: bool = False
    non_procured_materials_evaluated: bool = False
    work_environment_consumables: bool = False
    performed_on_behalf_of_other: bool = False


class Override(Facts):
    """JH-OB-FLEX: a person-centred departure from the criteria, with who and why."""

    decided_by: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=2000)
    components: list[CareComponent] = Field(min_length=1, max_length=COMPONENTS)
    principal: PrincipalKind
    unit: RegionUnit | None = None


class CareFacts(Facts):
    """Facts the rules need. None means unknown: a rule that needs it says so, never guesses."""

    housing_form: HousingForm | None = None
    needs: CareNeeds
    safe_at_home: bool | None = Field(default=None, description="JH-OB-1")
    is_self_care: bool | None = Field(default=None, description="JH-OB-1, GEN-SELF")
    digital_solutions_considered: bool | None = Field(default=None, description="JH-OB-1")
    frequent_and_continuous: bool | None = Field(default=None, description="JH-OB-2")
    expected_need_days: NeedDays | None = Field(default=None, description="JH-OB-2")
    cfs: ClinicalFrailty | None = Field(default=None, description="JH-OB-3, 1–9")
    cognitive_impairment: CognitiveImpairment | None = Field(default=None, description="JH-OB-3")
    can_reach_health_centre: bool | None = Field(default=None, description="JH-OB-4")
    prefers_health_centre: bool = Field(default=False, description="JH-OB-PREF")
    preference_affects_patient_safety: bool | None = None
    palliative_team_connected: bool | None = Field(default=None, description="JH-PAL")
    end_of_life_care: bool | None = Field(default=None, description="JH-PAL-5")
    listed_health_centre: str | None = Field(default=None, max_length=200, description="JH-SB-3")
    housing_health_centre: str | None = Field(default=None, max_length=200, description="JH-SB-3")
    severe_care_needs: list[SevereCareNeed] | None = Field(
        default=None, max_length=len(SevereCareNeed), description="GB-SEV"
    )
    specialised_treatment_responsibility: bool | None = None
    coordination_need: bool | None = Field(default=None, description="OR-ENROL")
    identified_risk: bool | None = Field(default=None, description="OR-ENROL")
    long_term_medical_need: bool | None = Field(default=None, description="HL-THRESH")
    performing_municipality_code: str | None = Field(
        default=None,
        description=(
            "GEN-RES: for a person not registered in the county, the municipality of the "
            "county whose staff perform the care as hired staff (the region stays responsible "
            "and invoices the home region). Unknown or absent: the region performs."
        ),
    )
    overrides: list[Override] = Field(default_factory=list, max_length=COMPONENTS)


class CareNeedsIn(CareNeeds):
    """CareNeeds for API input: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class OverrideIn(Override):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CareFactsIn(CareFacts):
    model_config = ConfigDict(frozen=True, extra="forbid")

    needs: CareNeedsIn
    overrides: list[OverrideIn] = Field(  # type: ignore[assignment]
        default_factory=list, max_length=COMPONENTS
    )

    def as_facts(self) -> CareFacts:
        return CareFacts.model_validate(self.model_dump())
