"""JH-SB-1..4 (section 4.3): special housing, day activities, health centres, LSS duties."""

from __future__ import annotations

import pytest
from responsibility.domain import (
    CareComponent,
    ComponentStatus,
    HousingForm,
    Outcome,
    PartyKind,
    RegionUnit,
)

from .builders import jh, nursing

H = HousingForm
# facts that would send ordinary housing to the region: special housing must not depend on them
REGIONAL_FACTS = {"cfs": 2, "can_reach_health_centre": True, "expected_need_days": 3}


@pytest.mark.parametrize(
    "housing",
    [
        pytest.param(H.SPECIAL_HOUSING, id="JH-SB-1-special-housing"),
        pytest.param(H.SHORT_TERM, id="JH-SB-1-short-term"),
        pytest.param(H.LSS_HOUSING, id="JH-SB-1-lss-housing"),
    ],
)
def test_JH_SB_1_municipality_up_to_physician_level(housing: HousingForm) -> None:
    decision = jh(housing_form=housing, **REGIONAL_FACTS)
    assert decision.criterion("JH-SB-1").outcome is Outcome.MET
    for component in (CareComponent.NURSING, CareComponent.REHABILITATION):
        result = decision.component(component)
        assert result.responsible is not None
        assert (result.responsible.kind, result.responsible.code) == (
            PartyKind.MUNICIPALITY,
            "2380",
        )
        assert result.decisive_rule == "JH-SB-1"
    physician = decision.component(CareComponent.PHYSICIAN).responsible
    assert physician is not None and physician.kind is PartyKind.REGION
    assert "JH-OB-3" not in decision.rule_ids
    assert "moving_in_information" in [o.duty for o in decision.obligations]


def test_JH_SB_1_wish_for_the_open_clinic_is_respected() -> None:
    care = nursing(jh(housing_form=H.SPECIAL_HOUSING, prefers_health_centre=True))
    assert care.responsible is not None and care.responsible.unit is RegionUnit.HEALTH_CENTRE


def test_JH_SB_1_unknown_housing_form_is_unknown() -> None:
    decision = jh(housing_form=None)
    assert decision.criterion("JH-SB-1").outcome is Outcome.UNKNOWN
    assert nursing(decision).status is ComponentStatus.UNKNOWN
    assert nursing(decision).missing_facts == ("housing_form",)


@pytest.mark.parametrize(
    "housing",
    [
        pytest.param(H.DAILY_ACTIVITY_LSS, id="JH-SB-2-daily-activity-lss"),
        pytest.param(H.DAY_ACTIVITY_SOL, id="JH-SB-2-day-activity-sol"),
    ],
)
def test_JH_SB_2_municipality_while_at_the_activity(housing: HousingForm) -> None:
    decision = jh(housing_form=housing, **REGIONAL_FACTS)
    care = nursing(decision)
    assert care.responsible is not None and care.responsible.kind is PartyKind.MUNICIPALITY
    assert care.scope is not None and care.scope.startswith("while the person is at the")
    assert "assess_residence_separately" in [o.duty for o in decision.obligations]


def test_JH_SB_3_listed_elsewhere_splits_planned_and_acute() -> None:
    decision = jh(
        housing_form=H.SPECIAL_HOUSING,
        listed_health_centre="HC Lit",
        housing_health_centre="HC Odenslund",
    )
    assert decision.criterion("JH-SB-3").outcome is Outcome.MET
    physician = decision.component(CareComponent.PHYSICIAN)
    assert physician.responsible is not None and physician.responsible.unit_id == "HC Lit"
    assert physician.scope == "planned measures; acute and unplanned: health centre HC Odenslund"
    acute = [o for o in decision.obligations if o.duty == "acute_and_unplanned_care"]
    assert len(acute) == 1 and acute[0].owner is not None
    assert acute[0].owner.unit_id == "HC Odenslund"


@pytest.mark.parametrize(
    ("listed", "housing", "outcome"),
    [
        pytest.param("HC Lit", "HC Lit", Outcome.NOT_MET, id="JH-SB-3-same-centre"),
        pytest.param(None, "HC Lit", Outcome.UNKNOWN, id="JH-SB-3-listing-unknown"),
    ],
)
def test_JH_SB_3_other_cases(listed: str | None, housing: str, outcome: Outcome) -> None:
    decision = jh(
        housing_form=H.SHORT_TERM, listed_health_centre=listed, housing_health_centre=housing
    )
    assert decision.criterion("JH-SB-3").outcome is outcome
    physician = decision.component(CareComponent.PHYSICIAN)
    assert physician.status is ComponentStatus.DECIDED
    assert physician.responsible is not None and physician.responsible.kind is PartyKind.REGION


@pytest.mark.parametrize(
    ("long_term", "duties"),
    [
        pytest.param(
            True,
            ["yearly_health_talk", "yearly_physician_assessment"],
            id="JH-SB-4-long-term-illness",
        ),
        pytest.param(False, ["yearly_health_talk"], id="JH-SB-4-no-long-term-illness"),
        pytest.param(None, ["yearly_health_talk"], id="JH-SB-4-illness-unknown"),
    ],
)
def test_JH_SB_4_yearly_health_talk(long_term: bool | None, duties: list[str]) -> None:
    decision = jh(housing_form=H.LSS_HOUSING, long_term_medical_need=long_term)
    assert [o.duty for o in decision.obligations if o.rule_id == "JH-SB-4"] == duties


def test_JH_SB_4_only_for_lss_housing() -> None:
    decision = jh(housing_form=H.SPECIAL_HOUSING, long_term_medical_need=True)
    assert not [o for o in decision.obligations if o.rule_id == "JH-SB-4"]
