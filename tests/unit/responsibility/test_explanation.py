"""Explanations: every criterion with its inputs; a deterministic, JSON-safe machine form."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from responsibility.domain import CareComponent, CareNeeds, Outcome, Situation, decide

from .builders import CATALOGUE, GB_SEVERE, HL_THRESHOLD, JH_MUNICIPAL, OR_ENROLLED


@pytest.mark.parametrize(
    "situation",
    [
        pytest.param(JH_MUNICIPAL, id="JH-2026"),
        pytest.param(GB_SEVERE, id="GB-2018"),
        pytest.param(HL_THRESHOLD, id="HL-2021"),
        pytest.param(OR_ENROLLED, id="OR"),
    ],
)
def test_machine_form_is_json_safe_and_deterministic(situation: Situation) -> None:
    first, second = decide(situation, CATALOGUE), decide(situation, CATALOGUE)
    text = json.dumps(first.to_dict(), sort_keys=True, ensure_ascii=False)
    assert json.loads(text) == first.to_dict()
    assert first.to_dict() == second.to_dict()
    assert first.fingerprint() == second.fingerprint()
    assert len(first.fingerprint()) == 64


def test_fingerprint_changes_when_the_decision_changes() -> None:
    base = decide(JH_MUNICIPAL, CATALOGUE)
    other = decide(replace(JH_MUNICIPAL, expected_need_days=14), CATALOGUE)
    assert base.fingerprint() != other.fingerprint()


def test_components_appear_once_in_canonical_order() -> None:
    decision = decide(JH_MUNICIPAL, CATALOGUE)
    assert [c.component for c in decision.components] == list(CareComponent)
    machine: Any = decision.to_dict()
    names = [c["component"] for c in machine["components"]]
    assert names == [c.value for c in CareComponent]


def test_only_requested_components_are_decided() -> None:
    wanted = frozenset({CareComponent.AIDS, CareComponent.NURSING})
    decision = decide(replace(JH_MUNICIPAL, care_needs=CareNeeds(components=wanted)), CATALOGUE)
    assert [c.component for c in decision.components] == [CareComponent.NURSING, CareComponent.AIDS]


def test_every_criterion_lists_rule_outcome_inputs_and_sentence() -> None:
    decision = decide(JH_MUNICIPAL, CATALOGUE)
    criteria = decision.to_dict()["criteria"]
    assert isinstance(criteria, list) and criteria
    for item in criteria:
        assert isinstance(item, dict)
        assert set(item) == {"rule_id", "outcome", "inputs", "sentence", "missing_facts"}
        assert item["outcome"] in {o.value for o in Outcome}
        assert isinstance(item["sentence"], str) and item["sentence"]
    jh_ob_2 = next(c for c in criteria if isinstance(c, dict) and c["rule_id"] == "JH-OB-2")
    assert jh_ob_2["inputs"] == {
        "benchmark_more_than_days": 14,
        "expected_need_days": 30,
        "frequent_and_continuous": True,
    }


def test_component_explanations_cite_their_rules() -> None:
    decision = decide(JH_MUNICIPAL, CATALOGUE)
    for result in decision.components:
        cited = [line.split(":")[0] for line in result.explanation]
        assert set(cited) <= set(result.rule_ids)
        assert cited[-1] == result.decisive_rule


def test_selection_sentence_names_agreement_and_validity() -> None:
    decision = decide(JH_MUNICIPAL, CATALOGUE)
    assert decision.agreement_selection.startswith("JH-2026 version 1 is in force on 2026-03-02")
    assert "AG-RENEW" in decision.agreement_selection
