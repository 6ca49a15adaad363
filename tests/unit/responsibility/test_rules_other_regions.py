"""Gävleborg (GB-CHILD, GB-SEV), Halland (HL-THRESH) and Örebro (OR-CHILD, OR-ENROL, OR-SPEC7)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from responsibility.domain import (
    CareComponent,
    ComponentStatus,
    HousingForm,
    Outcome,
    PartyKind,
    RegionUnit,
    SevereCareNeed,
)

from .builders import GB_SEVERE, HL_THRESHOLD, OR_ENROLLED, decide_with, nursing

P = CareComponent


@pytest.mark.parametrize(
    ("base", "rule", "age", "child"),
    [
        pytest.param(GB_SEVERE, "GB-CHILD", 17, True, id="GB-CHILD-17"),
        pytest.param(GB_SEVERE, "GB-CHILD", 18, False, id="GB-CHILD-18"),
        pytest.param(OR_ENROLLED, "OR-CHILD", 17, True, id="OR-CHILD-17"),
        pytest.param(OR_ENROLLED, "OR-CHILD", 18, False, id="OR-CHILD-18"),
    ],
)
def test_child_boundary(base: Any, rule: str, age: int, child: bool) -> None:
    decision = decide_with(base, age_years=age)
    assert decision.criterion(rule).outcome is (Outcome.MET if child else Outcome.NOT_MET)
    care = nursing(decision)
    if child:
        assert care.decisive_rule == rule
        assert care.responsible is not None and care.responsible.kind is PartyKind.REGION
    else:
        assert rule not in care.rule_ids
        assert care.performer is not None and care.performer.kind is PartyKind.MUNICIPALITY


def test_GB_CHILD_child_stays_with_the_region_with_guardian_duties() -> None:
    decision = decide_with(GB_SEVERE, age_years=10)
    care = nursing(decision)
    assert care.responsible is not None and care.responsible.kind is PartyKind.REGION
    duties = [o.duty for o in decision.obligations if o.rule_id == "GB-CHILD"]
    assert duties == ["guardians_self_care", "municipal_sol_lss_support"]
    assert "sip_with_fixed_contacts" in [o.duty for o in decision.obligations]


@pytest.mark.parametrize(
    ("base", "rule"),
    [
        pytest.param(GB_SEVERE, "GB-CHILD", id="GB-CHILD-age-unknown"),
        pytest.param(OR_ENROLLED, "OR-CHILD", id="OR-CHILD-age-unknown"),
    ],
)
def test_unknown_age_is_unknown(base: Any, rule: str) -> None:
    decision = decide_with(base, age_years=None)
    assert decision.criterion(rule).outcome is Outcome.UNKNOWN
    assert nursing(decision).status is ComponentStatus.UNKNOWN
    assert nursing(decision).missing_facts == ("age_years",)


@pytest.mark.parametrize(
    ("base", "rule"),
    [
        pytest.param(GB_SEVERE, "GB-CHILD", id="GB-CHILD-birthday"),
        pytest.param(OR_ENROLLED, "OR-CHILD", id="OR-CHILD-birthday"),
    ],
)
def test_child_decision_is_reevaluated_on_the_18th_birthday(base: Any, rule: str) -> None:
    birth = date(base.decision_date.year - 18, 6, 15)  # decisions are in March: age 17
    decision = decide_with(base, age_years=None, birth_date=birth)
    assert decision.criterion(rule).outcome is Outcome.MET
    assert decision.valid_until == date(birth.year + 18, 6, 14)
    assert decision.reevaluate_on == date(birth.year + 18, 6, 15)
    adult = decide_with(
        base, age_years=None, birth_date=birth, decision_date=decision.reevaluate_on
    )
    assert adult.criterion(rule).outcome is Outcome.NOT_MET


def test_GB_SEV_adult_specialised_responsibility_municipality_performs_region_pays_half() -> None:
    decision = decide_with(GB_SEVERE)
    care = nursing(decision)
    assert care.responsible is not None and care.responsible.unit is RegionUnit.SPECIALISED_CARE
    assert care.performer is not None and care.performer.code == "2180"
    assert care.compensation is not None
    assert (care.compensation.rule_id, care.compensation.share_percent) == ("GB-ECO", 50)
    physician = decision.component(P.PHYSICIAN).responsible
    assert physician is not None and physician.unit_id == "HC Brynäs"
    duties = {o.duty for o in decision.obligations if o.rule_id == "GB-SEV"}
    assert duties == {
        "sip_with_fixed_contacts",
        "discharge_checklist",
        "risk_analysis",
        "staff_introduction",
    }


@pytest.mark.parametrize(
    ("changes", "outcome", "status"),
    [
        pytest.param(
            {"severe_care_needs": frozenset()},
            Outcome.NOT_MET,
            ComponentStatus.NOT_COVERED,
            id="GB-SEV-not-target-group",
        ),
        pytest.param(
            {"coordination_need": False},
            Outcome.NOT_MET,
            ComponentStatus.NOT_COVERED,
            id="GB-SEV-no-coordination-need",
        ),
        pytest.param(
            {"severe_care_needs": None},
            Outcome.UNKNOWN,
            ComponentStatus.UNKNOWN,
            id="GB-SEV-needs-unknown",
        ),
        pytest.param(
            {"specialised_treatment_responsibility": None},
            Outcome.MET,
            ComponentStatus.UNKNOWN,
            id="GB-SEV-treatment-unknown",
        ),
        pytest.param(
            {"specialised_treatment_responsibility": False},
            Outcome.MET,
            ComponentStatus.NOT_COVERED,
            id="GB-SEV-primary-care-level",
        ),
        pytest.param(
            {"severe_care_needs": frozenset({SevereCareNeed.PERITONEAL_DIALYSIS})},
            Outcome.MET,
            ComponentStatus.DECIDED,
            id="GB-SEV-peritoneal-dialysis",
        ),
    ],
)
def test_GB_SEV_cases(changes: dict[str, Any], outcome: Outcome, status: ComponentStatus) -> None:
    decision = decide_with(GB_SEVERE, **changes)
    assert decision.criterion("GB-SEV").outcome is outcome
    assert nursing(decision).status is status


def test_GB_SEV_without_listed_health_centre_asks_for_it() -> None:
    decision = decide_with(GB_SEVERE, listed_health_centre=None)
    assert "designate_coordinating_physician" in [o.duty for o in decision.obligations]


@pytest.mark.parametrize(
    ("changes", "status", "kind"),
    [
        pytest.param({}, ComponentStatus.DECIDED, PartyKind.MUNICIPALITY, id="HL-THRESH-met"),
        pytest.param(
            {"age_years": 4},
            ComponentStatus.DECIDED,
            PartyKind.MUNICIPALITY,
            id="HL-THRESH-all-ages",
        ),
        pytest.param(
            {"long_term_medical_need": False},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="HL-THRESH-short-need",
        ),
        pytest.param(
            {"can_reach_health_centre": True},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="HL-THRESH-can-reach",
        ),
        pytest.param(
            {"long_term_medical_need": None},
            ComponentStatus.UNKNOWN,
            None,
            id="HL-THRESH-need-unknown",
        ),
        pytest.param(
            {"housing_form": HousingForm.SPECIAL_HOUSING},
            ComponentStatus.NOT_COVERED,
            None,
            id="HL-THRESH-special-housing",
        ),
        pytest.param(
            {"housing_form": None}, ComponentStatus.UNKNOWN, None, id="HL-THRESH-housing-unknown"
        ),
    ],
)
def test_HL_THRESH(
    changes: dict[str, Any], status: ComponentStatus, kind: PartyKind | None
) -> None:
    care = nursing(decide_with(HL_THRESHOLD, **changes))
    assert care.status is status
    assert (care.responsible.kind if care.responsible else None) is kind


def test_HL_THRESH_rehabilitation_is_daytime_and_enrolment_follows_care_planning() -> None:
    decision = decide_with(HL_THRESHOLD)
    assert decision.component(P.REHABILITATION).scope == "daytime, not on public holidays"
    assert "enrol_after_care_planning" in [o.duty for o in decision.obligations]
    assert decision.agreement_id == "HL-2021"


def test_HL_THRESH_is_applied_under_HL_2019_before_the_overlap() -> None:
    decision = decide_with(HL_THRESHOLD, decision_date=date(2020, 5, 1))
    assert decision.agreement_id == "HL-2019"
    assert nursing(decision).decisive_rule == "HL-THRESH"


@pytest.mark.parametrize(
    ("changes", "status", "kind"),
    [
        pytest.param({}, ComponentStatus.DECIDED, PartyKind.MUNICIPALITY, id="OR-ENROL-met"),
        pytest.param(
            {"identified_risk": False},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="OR-ENROL-no-risk",
        ),
        pytest.param(
            {"coordination_need": False},
            ComponentStatus.DECIDED,
            PartyKind.REGION,
            id="OR-ENROL-no-coordination",
        ),
        pytest.param(
            {"identified_risk": None}, ComponentStatus.UNKNOWN, None, id="OR-ENROL-risk-unknown"
        ),
    ],
)
def test_OR_ENROL(changes: dict[str, Any], status: ComponentStatus, kind: PartyKind | None) -> None:
    care = nursing(decide_with(OR_ENROLLED, **changes))
    assert care.status is status
    assert (care.responsible.kind if care.responsible else None) is kind


DISCHARGED = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("decided_on", "specialised"),
    [
        pytest.param(date(2026, 2, 27), True, id="OR-SPEC7-before-discharge"),
        pytest.param(DISCHARGED, True, id="OR-SPEC7-day-0-discharge-day"),
        pytest.param(date(2026, 3, 3), True, id="OR-SPEC7-day-1"),
        pytest.param(date(2026, 3, 9), True, id="OR-SPEC7-day-7"),
        pytest.param(date(2026, 3, 10), False, id="OR-SPEC7-day-8"),
    ],
)
def test_OR_SPEC7_seven_days_after_discharge(decided_on: date, specialised: bool) -> None:
    decision = decide_with(OR_ENROLLED, decision_date=decided_on, discharge_date=DISCHARGED)
    assert decision.criterion("OR-SPEC7").outcome is (
        Outcome.MET if specialised else Outcome.NOT_MET
    )
    for component in (P.NURSING, P.REHABILITATION, P.PHYSICIAN):
        unit = decision.component(component).responsible.unit  # type: ignore[union-attr]
        assert (unit is RegionUnit.SPECIALISED_CARE) is specialised
    if specialised:
        assert decision.valid_until == date(2026, 3, 9)
        assert decision.reevaluate_on == date(2026, 3, 10)
    else:
        assert decision.valid_until is None
        assert nursing(decision).responsible.kind is PartyKind.MUNICIPALITY  # type: ignore[union-attr]


def test_OR_SPEC7_decides_even_when_enrolment_is_unknown() -> None:
    decision = decide_with(OR_ENROLLED, identified_risk=None, discharge_date=date(2026, 3, 1))
    assert nursing(decision).status is ComponentStatus.DECIDED
    later = decide_with(OR_ENROLLED, identified_risk=None, discharge_date=date(2026, 2, 1))
    assert nursing(later).status is ComponentStatus.UNKNOWN


def test_OR_products_are_not_covered_by_the_seed() -> None:
    result = decide_with(OR_ENROLLED).component(P.AIDS)
    assert result.status is ComponentStatus.NOT_COVERED
    assert result.explanation == ("No rule of OR allocates this component.",)
