"""Situation builders: each starts from a complete, known case that a test then varies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from responsibility.domain import (
    AgreementCatalogue,
    CareComponent,
    CognitiveImpairment,
    ComponentDecision,
    Decision,
    HousingForm,
    SevereCareNeed,
    Situation,
    decide,
    load_catalogue,
)

CATALOGUE: AgreementCatalogue = load_catalogue()
OSTERSUND, GAVLE, HALMSTAD, OREBRO = "2380", "2180", "1380", "1880"

# Jämtland Härjedalen, ordinary housing, all four JH-OB criteria met → the municipality.
JH_MUNICIPAL = Situation(
    decision_date=date(2026, 3, 2),
    region_code="23",
    registered_municipality=OSTERSUND,
    age_years=84,
    housing_form=HousingForm.ORDINARY,
    safe_at_home=True,
    is_self_care=False,
    digital_solutions_considered=True,
    frequent_and_continuous=True,
    expected_need_days=30,
    cfs=6,
    cognitive_impairment=CognitiveImpairment.NONE,
    can_reach_health_centre=False,
    palliative_team_connected=False,
    end_of_life_care=False,
)

# Gävleborg, adult on a respirator, specialised care holds treatment responsibility.
GB_SEVERE = Situation(
    decision_date=date(2019, 3, 1),
    region_code="21",
    registered_municipality=GAVLE,
    age_years=40,
    housing_form=HousingForm.ORDINARY,
    severe_care_needs=frozenset({SevereCareNeed.RESPIRATOR}),
    coordination_need=True,
    specialised_treatment_responsibility=True,
    listed_health_centre="HC Brynäs",
)

# Halland, long-term need and cannot reach the health centre → the municipality.
HL_THRESHOLD = Situation(
    decision_date=date(2024, 5, 2),
    region_code="13",
    registered_municipality=HALMSTAD,
    age_years=70,
    housing_form=HousingForm.ORDINARY,
    long_term_medical_need=True,
    can_reach_health_centre=False,
)

# Örebro, adult with coordination need and identified risk, no recent hospital stay.
OR_ENROLLED = Situation(
    decision_date=date(2026, 3, 2),
    region_code="18",
    registered_municipality=OREBRO,
    age_years=79,
    housing_form=HousingForm.ORDINARY,
    coordination_need=True,
    identified_risk=True,
)


def decide_with(base: Situation, **changes: Any) -> Decision:
    return decide(replace(base, **changes), CATALOGUE)


def jh(**changes: Any) -> Decision:
    return decide_with(JH_MUNICIPAL, **changes)


def nursing(decision: Decision) -> ComponentDecision:
    return decision.component(CareComponent.NURSING)
