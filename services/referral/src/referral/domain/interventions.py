"""The interventions a care request can ask for: a code list, and the care component of each
(the responsibility rules decide per component; the nurse reads per intervention)."""

from __future__ import annotations

from enum import StrEnum


class InterventionType(StrEnum):
    WOUND_CARE = "wound-care"
    MEDICATION_ADMINISTRATION = "medication-administration"
    INJECTIONS = "injections"
    CATHETER = "catheter"
    STOMA = "stoma"
    NUTRITION = "nutrition"
    PALLIATIVE_CARE = "palliative-care"
    DIABETES_CARE = "diabetes-care"
    OXYGEN = "oxygen"
    RESPIRATORY_SUPPORT = "respiratory-support"  # respirator, tracheostomy (GB-SEV)
    PERITONEAL_DIALYSIS = "peritoneal-dialysis"  # GB-SEV
    SAMPLES = "samples"
    OBSERVATION = "observation"
    OCCUPATIONAL_THERAPY = "occupational-therapy"
    PHYSIOTHERAPY = "physiotherapy"


class SelfCareOutcome(StrEnum):
    """GEN-SELF: self-care is not health care; the municipality is not asked to perform it."""

    HEALTH_CARE = "health-care"
    SELF_CARE = "self-care"


REHABILITATION = frozenset({InterventionType.OCCUPATIONAL_THERAPY, InterventionType.PHYSIOTHERAPY})


def component_of(kind: InterventionType) -> str:
    """The care component (contracts' CareComponent) whose decision covers the intervention:
    up to physician level the municipality's nurses, occupational therapists and
    physiotherapists perform them (GEN-DOC); products travel in the request's product list."""
    return "rehabilitation" if kind in REHABILITATION else "nursing"
