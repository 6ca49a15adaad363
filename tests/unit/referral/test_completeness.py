"""The completeness rules as data (issue 8): every gap listed, per way in and urgency."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handover_contracts.events import WayIn
from referral.domain.completeness import REQUIREMENTS, contradictions, gaps

README = (Path(__file__).parents[3] / "README.md").read_text()


def test_an_empty_request_lists_every_required_field_once() -> None:
    found = gaps({}, WayIn.HOSPITAL_DISCHARGE, acute=True)
    fields = [g.field for g in found]
    assert len(fields) == len(set(fields))
    assert "interventions" in fields and "acute_reason" in fields
    assert "patient.name.given" in fields and "medication_list.established_by.name" in fields
    assert not [f for f in fields if "[]" in f], "list items are reported by index"


def test_the_direct_ways_in_do_not_ask_for_a_separate_fixed_care_contact() -> None:
    hospital = {g.field for g in gaps({}, WayIn.HOSPITAL_DISCHARGE, acute=False)}
    primary = {g.field for g in gaps({}, WayIn.PRIMARY_CARE, acute=False)}
    assert hospital - primary == {
        "fixed_contacts.fixed_care_contact.name",
        "fixed_contacts.fixed_care_contact.phone",
    }
    assert "acute_reason" not in primary


def test_each_item_of_a_list_is_checked_by_its_index() -> None:
    content = {"interventions": [{"type": "wound-care"}, {}]}
    found = {g.field: g.rule for g in gaps(content, WayIn.PRIMARY_CARE, acute=False)}
    assert found["interventions.1.type"] == "CR-CONTENT-INTERVENTION"
    assert "interventions.0.type" not in found
    assert found["interventions.0.self_care_assessment.outcome"] == "GEN-SELF"


def test_blank_text_is_missing_and_an_empty_product_list_is_an_answer() -> None:
    content = {"sender": {"unit_name": "  "}, "products": []}
    found = {g.field for g in gaps(content, WayIn.PRIMARY_CARE, acute=False)}
    assert "sender.unit_name" in found
    assert "products" not in found


def test_contradictions_name_the_law_and_the_components() -> None:
    content = {
        "medication_list": {"established_on": date(2026, 11, 21)},
        "interventions": [
            {"type": "physiotherapy", "self_care_assessment": {"outcome": "health-care"}},
            {"type": "occupational-therapy", "self_care_assessment": {"outcome": "self-care"}},
        ],
    }
    found = {g.field: g.rule for g in contradictions(content, {"nursing"}, date(2026, 11, 20))}
    assert found == {
        "medication_list.established_on": "LAW-INFO",
        "interventions.0.type": "CR-CONTENT-COMPONENTS",
    }


def test_the_readme_explains_every_required_field_and_rule() -> None:
    for requirement in REQUIREMENTS:
        leaf = requirement.path.rsplit(".", 1)[-1]
        assert leaf in README, leaf
        assert requirement.rule in README, requirement.rule
