"""A decision's fingerprint hashes the standard library's canonical JSON; orjson makes the same
bytes faster (issue 11) — the same for every value, so stored fingerprints stay comparable."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from responsibility.domain import Situation, decide
from responsibility.domain.canonical import canonical_json
from responsibility.domain.enums import CareComponent, PartyKind, RegionUnit
from responsibility.domain.situation import Override

from .builders import CATALOGUE, GB_SEVERE, JH_MUNICIPAL
from .test_properties import any_region


def standard(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),  # any text: controls, DEL, astral
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_canonical_json_is_the_standard_librarys_text(value: dict[str, Any]) -> None:
    assert canonical_json(value) == standard(value)


def test_swedish_text_and_what_orjson_refuses_come_out_as_ever() -> None:
    awkward: dict[str, Any] = {
        "sentence": "Kommunen ansvarar för hemsjukvård – även i särskilt boende ✓ 😀",
        "controls": 'a\x00\x1f\x7f\u2028b"\\',
        "lone surrogate": "\ud800",
        "nested": [{"ö": 1, "a": [True, None, -(2**70)]}],
    }
    assert canonical_json(awkward) == standard(awkward)


@settings(max_examples=50, deadline=None)
@given(any_region)
def test_a_decisions_machine_form_hashes_as_it_did(situation: Situation) -> None:
    form = decide(situation, CATALOGUE).to_dict()
    assert canonical_json(form) == standard(form)


@settings(max_examples=200, deadline=None)
@given(any_region)
def test_the_canonical_text_written_from_the_results_is_their_machine_forms(
    situation: Situation,
) -> None:
    """orjson writes the component results and criteria from their fields (issue 11): the text
    must be the machine form's, byte for byte, or stored fingerprints would no longer match."""
    decision = decide(situation, CATALOGUE)
    assert decision.canonical_text() == standard(decision.to_dict())


@pytest.mark.parametrize("sentence", ["DEL \x7f, escaped by the standard library", "lone \ud800"])
def test_a_result_orjson_cannot_write_as_the_standard_library_falls_back_to_the_machine_form(
    sentence: str,
) -> None:
    decision = decide(JH_MUNICIPAL, CATALOGUE)
    odd = replace(decision.criteria[0], sentence=sentence)
    awkward = replace(decision, criteria=(odd, *decision.criteria[1:]))
    assert awkward.canonical_text() == standard(awkward.to_dict())


def test_overrides_and_compensation_come_out_as_their_machine_form() -> None:
    nursing = frozenset({CareComponent.NURSING})
    override = Override("dr X", "why", nursing, PartyKind.REGION, RegionUnit.HEALTH_CENTRE)
    overridden = replace(JH_MUNICIPAL, overrides=(override,))
    decisions = [decide(s, CATALOGUE) for s in (overridden, GB_SEVERE)]
    assert decisions[0].overrides and any(c.compensation for c in decisions[1].components)
    for decision in decisions:
        assert decision.canonical_text() == standard(decision.to_dict())
