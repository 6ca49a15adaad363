"""From the contracts' care facts to the engine's Situation (and nothing else).

A decision stores the event it was taken on (`DecisionRow.source`); `situation_from_source`
rebuilds the situation from it for re-evaluation and disputes, whichever way the case came in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from handover_contracts.events import PatientDischarged, ReferralSubmitted
from handover_contracts.facts import CareFacts
from handover_contracts.facts import CareNeeds as NeedsFacts
from handover_contracts.facts import Override as OverrideFacts

from responsibility.domain import (
    CareComponent,
    CareNeeds,
    CognitiveImpairment,
    HousingForm,
    Override,
    PartyKind,
    RegionUnit,
    SevereCareNeed,
    Situation,
)

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")


def local_date(moment: datetime) -> date:
    """The calendar date in Sweden, where agreements count days."""
    return moment.astimezone(SWEDISH_TIME).date()


CaseEvent = PatientDischarged | ReferralSubmitted
"""An event a decision is taken on: a hospital discharge or a direct referral."""


def situation_from_source(source: Mapping[str, Any], on: date | None = None) -> Situation:
    """The situation of a stored decision's source event, on `on` (default: its own date)."""
    return situation_from_event(event_from_source(source), on)


def event_from_source(source: Mapping[str, Any]) -> CaseEvent:
    """A stored referral carries `referral_id` and `way_in`; anything else is a discharge."""
    if "referral_id" in source and "way_in" in source:
        return ReferralSubmitted.model_validate(source)
    return PatientDischarged.model_validate(source)


def situation_from_event(event: CaseEvent, on: date | None = None) -> Situation:
    if isinstance(event, ReferralSubmitted):
        return situation_from_referral(event, on)
    return situation_from_discharge(event, on)


def situation_from_referral(event: ReferralSubmitted, on: date | None = None) -> Situation:
    """No hospital stay: no admission or discharge date, so OR-SPEC7 does not extend
    specialised care's responsibility; decided on the Swedish date it was submitted."""
    return situation_from_facts(
        event.care,
        decision_date=on or local_date(event.submitted_at),
        region_code=event.region_code,
        municipality=event.registered_municipality_code,
        age_years=event.age_years,
    )


def situation_from_discharge(event: PatientDischarged, on: date | None = None) -> Situation:
    return situation_from_facts(
        event.care,
        decision_date=on or local_date(event.discharged_at),
        region_code=event.region_code,
        municipality=event.registered_municipality_code,
        age_years=event.age_years,
        admission_date=local_date(event.admitted_at) if event.admitted_at else None,
        discharge_date=local_date(event.discharged_at),
    )


def situation_from_facts(
    care: CareFacts,
    *,
    decision_date: date,
    region_code: str,
    municipality: str,
    age_years: int | None,
    admission_date: date | None = None,
    discharge_date: date | None = None,
) -> Situation:
    return Situation(
        decision_date=decision_date,
        region_code=region_code,
        registered_municipality=municipality,
        registered_in_county=municipality[:2] == region_code,  # SCB: county prefix (GEN-RES)
        performing_municipality_code=care.performing_municipality_code,
        age_years=age_years,
        housing_form=HousingForm(care.housing_form) if care.housing_form else None,
        care_needs=_needs(care.needs),
        safe_at_home=care.safe_at_home,
        is_self_care=care.is_self_care,
        digital_solutions_considered=care.digital_solutions_considered,
        frequent_and_continuous=care.frequent_and_continuous,
        expected_need_days=care.expected_need_days,
        cfs=care.cfs,
        cognitive_impairment=_maybe(CognitiveImpairment, care.cognitive_impairment),
        can_reach_health_centre=care.can_reach_health_centre,
        prefers_health_centre=care.prefers_health_centre,
        preference_affects_patient_safety=care.preference_affects_patient_safety,
        palliative_team_connected=care.palliative_team_connected,
        end_of_life_care=care.end_of_life_care,
        listed_health_centre=care.listed_health_centre,
        housing_health_centre=care.housing_health_centre,
        severe_care_needs=_severe(care.severe_care_needs),
        specialised_treatment_responsibility=care.specialised_treatment_responsibility,
        coordination_need=care.coordination_need,
        identified_risk=care.identified_risk,
        admission_date=admission_date,
        discharge_date=discharge_date,
        long_term_medical_need=care.long_term_medical_need,
        overrides=tuple(_override(o) for o in care.overrides),
    )


def _maybe(kind: type[CognitiveImpairment], value: str | None) -> CognitiveImpairment | None:
    return None if value is None else kind(value)


def _severe(values: Sequence[str] | None) -> frozenset[SevereCareNeed] | None:
    return None if values is None else frozenset(SevereCareNeed(v) for v in values)


def _components(values: list[str]) -> frozenset[CareComponent]:
    return frozenset(CareComponent(v) for v in values)


def _needs(needs: NeedsFacts) -> CareNeeds:
    return CareNeeds(
        components=_components(list(needs.components)),
        physician_only_prescription=_components(list(needs.physician_only_prescription)),
        specialised_clinic_in_charge=_components(list(needs.specialised_clinic_in_charge)),
        specialised_equipment=needs.specialised_equipment,
        non_procured_materials=needs.non_procured_materials,
        non_procured_materials_evaluated=needs.non_procured_materials_evaluated,
        work_environment_consumables=needs.work_environment_consumables,
        performed_on_behalf_of_other=needs.performed_on_behalf_of_other,
    )


def _override(override: OverrideFacts) -> Override:
    return Override(
        decided_by=override.decided_by,
        reason=override.reason,
        components=_components(list(override.components)),
        principal=PartyKind(override.principal),
        unit=RegionUnit(override.unit) if override.unit else None,
    )
