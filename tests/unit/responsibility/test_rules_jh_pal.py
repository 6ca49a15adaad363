"""JH-PAL-1..5 (section 4.5) and JH-INFO (section 4.6)."""

from __future__ import annotations

import pytest
from responsibility.domain import (
    CareComponent,
    ComponentStatus,
    Outcome,
    PartyKind,
    RegionUnit,
)

from .builders import jh, nursing

P = CareComponent


def test_JH_PAL_1_not_connected_uses_ordinary_rules() -> None:
    decision = jh(palliative_team_connected=False)
    assert decision.criterion("JH-PAL-1").outcome is Outcome.MET
    assert "JH-OB" in decision.rule_ids


def test_JH_PAL_1_unknown_connection_is_unknown() -> None:
    decision = jh(palliative_team_connected=None)
    assert nursing(decision).status is ComponentStatus.UNKNOWN
    assert nursing(decision).missing_facts == ("palliative_team_connected",)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="JH-PAL-2-criteria-met"),
        pytest.param({"cfs": 2, "can_reach_health_centre": True}, id="JH-PAL-2-criteria-not-met"),
    ],
)
def test_JH_PAL_2_region_keeps_responsibility_municipality_performs(
    changes: dict[str, object],
) -> None:
    decision = jh(palliative_team_connected=True, **changes)
    for component in (P.NURSING, P.REHABILITATION):
        result = decision.component(component)
        assert (
            result.responsible is not None and result.responsible.unit is RegionUnit.PALLIATIVE_TEAM
        )
        assert result.performer is not None and result.performer.code == "2380"
        assert result.compensation is not None and result.compensation.rule_id == "JH-TB"
    physician = decision.component(P.PHYSICIAN)
    assert (
        physician.responsible is not None
        and physician.responsible.unit is RegionUnit.PALLIATIVE_TEAM
    )
    assert "JH-OB" not in decision.rule_ids


def test_JH_PAL_2_visitor_is_cared_for_by_the_team() -> None:
    care = nursing(jh(palliative_team_connected=True, registered_municipality="0180"))
    assert care.performer is not None and care.performer.unit is RegionUnit.PALLIATIVE_TEAM
    assert care.cost_bearer is not None and care.cost_bearer.code == "01"


def test_JH_PAL_3_home_meeting_on_connection() -> None:
    decision = jh(palliative_team_connected=True)
    meeting = [o for o in decision.obligations if o.rule_id == "JH-PAL-3"]
    assert [o.duty for o in meeting] == ["home_connection_meeting"]
    assert meeting[0].owner is not None and meeting[0].owner.unit is RegionUnit.PALLIATIVE_TEAM
    assert "JH-PAL-3" not in jh().rule_ids


@pytest.mark.parametrize(
    ("product", "kind"),
    [
        pytest.param(P.CONSUMABLES, PartyKind.REGION, id="JH-PAL-4-consumables-region"),
        pytest.param(P.NUTRITION, PartyKind.REGION, id="JH-PAL-4-nutrition-region"),
        pytest.param(P.MEDICAL_DEVICES, PartyKind.REGION, id="JH-PAL-4-devices-region"),
        pytest.param(P.AIDS, PartyKind.MUNICIPALITY, id="JH-PAL-4-aids-municipality"),
        pytest.param(
            P.INCONTINENCE_PRODUCTS, PartyKind.MUNICIPALITY, id="JH-PAL-4-incontinence-municipality"
        ),
    ],
)
def test_JH_PAL_4_who_pays_for_connected_persons(product: CareComponent, kind: PartyKind) -> None:
    result = jh(palliative_team_connected=True).component(product)
    assert result.cost_bearer is not None and result.cost_bearer.kind is kind
    assert result.decisive_rule == "JH-PAL-4"


@pytest.mark.parametrize(
    ("end_of_life", "outcome", "duty"),
    [
        pytest.param(True, Outcome.MET, True, id="JH-PAL-5-end-of-life"),
        pytest.param(False, Outcome.NOT_MET, False, id="JH-PAL-5-not-end-of-life"),
        pytest.param(None, Outcome.UNKNOWN, False, id="JH-PAL-5-unknown"),
    ],
)
def test_JH_PAL_5_fixed_contact_is_a_physician(
    end_of_life: bool | None, outcome: Outcome, duty: bool
) -> None:
    decision = jh(end_of_life_care=end_of_life)
    assert decision.criterion("JH-PAL-5").outcome is outcome
    duties = [o for o in decision.obligations if o.rule_id == "JH-PAL-5"]
    assert len(duties) == int(duty)
    if duty:
        assert duties[0].owner == decision.component(P.PHYSICIAN).responsible


@pytest.mark.parametrize(
    ("changes", "collaboration"),
    [
        pytest.param({}, True, id="JH-INFO-municipal-care"),
        pytest.param({"can_reach_health_centre": True}, False, id="JH-INFO-regional-care"),
    ],
)
def test_JH_INFO_information_duties(changes: dict[str, object], collaboration: bool) -> None:
    duties = [o.duty for o in jh(**changes).obligations if o.rule_id == "JH-INFO"]
    assert "communicate_medication_list" in duties
    assert ("start_individual_collaboration" in duties) is collaboration
