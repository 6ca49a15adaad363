"""JH-OB-1..4, the JH-OB combination, JH-OB-PREF and JH-OB-FLEX (section 4.2)."""

from __future__ import annotations

from typing import Any

import pytest
from responsibility.domain import (
    CareComponent,
    CognitiveImpairment,
    ComponentStatus,
    Outcome,
    Override,
    PartyKind,
    RegionUnit,
)

from .builders import jh, nursing

C = CognitiveImpairment


@pytest.mark.parametrize(
    ("rule", "changes", "outcome", "missing"),
    [
        pytest.param("JH-OB-1", {}, Outcome.MET, (), id="JH-OB-1-met"),
        pytest.param("JH-OB-1", {"safe_at_home": False}, Outcome.NOT_MET, (), id="JH-OB-1-unsafe"),
        pytest.param(
            "JH-OB-1", {"is_self_care": True}, Outcome.NOT_MET, (), id="JH-OB-1-self-care"
        ),
        pytest.param(
            "JH-OB-1",
            {"digital_solutions_considered": False},
            Outcome.NOT_MET,
            (),
            id="JH-OB-1-digital-not-considered",
        ),
        pytest.param(
            "JH-OB-1",
            {"safe_at_home": None},
            Outcome.UNKNOWN,
            ("safe_at_home",),
            id="JH-OB-1-unknown",
        ),
        pytest.param(
            "JH-OB-1",
            {"safe_at_home": None, "is_self_care": True},
            Outcome.NOT_MET,
            (),
            id="JH-OB-1-unmet-beats-unknown",
        ),
        pytest.param(
            "JH-OB-2", {"expected_need_days": 14}, Outcome.NOT_MET, (), id="JH-OB-2-14-days"
        ),
        pytest.param("JH-OB-2", {"expected_need_days": 15}, Outcome.MET, (), id="JH-OB-2-15-days"),
        pytest.param(
            "JH-OB-2", {"expected_need_days": 0}, Outcome.NOT_MET, (), id="JH-OB-2-0-days"
        ),
        pytest.param(
            "JH-OB-2",
            {"frequent_and_continuous": False},
            Outcome.NOT_MET,
            (),
            id="JH-OB-2-not-frequent",
        ),
        pytest.param(
            "JH-OB-2",
            {"expected_need_days": None},
            Outcome.UNKNOWN,
            ("expected_need_days",),
            id="JH-OB-2-duration-unknown",
        ),
        pytest.param(
            "JH-OB-2",
            {"frequent_and_continuous": None},
            Outcome.UNKNOWN,
            ("frequent_and_continuous",),
            id="JH-OB-2-frequency-unknown",
        ),
        pytest.param(
            "JH-OB-3", {"cfs": 6, "cognitive_impairment": None}, Outcome.MET, (), id="JH-OB-3-cfs-6"
        ),
        pytest.param("JH-OB-3", {"cfs": 9}, Outcome.MET, (), id="JH-OB-3-cfs-9"),
        pytest.param(
            "JH-OB-3",
            {"cfs": 5, "cognitive_impairment": C.NONE},
            Outcome.NOT_MET,
            (),
            id="JH-OB-3-cfs-5-no-impairment",
        ),
        pytest.param(
            "JH-OB-3",
            {"cfs": 5, "cognitive_impairment": C.SYMPTOMS},
            Outcome.MET,
            (),
            id="JH-OB-3-cfs-5-symptoms",
        ),
        pytest.param(
            "JH-OB-3",
            {"cfs": 5, "cognitive_impairment": C.UNDER_INVESTIGATION},
            Outcome.MET,
            (),
            id="JH-OB-3-cfs-5-investigation",
        ),
        pytest.param(
            "JH-OB-3",
            {"cfs": 5, "cognitive_impairment": C.DIAGNOSED},
            Outcome.MET,
            (),
            id="JH-OB-3-cfs-5-diagnosed",
        ),
        pytest.param(
            "JH-OB-3",
            {"cfs": 5, "cognitive_impairment": None},
            Outcome.UNKNOWN,
            ("cognitive_impairment",),
            id="JH-OB-3-cfs-5-impairment-unknown",
        ),
        pytest.param(
            "JH-OB-3",
            {"cfs": 4, "cognitive_impairment": C.DIAGNOSED},
            Outcome.NOT_MET,
            (),
            id="JH-OB-3-cfs-4-diagnosed",
        ),
        pytest.param("JH-OB-3", {"cfs": 1}, Outcome.NOT_MET, (), id="JH-OB-3-cfs-1"),
        pytest.param("JH-OB-3", {"cfs": None}, Outcome.UNKNOWN, ("cfs",), id="JH-OB-3-cfs-unknown"),
        pytest.param(
            "JH-OB-4",
            {"can_reach_health_centre": False},
            Outcome.MET,
            (),
            id="JH-OB-4-cannot-reach",
        ),
        pytest.param(
            "JH-OB-4",
            {"can_reach_health_centre": True},
            Outcome.NOT_MET,
            (),
            id="JH-OB-4-can-reach",
        ),
        pytest.param(
            "JH-OB-4",
            {"can_reach_health_centre": None},
            Outcome.UNKNOWN,
            ("can_reach_health_centre",),
            id="JH-OB-4-unknown",
        ),
    ],
)
def test_criterion(
    rule: str, changes: dict[str, Any], outcome: Outcome, missing: tuple[str, ...]
) -> None:
    found = jh(**changes).criterion(rule)
    assert found.outcome is outcome
    assert found.missing_facts == missing


