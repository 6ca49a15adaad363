"""Closed vocabularies of the responsibility engine."""

from __future__ import annotations

from enum import StrEnum


class CareComponent(StrEnum):
    """A part of the care for which a principal, performer and cost bearer are decided."""

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


ORDERED_COMPONENTS: tuple[CareComponent, ...] = tuple(CareComponent)
ALL_COMPONENTS: frozenset[CareComponent] = frozenset(CareComponent)
CARE_COMPONENTS: tuple[CareComponent, ...] = (CareComponent.NURSING, CareComponent.REHABILITATION)
PRODUCT_COMPONENTS: tuple[CareComponent, ...] = tuple(
    c for c in CareComponent if c not in (*CARE_COMPONENTS, CareComponent.PHYSICIAN)
)
SPECIALISED_CLINIC_COMPONENTS: dict[CareComponent, str] = {
    CareComponent.NUTRITION: "dietitian_clinic",
    CareComponent.DIABETES_PRODUCTS: "diabetes_clinic",
    CareComponent.STOMA_PRODUCTS: "stoma_clinic",
    CareComponent.OXYGEN: "oxygen_clinic",
}


class HousingForm(StrEnum):
    ORDINARY = "ordinary"
    SPECIAL_HOUSING = "special_housing"
    SHORT_TERM = "short_term"
    LSS_HOUSING = "lss_housing"
    DAILY_ACTIVITY_LSS = "daily_activity_lss"
    DAY_ACTIVITY_SOL = "day_activity_sol"


SPECIAL_HOUSING_FORMS = frozenset(
    {HousingForm.SPECIAL_HOUSING, HousingForm.SHORT_TERM, HousingForm.LSS_HOUSING}
)
DAY_ACTIVITY_FORMS = frozenset({HousingForm.DAILY_ACTIVITY_LSS, HousingForm.DAY_ACTIVITY_SOL})


class CognitiveImpairment(StrEnum):
    NONE = "none"
    SYMPTOMS = "symptoms"
    UNDER_INVESTIGATION = "under_investigation"
    DIAGNOSED = "diagnosed"


class SevereCareNeed(StrEnum):
    """GB-SEV target-group needs."""

    RESPIRATOR = "respirator"
    TRACHEOSTOMY = "tracheostomy"
    PERITONEAL_DIALYSIS = "peritoneal_dialysis"


class PartyKind(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"


class RegionUnit(StrEnum):
    HEALTH_CENTRE = "health_centre"
    SPECIALISED_CARE = "specialised_care"
    PALLIATIVE_TEAM = "palliative_team"


class Outcome(StrEnum):
    """Result of evaluating one criterion."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class ComponentStatus(StrEnum):
    DECIDED = "decided"
    UNKNOWN = "unknown"
    NOT_COVERED = "not_covered"
