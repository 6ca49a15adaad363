"""Property tests over generated situations."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from responsibility.domain import (
    CareComponent,
    CareNeeds,
    CognitiveImpairment,
    ComponentStatus,
    Decision,
    HousingForm,
    PartyKind,
    Situation,
    decide,
)

from .builders import CATALOGUE, GB_SEVERE, HL_THRESHOLD, JH_MUNICIPAL, OR_ENROLLED

maybe_bool = st.one_of(st.none(), st.booleans())
JH_OB_FACTS: dict[str, st.SearchStrategy[Any]] = {
    "safe_at_home": maybe_bool,
    "is_self_care": maybe_bool,
    "digital_solutions_considered": maybe_bool,
    "frequent_and_continuous": maybe_bool,
    "expected_need_days": st.one_of(st.none(), st.integers(0, 400)),
    "cfs": st.one_of(st.none(), st.integers(1, 9)),
    "cognitive_impairment": st.one_of(st.none(), st.sampled_from(CognitiveImpairment)),
    "can_reach_health_centre": maybe_bool,
    "prefers_health_centre": st.booleans(),
    "preference_affects_patient_safety": maybe_bool,
}
jh_ordinary = st.fixed_dictionaries(JH_OB_FACTS).map(lambda facts: replace(JH_MUNICIPAL, **facts))

components = st.frozensets(st.sampled_from(CareComponent), min_size=1)
any_region = st.builds(
    lambda base, offset, wanted, facts: replace(
        base,
        decision_date=base.decision_date + timedelta(days=offset),
        care_needs=CareNeeds(components=wanted),
        **facts,
    ),
    st.sampled_from([JH_MUNICIPAL, GB_SEVERE, HL_THRESHOLD, OR_ENROLLED]),
    st.integers(0, 250),
    components,
    st.fixed_dictionaries(
        {},
        optional={
            "age_years": st.one_of(st.none(), st.integers(0, 110)),
            "housing_form": st.one_of(st.none(), st.sampled_from(HousingForm)),
            "registered_municipality": st.sampled_from([None, "0180", "1480"]),
            "can_reach_health_centre": maybe_bool,
            "coordination_need": maybe_bool,
            "identified_risk": maybe_bool,
            "long_term_medical_need": maybe_bool,
            "palliative_team_connected": maybe_bool,
            "discharge_date": st.one_of(st.none(), st.dates(date(2018, 1, 1), date(2026, 9, 1))),
        },
    ),
)


def nursing_kind(decision: Decision) -> PartyKind | None:
    responsible = decision.component(CareComponent.NURSING).responsible
    return None if responsible is None else responsible.kind


@settings(max_examples=150, deadline=None)
@given(jh_ordinary, st.integers(1, 8))
def test_JH_OB_raising_cfs_never_moves_nursing_from_municipality_to_region(
    situation: Situation, low: int
) -> None:
    before = decide(replace(situation, cfs=low), CATALOGUE)
    if nursing_kind(before) is not PartyKind.MUNICIPALITY:
        return
    for higher in range(low + 1, 10):
        after = decide(replace(situation, cfs=higher), CATALOGUE)
        assert nursing_kind(after) is PartyKind.MUNICIPALITY, higher


@settings(max_examples=150, deadline=None)
@given(jh_ordinary, st.sampled_from(sorted(JH_OB_FACTS)), st.data())
def test_JH_OB_learning_a_missing_fact_never_changes_a_decided_result(
    situation: Situation, name: str, data: st.DataObject
) -> None:
    before = decide(situation, CATALOGUE).component(CareComponent.NURSING)
    if before.status is not ComponentStatus.DECIDED or getattr(situation, name) is not None:
        return
    value = data.draw(JH_OB_FACTS[name].filter(lambda v: v is not None))
    after = decide(replace(situation, **{name: value}), CATALOGUE).component(CareComponent.NURSING)
    assert (after.status, after.responsible) == (before.status, before.responsible)


@settings(max_examples=200, deadline=None)
@given(any_region)
def test_every_decision_is_complete_cited_and_machine_readable(situation: Situation) -> None:
    decision = decide(situation, CATALOGUE)
    selected = CATALOGUE.agreement_in_force(situation.region_code, situation.decision_date)
    assert (decision.agreement_id, decision.agreement_version) == (selected.id, selected.version)
    assert decision.to_dict()["agreement"]["id"] == selected.id  # type: ignore[index, call-overload]
    wanted = situation.care_needs.components
    assert [c.component for c in decision.components] == [c for c in CareComponent if c in wanted]
    for result in decision.components:
        parties = (result.responsible, result.performer, result.cost_bearer)
        if result.status is ComponentStatus.DECIDED:
            assert all(p is not None for p in parties) and result.rule_ids
        else:
            assert all(p is None for p in parties)
        if result.status is ComponentStatus.UNKNOWN:
            assert result.missing_facts
        if result.component is CareComponent.PHYSICIAN:
            assert result.responsible is not None and result.responsible.kind is PartyKind.REGION
    assert json.loads(json.dumps(decision.to_dict())) == decision.to_dict()
    assert decide(situation, CATALOGUE).fingerprint() == decision.fingerprint()
