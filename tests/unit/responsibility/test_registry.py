"""Every rule ID of section 4 is implemented exactly once and used by an agreement."""

from __future__ import annotations

import pytest
from responsibility.domain import RULES
from responsibility.domain.rules.registry import DuplicateRule, RuleSpec, rule

from .builders import CATALOGUE

SECTION_4_IDS = {
    "GEN-RES", "GEN-DOC", "GEN-SELF", "GEN-DISPUTE",
    "JH-OB-1", "JH-OB-2", "JH-OB-3", "JH-OB-4", "JH-OB-FLEX", "JH-OB-PREF",
    "JH-SB-1", "JH-SB-2", "JH-SB-3", "JH-SB-4",
    "JH-MTP-1", "JH-MTP-2", "JH-MTP-3", "JH-MTP-4", "JH-MTP-5", "JH-MTP-6",
    "JH-PAL-1", "JH-PAL-2", "JH-PAL-3", "JH-PAL-4", "JH-PAL-5",
    "GB-SEV", "GB-CHILD", "HL-THRESH", "OR-ENROL", "OR-SPEC7", "OR-CHILD",
}  # fmt: skip
SECTION_HEADERS = {"JH-OB", "JH-MTP", "JH-INFO"}  # the section-level base rules


def test_every_section_4_rule_is_registered() -> None:
    assert set(RULES) == SECTION_4_IDS | SECTION_HEADERS


@pytest.mark.parametrize("rule_id", sorted(SECTION_4_IDS | SECTION_HEADERS))
def test_rule_is_registered_under_its_id_and_used(rule_id: str) -> None:
    spec: RuleSpec = RULES[rule_id]
    assert spec.rule_id == rule_id and spec.title
    assert any(a.has_rule(rule_id) for a in CATALOGUE.agreements)


def test_registering_a_rule_id_twice_fails() -> None:
    with pytest.raises(DuplicateRule):
        rule("JH-OB-1", "again")(RULES["JH-OB-1"].fn)  # type: ignore[arg-type]
