"""GEN-DOC, GEN-RES, GEN-SELF (section 4.1) across regions."""

from __future__ import annotations

import pytest
from responsibility.domain import (
    CareComponent,
    ComponentStatus,
    Outcome,
    PartyKind,
    RegionUnit,
    Situation,
)

from .builders import GB_SEVERE, HL_THRESHOLD, JH_MUNICIPAL, OR_ENROLLED, decide_with, jh, nursing


@pytest.mark.parametrize(
    "base",
    [
        pytest.param(JH_MUNICIPAL, id="GEN-DOC-JH"),
        pytest.param(HL_THRESHOLD, id="GEN-DOC-HL"),
        pytest.param(OR_ENROLLED, id="GEN-DOC-OR"),
        pytest.param(GB_SEVERE, id="GEN-DOC-GB"),
    ],
)
def test_GEN_DOC_physician_is_always_the_region(base: Situation) -> None:
    decision = decide_with(base)
    physician = decision.component(CareComponent.PHYSICIAN)
    assert physician.responsible is not None
    assert physician.responsible.kind is PartyKind.REGION
    assert physician.rule_ids[0] == "GEN-DOC"
    assert decision.criterion("GEN-DOC").outcome is Outcome.MET


def test_GEN_RES_resident_municipality_is_named_by_code() -> None:
    decision = jh()
    assert decision.criterion("GEN-RES").outcome is Outcome.MET
    responsible = nursing(decision).responsible
    assert responsible is not None and responsible.code == "2380"


@pytest.mark.parametrize(
    ("changes", "cost_region"),
    [
        pytest.param(
            {"registered_municipality": "0180"}, "01", id="GEN-RES-visitor-from-Stockholm"
        ),
        pytest.param(
            {"registered_municipality": None, "registered_in_county": False},
            "23",
            id="GEN-RES-visitor-home-unknown",
        ),
    ],
)
def test_GEN_RES_not_registered_in_county_is_the_region(
    changes: dict[str, object], cost_region: str
) -> None:
    decision = jh(**changes)
    care = nursing(decision)
    assert decision.criterion("GEN-RES").outcome is Outcome.NOT_MET
    assert care.responsible is not None and care.responsible.kind is PartyKind.REGION
    assert care.performer == care.responsible
    assert care.cost_bearer is not None and care.cost_bearer.code == cost_region
    assert [o.duty for o in decision.obligations if o.rule_id == "GEN-RES"] == [
        "invoice_home_region"
    ]
    products = decision.component(CareComponent.CONSUMABLES)
    assert products.cost_bearer == care.cost_bearer


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"registered_municipality": None}, id="GEN-RES-unknown"),
        pytest.param(
            {"registered_municipality": None, "registered_in_county": True},
            id="GEN-RES-in-county-no-code",
        ),
    ],
)
def test_GEN_RES_unknown_residence_is_unknown_not_guessed(changes: dict[str, object]) -> None:
    decision = jh(**changes)
    assert decision.criterion("GEN-RES").outcome is Outcome.UNKNOWN
    for component in (CareComponent.NURSING, CareComponent.REHABILITATION, CareComponent.AIDS):
        assert decision.component(component).status is ComponentStatus.UNKNOWN
        assert decision.component(component).missing_facts == ("registered_municipality",)
    assert decision.component(CareComponent.PHYSICIAN).status is ComponentStatus.DECIDED


@pytest.mark.parametrize(
    ("value", "outcome", "duty"),
    [
        pytest.param(True, Outcome.MET, True, id="GEN-SELF-is-self-care"),
        pytest.param(False, Outcome.NOT_MET, False, id="GEN-SELF-not-self-care"),
        pytest.param(None, Outcome.UNKNOWN, False, id="GEN-SELF-unassessed"),
    ],
)
def test_GEN_SELF(value: bool | None, outcome: Outcome, duty: bool) -> None:
    decision = jh(is_self_care=value)
    assert decision.criterion("GEN-SELF").outcome is outcome
    duties = [o.duty for o in decision.obligations if o.rule_id == "GEN-SELF"]
    assert duties == (["self_care_assessment"] if duty else [])


def test_GEN_SELF_self_care_is_not_municipal_home_care_under_JH_OB() -> None:
    care = nursing(jh(is_self_care=True))
    assert care.responsible is not None
    assert (care.responsible.kind, care.responsible.unit) == (
        PartyKind.REGION,
        RegionUnit.HEALTH_CENTRE,
    )
