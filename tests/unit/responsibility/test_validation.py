"""Invalid input raises InvalidSituation naming the field and the rule (→ 4xx at the API)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from responsibility.domain import (
    CareComponent,
    CareNeeds,
    InvalidSituation,
    Override,
    PartyKind,
    RegionUnit,
    decide,
)

from .builders import CATALOGUE, GB_SEVERE, JH_MUNICIPAL

WHO = {"decided_by": "nurse Anna (HC Odenslund)", "reason": "lives alone, anxious at night"}


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        pytest.param({"cfs": 0}, "cfs", "JH-OB-3", id="JH-OB-3-cfs-0"),
        pytest.param({"cfs": 10}, "cfs", "JH-OB-3", id="JH-OB-3-cfs-10"),
        pytest.param({"cfs": 5.5}, "cfs", "JH-OB-3", id="JH-OB-3-cfs-float"),
        pytest.param({"cfs": "6"}, "cfs", "JH-OB-3", id="JH-OB-3-cfs-string"),
        pytest.param({"cfs": True}, "cfs", "JH-OB-3", id="JH-OB-3-cfs-bool"),
        pytest.param(
            {"cognitive_impairment": "yes"},
            "cognitive_impairment",
            "JH-OB-3",
            id="JH-OB-3-cognition",
        ),
        pytest.param(
            {"expected_need_days": -1}, "expected_need_days", "JH-OB-2", id="JH-OB-2-negative-days"
        ),
        pytest.param(
            {"can_reach_health_centre": "no"},
            "can_reach_health_centre",
            "JH-OB-4",
            id="JH-OB-4-not-bool",
        ),
        pytest.param({"region_code": "99"}, "region_code", "GEN-RES", id="GEN-RES-unknown-region"),
        pytest.param({"region_code": 23}, "region_code", "GEN-RES", id="GEN-RES-region-not-string"),
        pytest.param(
            {"registered_municipality": "238"},
            "registered_municipality",
            "GEN-RES",
            id="GEN-RES-short-code",
        ),
        pytest.param(
            {"registered_municipality": "9999"},
            "registered_municipality",
            "GEN-RES",
            id="GEN-RES-unknown-county",
        ),
        pytest.param(
            {"registered_in_county": False},
            "registered_in_county",
            "GEN-RES",
            id="GEN-RES-contradiction",
        ),
        pytest.param({"age_years": -1}, "age_years", "GB-CHILD", id="GB-CHILD-negative-age"),
        pytest.param({"age_years": 17.5}, "age_years", "GB-CHILD", id="GB-CHILD-fractional-age"),
        pytest.param(
            {"birth_date": date(2027, 1, 1)},
            "birth_date",
            "GB-CHILD",
            id="GB-CHILD-born-after-decision",
        ),
        pytest.param(
            {"birth_date": date(1941, 1, 1), "age_years": 70},
            "age_years",
            "GB-CHILD",
            id="GB-CHILD-age-contradicts-birth",
        ),
        pytest.param(
            {"admission_date": date(2026, 2, 10), "discharge_date": date(2026, 2, 9)},
            "discharge_date",
            "OR-SPEC7",
            id="OR-SPEC7-discharge-before-admission",
        ),
        pytest.param(
            {"discharge_date": datetime(2026, 2, 9, 12, 0)},
            "discharge_date",
            "OR-SPEC7",
            id="OR-SPEC7-datetime-not-date",
        ),
        pytest.param(
            {"decision_date": "2026-03-02"},
            "decision_date",
            "AG-RENEW",
            id="AG-RENEW-decision-date-string",
        ),
        pytest.param(
            {"housing_form": "villa"}, "housing_form", "JH-SB-1", id="JH-SB-1-unknown-housing"
        ),
        pytest.param(
            {"listed_health_centre": " "},
            "listed_health_centre",
            "JH-SB-3",
            id="JH-SB-3-blank-centre",
        ),
        pytest.param(
            {"severe_care_needs": frozenset({"ventilator"})},
            "severe_care_needs",
            "GB-SEV",
            id="GB-SEV-unknown-need",
        ),
        pytest.param(
            {"palliative_team_connected": 1},
            "palliative_team_connected",
            "JH-PAL-1",
            id="JH-PAL-1-not-bool",
        ),
    ],
)
def test_invalid_situation_names_field_and_rule(
    changes: dict[str, Any], field: str, rule: str
) -> None:
    with pytest.raises(InvalidSituation) as raised:
        replace(JH_MUNICIPAL, **changes)
    assert (raised.value.field, raised.value.rule) == (field, rule)
    assert field in str(raised.value) and rule in str(raised.value)


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        pytest.param(
            {"components": frozenset()},
            "care_needs.components",
            "GEN-RES",
            id="GEN-RES-no-components",
        ),
        pytest.param(
            {"physician_only_prescription": frozenset({CareComponent.NURSING})},
            "care_needs.physician_only_prescription",
            "JH-MTP-1",
            id="JH-MTP-1-not-a-product",
        ),
        pytest.param(
            {"specialised_clinic_in_charge": frozenset({CareComponent.AIDS})},
            "care_needs.specialised_clinic_in_charge",
            "JH-MTP-2",
            id="JH-MTP-2-no-such-clinic",
        ),
        pytest.param(
            {"specialised_equipment": None},
            "care_needs.specialised_equipment",
            "JH-MTP-3",
            id="JH-MTP-3-not-bool",
        ),
    ],
)
def test_invalid_care_needs(changes: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidSituation) as raised:
        CareNeeds(**changes)
    assert (raised.value.field, raised.value.rule) == (field, rule)


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        pytest.param(
            {"decided_by": ""}, "overrides.decided_by", "JH-OB-FLEX", id="JH-OB-FLEX-without-who"
        ),
        pytest.param(
            {"reason": "   "}, "overrides.reason", "JH-OB-FLEX", id="JH-OB-FLEX-without-reason"
        ),
        pytest.param(
            {"components": frozenset()},
            "overrides.components",
            "JH-OB-FLEX",
            id="JH-OB-FLEX-no-components",
        ),
        pytest.param(
            {"unit": None, "principal": PartyKind.REGION},
            "overrides.unit",
            "JH-OB-FLEX",
            id="JH-OB-FLEX-region-without-unit",
        ),
        pytest.param(
            {"components": frozenset({CareComponent.PHYSICIAN})},
            "overrides.components",
            "GEN-DOC",
            id="GEN-DOC-physician-to-municipality",
        ),
    ],
)
def test_invalid_override(changes: dict[str, Any], field: str, rule: str) -> None:
    base: dict[str, Any] = {
        **WHO,
        "components": frozenset({CareComponent.NURSING}),
        "principal": PartyKind.MUNICIPALITY,
    }
    with pytest.raises(InvalidSituation) as raised:
        Override(**{**base, **changes})
    assert (raised.value.field, raised.value.rule) == (field, rule)


def override(principal: PartyKind = PartyKind.REGION, *components: CareComponent) -> Override:
    unit = RegionUnit.HEALTH_CENTRE if principal is PartyKind.REGION else None
    chosen = frozenset(components or {CareComponent.NURSING})
    return Override(WHO["decided_by"], WHO["reason"], chosen, principal, unit)


@pytest.mark.parametrize(
    ("situation", "field", "rule"),
    [
        pytest.param(
            replace(JH_MUNICIPAL, registered_municipality="2399"),
            "registered_municipality",
            "GEN-RES",
            id="GEN-RES-not-a-member",
        ),
        pytest.param(
            replace(GB_SEVERE, overrides=(override(),)),
            "overrides",
            "JH-OB-FLEX",
            id="JH-OB-FLEX-not-in-GB-2018",
        ),
        pytest.param(
            replace(JH_MUNICIPAL, overrides=(override(), override())),
            "overrides[1].components",
            "JH-OB-FLEX",
            id="JH-OB-FLEX-twice",
        ),
        pytest.param(
            replace(
                JH_MUNICIPAL,
                registered_municipality="0180",
                overrides=(override(PartyKind.MUNICIPALITY),),
            ),
            "overrides[0].principal",
            "GEN-RES",
            id="GEN-RES-municipality-for-visitor",
        ),
    ],
)
def test_checks_against_the_agreement(situation: Any, field: str, rule: str) -> None:
    with pytest.raises(InvalidSituation) as raised:
        decide(situation, CATALOGUE)
    assert (raised.value.field, raised.value.rule) == (field, rule)


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        pytest.param(
            {"care_needs": {"components": []}},
            "care_needs",
            "JH-MTP",
            id="JH-MTP-care-needs-not-typed",
        ),
        pytest.param(
            {"overrides": ("nurse said so",)},
            "overrides[0]",
            "JH-OB-FLEX",
            id="JH-OB-FLEX-not-an-override",
        ),
        pytest.param(
            {"overrides": [override()]}, "overrides", "JH-OB-FLEX", id="JH-OB-FLEX-list-not-tuple"
        ),
    ],
)
def test_wrongly_typed_collections(changes: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidSituation) as raised:
        replace(JH_MUNICIPAL, **changes)
    assert (raised.value.field, raised.value.rule) == (field, rule)