def test_JH_OB_3_records_the_inputs_it_used() -> None:
    found = jh(cfs=5, cognitive_impairment=C.DIAGNOSED).criterion("JH-OB-3")
    assert dict(found.inputs) == {"cfs": 5, "cognitive_impairment": "diagnosed"}
    assert "CFS 5" in found.sentence


@pytest.mark.parametrize(
    ("changes", "status", "kind"),
    [
        pytest.param({}, ComponentStatus.DECIDED, PartyKind.MUNICIPALITY, id="JH-OB-all-four-met"),
        pytest.param(
            {"expected_need_days": 14},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="JH-OB-2-14-days-region",
        ),
        pytest.param(
            {"expected_need_days": 15},
            ComponentStatus.DECIDED,
            PartyKind.MUNICIPALITY,
            id="JH-OB-2-15-days-municipality",
        ),
        pytest.param(
            {"cfs": 5},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="JH-OB-3-cfs-5-without-impairment-region",
        ),
        pytest.param(
            {"cfs": 5, "cognitive_impairment": C.SYMPTOMS},
            ComponentStatus.DECIDED,
            PartyKind.MUNICIPALITY,
            id="JH-OB-3-cfs-5-with-impairment-municipality",
        ),
        pytest.param(
            {"cfs": 6},
            ComponentStatus.DECIDED,
            PartyKind.MUNICIPALITY,
            id="JH-OB-3-cfs-6-municipality",
        ),
        pytest.param(
            {"can_reach_health_centre": True},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="JH-OB-4-can-reach-region",
        ),
        pytest.param({"cfs": None}, ComponentStatus.UNKNOWN, None, id="JH-OB-3-unknown-is-unknown"),
        pytest.param(
            {"cfs": None, "can_reach_health_centre": True},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="JH-OB-unmet-decides-despite-unknown",
        ),
    ],
)
def test_JH_OB_combination(
    changes: dict[str, Any], status: ComponentStatus, kind: PartyKind | None
) -> None:
    decision = jh(**changes)
    for component in (CareComponent.NURSING, CareComponent.REHABILITATION):
        result = decision.component(component)
        assert result.status is status
        assert (result.responsible.kind if result.responsible else None) is kind
        assert result.decisive_rule == "JH-OB"


