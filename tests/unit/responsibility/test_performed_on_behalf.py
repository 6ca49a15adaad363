"""The region keeps responsibility while a municipality performs (issue 8, item 5):
GEN-RES hired staff for non-residents, GB-SEV severe cases, JH-PAL-2 connected palliative care.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from responsibility.domain import (
    CareComponent,
    CareNeeds,
    ComponentStatus,
    Decision,
    InvalidSituation,
    Outcome,
    PartyKind,
    RegionUnit,
    SevereCareNeed,
    Situation,
)

from .builders import GB_SEVERE, HL_THRESHOLD, JH_MUNICIPAL, OR_ENROLLED, decide_with, jh, nursing

P = CareComponent
STOCKHOLM = "0180"
HIRED_STAFF_CASES = [
    pytest.param(JH_MUNICIPAL, "23", "2326", id="GEN-RES-hired-staff-JH-Berg"),
    pytest.param(GB_SEVERE, "21", "2180", id="GEN-RES-hired-staff-GB-Gavle"),
    pytest.param(HL_THRESHOLD, "13", "1380", id="GEN-RES-hired-staff-HL-Halmstad"),
    pytest.param(OR_ENROLLED, "18", "1880", id="GEN-RES-hired-staff-OR-Orebro"),
]


def visitor(base: Situation, performer: str | None, **changes: Any) -> Decision:
    return decide_with(
        base,
        registered_municipality=STOCKHOLM,
        performing_municipality_code=performer,
        **changes,
    )


@pytest.mark.parametrize(("base", "region", "performer"), HIRED_STAFF_CASES)
def test_GEN_RES_municipal_staff_perform_as_hired_staff_for_a_non_resident(
    base: Situation, region: str, performer: str
) -> None:
    decision = visitor(base, performer)
    for component in (P.NURSING, P.REHABILITATION):
        result = decision.component(component)
        assert result.status is ComponentStatus.DECIDED
        assert result.responsible is not None
        assert (result.responsible.kind, result.responsible.code) == (PartyKind.REGION, region)
        assert result.performer is not None
        assert (result.performer.kind, result.performer.code) == (PartyKind.MUNICIPALITY, performer)
        assert result.cost_bearer is not None
        assert (result.cost_bearer.kind, result.cost_bearer.code) == (PartyKind.REGION, "01")
        assert result.rule_ids[-1] == "GEN-RES"
        assert (
            f"municipality {performer} performs the care as hired staff" in (result.explanation[-1])
        )
    physician = decision.component(P.PHYSICIAN).performer
    assert physician is not None and physician.kind is PartyKind.REGION  # GEN-DOC
    found = decision.criterion("GEN-RES")
    assert found.outcome is Outcome.NOT_MET
    assert dict(found.inputs)["performing_municipality_code"] == performer
    duties = {o.duty: o for o in decision.obligations if o.rule_id == "GEN-RES"}
    assert set(duties) == {"invoice_home_region", "report_hired_work"}
    owner = duties["report_hired_work"].owner
    assert owner is not None and owner.code == performer


def test_GEN_RES_without_hired_staff_the_region_still_performs() -> None:
    care = nursing(visitor(JH_MUNICIPAL, None))
    assert care.performer == care.responsible
    assert care.performer is not None and care.performer.kind is PartyKind.REGION


def test_GEN_RES_hired_staff_with_home_region_unknown_is_paid_by_the_region() -> None:
    decision = jh(
        registered_municipality=None,
        registered_in_county=False,
        performing_municipality_code="2380",
    )
    care = nursing(decision)
    assert care.performer is not None and care.performer.code == "2380"
    assert care.cost_bearer is not None and care.cost_bearer.code == "23"


def test_GEN_RES_hired_staff_keeps_products_with_the_region_JH_MTP_6_and_JH_MTP_5() -> None:
    decision = visitor(JH_MUNICIPAL, "2380")
    consumables = decision.component(P.CONSUMABLES)
    assert consumables.responsible is not None and consumables.responsible.kind is PartyKind.REGION
    assert consumables.rule_ids[-1] == "JH-MTP-6"
    assert decision.criterion("JH-MTP-6").outcome is Outcome.MET
    collaboration = [o for o in decision.obligations if o.duty == "start_individual_collaboration"]
    assert [o.owner.code for o in collaboration if o.owner] == ["2380"]  # JH-INFO
    employer = visitor(
        JH_MUNICIPAL, "2380", care_needs=CareNeeds(work_environment_consumables=True)
    )
    payer = employer.component(P.CONSUMABLES).cost_bearer
    assert payer is not None and payer.code == "2380"  # JH-MTP-5: the employer


def test_JH_PAL_2_connected_visitor_with_hired_staff_the_team_keeps_responsibility() -> None:
    decision = visitor(JH_MUNICIPAL, "2380", palliative_team_connected=True)
    care = nursing(decision)
    assert care.rule_ids[-1] == "JH-PAL-2"
    assert care.responsible is not None and care.responsible.unit is RegionUnit.PALLIATIVE_TEAM
    assert care.performer is not None and care.performer.code == "2380"
    assert care.cost_bearer is not None and care.cost_bearer.code == "01"  # GEN-RES
    assert care.compensation is None  # JH-TB is for the county's own residents
    assert "municipality 2380 performs as hired staff" in care.explanation[-1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"registered_municipality": STOCKHOLM, "performing_municipality_code": "2399"},
            "not a municipality of JH-2026",
            id="GEN-RES-hired-staff-unknown-municipality",
        ),
        pytest.param(
            {"registered_municipality": STOCKHOLM, "performing_municipality_code": "1880"},
            "not a municipality of JH-2026",
            id="GEN-RES-hired-staff-other-county",
        ),
        pytest.param(
            {"performing_municipality_code": "2326"},
            "registered in 2380",
            id="GEN-RES-hired-staff-contradicts-residence",
        ),
    ],
)
def test_GEN_RES_a_performing_municipality_outside_the_agreement_is_told_back(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidSituation) as raised:
        jh(**changes)
    assert (raised.value.field, raised.value.rule) == ("performing_municipality_code", "GEN-RES")
    assert message in raised.value.message


@pytest.mark.parametrize("code", ["23X0", "238", "9980"])
def test_GEN_RES_a_malformed_performing_municipality_is_invalid(code: str) -> None:
    with pytest.raises(InvalidSituation) as raised:
        jh(registered_municipality=STOCKHOLM, performing_municipality_code=code)
    assert (raised.value.field, raised.value.rule) == ("performing_municipality_code", "GEN-RES")


def test_GEN_RES_a_resident_s_own_municipality_as_performer_changes_nothing() -> None:
    assert jh(performing_municipality_code="2380").to_dict() == jh().to_dict()


def test_GEN_RES_unknown_residence_stays_unknown_with_hired_staff() -> None:
    care = nursing(jh(registered_municipality=None, performing_municipality_code="2380"))
    assert care.status is ComponentStatus.UNKNOWN
    assert care.missing_facts == ("registered_municipality",)


def test_GB_SEV_region_is_responsible_municipality_performs_region_pays_half_GB_ECO() -> None:
    decision = decide_with(
        GB_SEVERE,
        decision_date=date(2019, 6, 1),
        severe_care_needs=frozenset({SevereCareNeed.RESPIRATOR}),
        specialised_treatment_responsibility=True,
    )
    assert decision.agreement_id == "GB-2018"
    for component in (P.NURSING, P.REHABILITATION):
        result = decision.component(component)
        assert result.rule_ids[-1] == "GB-SEV"
        assert result.responsible is not None
        assert (result.responsible.kind, result.responsible.code) == (PartyKind.REGION, "21")
        assert result.performer is not None
        assert (result.performer.kind, result.performer.code) == (PartyKind.MUNICIPALITY, "2180")
        assert result.compensation is not None
        assert result.compensation.payer.code == "21"
        assert (result.compensation.rule_id, result.compensation.share_percent) == ("GB-ECO", 50)


def test_GB_SEV_without_the_coordination_need_is_unknown_not_guessed() -> None:
    care = nursing(decide_with(GB_SEVERE, coordination_need=None))
    assert care.status is ComponentStatus.UNKNOWN
    assert care.missing_facts == ("coordination_need",)


def test_JH_PAL_2_region_23_is_responsible_and_the_municipality_performs() -> None:
    decision = jh(palliative_team_connected=True)
    for component in (P.NURSING, P.REHABILITATION):
        result = decision.component(component)
        assert result.rule_ids[-1] == "JH-PAL-2"
        assert result.responsible is not None
        assert (result.responsible.kind, result.responsible.code) == (PartyKind.REGION, "23")
        assert result.performer is not None
        assert (result.performer.kind, result.performer.code) == (PartyKind.MUNICIPALITY, "2380")
