"""JH-MTP and JH-MTP-1..6 (section 4.4): products follow the care, except…"""

from __future__ import annotations

import pytest
from responsibility.domain import (
    CareComponent,
    CareNeeds,
    ComponentStatus,
    Outcome,
    PartyKind,
    RegionUnit,
)

from .builders import jh

P = CareComponent
PRODUCTS = (
    P.MEDICAL_DEVICES,
    P.CONSUMABLES,
    P.NUTRITION,
    P.DIABETES_PRODUCTS,
    P.STOMA_PRODUCTS,
    P.OXYGEN,
    P.AIDS,
    P.INCONTINENCE_PRODUCTS,
)


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        pytest.param({}, PartyKind.MUNICIPALITY, id="JH-MTP-follows-municipal-care"),
        pytest.param(
            {"can_reach_health_centre": True}, PartyKind.REGION, id="JH-MTP-follows-regional-care"
        ),
    ],
)
def test_JH_MTP_products_follow_the_care(changes: dict[str, object], kind: PartyKind) -> None:
    decision = jh(**changes)
    care = decision.component(P.NURSING)
    for product in PRODUCTS:
        result = decision.component(product)
        assert result.responsible == care.responsible
        assert result.cost_bearer == care.responsible
        assert result.responsible is not None and result.responsible.kind is kind
        assert result.decisive_rule == "JH-MTP"


def test_JH_MTP_unknown_care_makes_products_unknown_with_the_same_missing_facts() -> None:
    decision = jh(cfs=None)
    assert decision.component(P.AIDS).status is ComponentStatus.UNKNOWN
    assert decision.component(P.AIDS).missing_facts == ("cfs",)


def test_JH_MTP_1_physician_only_prescription_goes_to_the_region() -> None:
    decision = jh(care_needs=CareNeeds(physician_only_prescription=frozenset({P.AIDS, P.OXYGEN})))
    for product in (P.AIDS, P.OXYGEN):
        result = decision.component(product)
        assert result.responsible is not None and result.responsible.kind is PartyKind.REGION
        assert result.decisive_rule == "JH-MTP-1"
    assert decision.component(P.CONSUMABLES).responsible.kind is PartyKind.MUNICIPALITY  # type: ignore[union-attr]
    assert decision.criterion("JH-MTP-1").outcome is Outcome.MET


@pytest.mark.parametrize(
    ("product", "clinic"),
    [
        pytest.param(P.NUTRITION, "dietitian_clinic", id="JH-MTP-2-nutrition"),
        pytest.param(P.DIABETES_PRODUCTS, "diabetes_clinic", id="JH-MTP-2-diabetes"),
        pytest.param(P.STOMA_PRODUCTS, "stoma_clinic", id="JH-MTP-2-stoma"),
        pytest.param(P.OXYGEN, "oxygen_clinic", id="JH-MTP-2-oxygen"),
    ],
)
def test_JH_MTP_2_specialised_clinic(product: CareComponent, clinic: str) -> None:
    decision = jh(care_needs=CareNeeds(specialised_clinic_in_charge=frozenset({product})))
    result = decision.component(product)
    assert result.responsible is not None
    assert (result.responsible.unit, result.responsible.clinic) == (
        RegionUnit.SPECIALISED_CARE,
        clinic,
    )
    assert result.cost_bearer == result.responsible


@pytest.mark.parametrize(
    ("equipment", "rule"),
    [
        pytest.param(True, "JH-MTP-3", id="JH-MTP-3-respirator"),
        pytest.param(False, "JH-MTP", id="JH-MTP-3-not-needed"),
    ],
)
def test_JH_MTP_3_specialised_equipment(equipment: bool, rule: str) -> None:
    devices = jh(care_needs=CareNeeds(specialised_equipment=equipment)).component(P.MEDICAL_DEVICES)
    assert devices.decisive_rule == rule
    if equipment:
        assert (
            devices.responsible is not None
            and devices.responsible.unit is RegionUnit.SPECIALISED_CARE
        )


@pytest.mark.parametrize(
    ("evaluated", "payer_kind", "follow_up"),
    [
        pytest.param(False, PartyKind.REGION, True, id="JH-MTP-4-until-evaluated"),
        pytest.param(
            True, PartyKind.MUNICIPALITY, False, id="JH-MTP-4-evaluated-moves-to-primary-care"
        ),
    ],
)
def test_JH_MTP_4_non_procured_materials(
    evaluated: bool, payer_kind: PartyKind, follow_up: bool
) -> None:
    needs = CareNeeds(non_procured_materials=True, non_procured_materials_evaluated=evaluated)
    decision = jh(care_needs=needs)
    consumables = decision.component(P.CONSUMABLES)
    assert consumables.cost_bearer is not None and consumables.cost_bearer.kind is payer_kind
    assert (
        consumables.responsible is not None
        and consumables.responsible.kind is PartyKind.MUNICIPALITY
    )
    duties = [o.duty for o in decision.obligations if o.rule_id == "JH-MTP-4"]
    assert duties == (["evaluate_with_primary_care"] if follow_up else [])


def test_JH_MTP_5_work_environment_consumables_are_paid_by_the_employer() -> None:
    decision = jh(
        can_reach_health_centre=True, care_needs=CareNeeds(work_environment_consumables=True)
    )
    consumables = decision.component(P.CONSUMABLES)
    assert consumables.cost_bearer == decision.component(P.NURSING).performer
    assert consumables.decisive_rule == "JH-MTP-5"
    assert "region_pays_samples" in [o.duty for o in decision.obligations]


def test_JH_MTP_5_conflicting_payers_are_unknown_not_guessed() -> None:
    needs = CareNeeds(work_environment_consumables=True, non_procured_materials=True)
    consumables = jh(care_needs=needs).component(P.CONSUMABLES)
    assert consumables.status is ComponentStatus.UNKNOWN
    assert consumables.missing_facts == ("care_needs.work_environment_consumables",)


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        pytest.param(
            {"care_needs": CareNeeds(performed_on_behalf_of_other=True)},
            Outcome.MET,
            id="JH-MTP-6-hired-staff",
        ),
        pytest.param(
            {"palliative_team_connected": True},
            Outcome.MET,
            id="JH-MTP-6-municipality-performs-for-team",
        ),
        pytest.param({}, Outcome.NOT_MET, id="JH-MTP-6-own-care"),
    ],
)
def test_JH_MTP_6_responsibility_stays_with_the_responsible_party(
    changes: dict[str, object], outcome: Outcome
) -> None:
    decision = jh(**changes)
    assert decision.criterion("JH-MTP-6").outcome is outcome
    care = decision.component(P.NURSING)
    diabetes = decision.component(P.DIABETES_PRODUCTS)
    assert diabetes.responsible == care.responsible
    assert ("JH-MTP-6" in diabetes.rule_ids) is (outcome is Outcome.MET)