def test_JH_OB_region_names_the_health_centre_and_the_unmet_criteria() -> None:
    care = nursing(jh(expected_need_days=3, can_reach_health_centre=True))
    assert care.responsible is not None and care.responsible.unit is RegionUnit.HEALTH_CENTRE
    assert care.rule_ids == ("JH-OB-2", "JH-OB-4", "JH-OB")


def test_JH_OB_unknown_lists_every_missing_fact() -> None:
    care = nursing(jh(cfs=None, safe_at_home=None))
    assert care.missing_facts == ("cfs", "safe_at_home")
    assert care.responsible is None and care.performer is None and care.cost_bearer is None


@pytest.mark.parametrize(
    ("changes", "outcome", "kind"),
    [
        pytest.param({}, Outcome.NOT_MET, PartyKind.MUNICIPALITY, id="JH-OB-PREF-no-wish"),
        pytest.param(
            {"prefers_health_centre": True, "preference_affects_patient_safety": False},
            Outcome.MET,
            PartyKind.REGION,
            id="JH-OB-PREF-respected",
        ),
        pytest.param(
            {"prefers_health_centre": True, "preference_affects_patient_safety": True},
            Outcome.NOT_MET,
            PartyKind.MUNICIPALITY,
            id="JH-OB-PREF-unsafe",
        ),
        pytest.param(
            {"prefers_health_centre": True, "preference_affects_patient_safety": None},
            Outcome.UNKNOWN,
            None,
            id="JH-OB-PREF-safety-unknown",
        ),
    ],
)
def test_JH_OB_PREF(changes: dict[str, Any], outcome: Outcome, kind: PartyKind | None) -> None:
    decision = jh(**changes)
    assert decision.criterion("JH-OB-PREF").outcome is outcome
    care = nursing(decision)
    assert (care.responsible.kind if care.responsible else None) is kind


def test_JH_OB_PREF_only_applies_when_the_criteria_are_met() -> None:
    decision = jh(can_reach_health_centre=True, prefers_health_centre=True)
    with pytest.raises(KeyError):
        decision.criterion("JH-OB-PREF")


def flex(principal: PartyKind, *components: CareComponent) -> Override:
    unit = RegionUnit.HEALTH_CENTRE if principal is PartyKind.REGION else None
    return Override(
        "Dr Berg, HC Lit", "person-centred: lives far away", frozenset(components), principal, unit
    )


def test_JH_OB_FLEX_override_is_recorded_visibly_and_countable() -> None:
    decision = jh(cfs=4, overrides=(flex(PartyKind.MUNICIPALITY, CareComponent.NURSING),))
    care = nursing(decision)
    assert care.responsible is not None and care.responsible.kind is PartyKind.MUNICIPALITY
    assert care.decisive_rule == "JH-OB-FLEX"
    assert care.override is not None and care.override.decided_by == "Dr Berg, HC Lit"
    assert care.override.departed_from is not None
    assert care.override.departed_from.kind is PartyKind.REGION
    assert len(decision.overrides) == 1
    assert decision.criterion("JH-OB-FLEX").outcome is Outcome.MET
    rehab = decision.component(CareComponent.REHABILITATION)
    assert rehab.override is None and rehab.responsible is not None
    assert rehab.responsible.kind is PartyKind.REGION
    machine: Any = decision.to_dict()
    assert machine["overrides"][0]["reason"] == "person-centred: lives far away"


def test_JH_OB_FLEX_resolves_an_unknown_component() -> None:
    decision = jh(
        cfs=None, overrides=(flex(PartyKind.REGION, CareComponent.NURSING, CareComponent.AIDS),)
    )
    assert nursing(decision).status is ComponentStatus.DECIDED
    assert nursing(decision).override is not None
    assert nursing(decision).override.departed_from is None  # type: ignore[union-attr]
    assert decision.component(CareComponent.AIDS).decisive_rule == "JH-OB-FLEX"
    assert len(decision.overrides) == 2


def test_no_override_means_no_flex_criterion() -> None:
    decision = jh()
    assert decision.overrides == ()
    assert "JH-OB-FLEX" not in decision.rule_ids
