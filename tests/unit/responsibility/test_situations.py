"""From events (and the stored copy of them) to the engine's Situation: the three ways in
(seed orebro-…) are decided the same way; a direct referral has no hospital stay (OR-SPEC7)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from handover_contracts import wrap
from handover_contracts.events import PatientDischarged, ReferralSubmitted
from responsibility.domain import CareComponent, NoAgreementInForce, Outcome, decide
from responsibility.service_layer.handlers import Case, undecidable
from responsibility.service_layer.situations import (
    event_from_source,
    situation_from_discharge,
    situation_from_source,
)

from tests.support.people import MUNICIPAL_NURSING_CARE, patient_ref

from .builders import CATALOGUE

OREBRO_CARE = {
    "housing_form": "ordinary",
    "needs": {"components": ["nursing", "physician"]},
    "coordination_need": True,
    "identified_risk": True,
}


def referral(**changes: Any) -> ReferralSubmitted:
    body: dict[str, Any] = {
        "referral_id": uuid.uuid4(),
        "patient_ref": patient_ref(),
        "way_in": "primary-care",
        "region_code": "18",
        "registered_municipality_code": "1880",
        "age_years": 81,
        "sending_unit": "Vårdcentralen Varberga, Örebro",
        # 23:30 UTC on 19 November is 00:30 on 20 November in Sweden (CET)
        "submitted_at": datetime(2026, 11, 19, 23, 30, tzinfo=UTC),
        "care": OREBRO_CARE,
    }
    body.update(changes)
    return ReferralSubmitted.model_validate(body)


def discharge(**changes: Any) -> PatientDischarged:
    body: dict[str, Any] = {
        "discharge_id": uuid.uuid4(),
        "patient_ref": patient_ref(),
        "region_code": "18",
        "registered_municipality_code": "1880",
        "age_years": 81,
        "hospital_unit": "Universitetssjukhuset Örebro, avd 72",
        "admitted_at": datetime(2026, 11, 10, 9, tzinfo=UTC),
        "discharged_at": datetime(2026, 11, 20, 9, tzinfo=UTC),
        "care": OREBRO_CARE,
    }
    body.update(changes)
    return PatientDischarged.model_validate(body)


@pytest.mark.parametrize("way_in", ["primary-care", "specialised-outpatient"])
def test_a_referral_has_no_hospital_stay_and_is_decided_on_its_swedish_date(way_in: str) -> None:
    situation = situation_from_source(referral(way_in=way_in).model_dump(mode="json"))
    assert situation.decision_date == date(2026, 11, 20)
    assert (situation.admission_date, situation.discharge_date) == (None, None)
    decision = decide(situation, CATALOGUE)
    spec7 = decision.criterion("OR-SPEC7")
    assert (spec7.outcome, spec7.sentence) == (Outcome.NOT_MET, "No hospital stay recorded.")
    assert decision.reevaluate_on is None
    assert decision.component(CareComponent.NURSING).rule_ids[-1] == "OR-ENROL"


def test_a_referral_is_decided_like_the_same_discharge_minus_the_hospital_stay() -> None:
    after_stay = decide(situation_from_discharge(discharge()), CATALOGUE)
    direct = decide(situation_from_source(referral().model_dump(mode="json")), CATALOGUE)
    assert after_stay.rule_ids == direct.rule_ids  # OR-SPEC7 evaluated in both
    assert after_stay.criterion("OR-SPEC7").outcome is Outcome.MET
    assert direct.criterion("OR-SPEC7").outcome is Outcome.NOT_MET
    spec7_in_components = {r for c in after_stay.components for r in c.rule_ids}
    assert "OR-SPEC7" in spec7_in_components
    assert "OR-SPEC7" not in {r for c in direct.components for r in c.rule_ids}


def test_the_stored_source_is_read_back_as_the_event_it_was() -> None:
    sent_referral, sent_discharge = referral(), discharge()
    assert event_from_source(sent_referral.model_dump(mode="json")) == sent_referral
    assert event_from_source(sent_discharge.model_dump(mode="json")) == sent_discharge


def test_a_stored_source_is_decided_on_the_date_asked_for() -> None:
    source = referral().model_dump(mode="json")
    assert situation_from_source(source, on=date(2027, 1, 4)).decision_date == date(2027, 1, 4)


def test_the_care_facts_carry_the_hired_staff_municipality_GEN_RES() -> None:
    care = {**MUNICIPAL_NURSING_CARE, "performing_municipality_code": "2380"}
    event = referral(region_code="23", registered_municipality_code="0180", care=care)
    situation = situation_from_source(event.model_dump(mode="json"))
    assert situation.performing_municipality_code == "2380"
    assert situation.registered_in_county is False


def test_a_referral_out_of_agreement_is_told_back_by_its_own_date_field() -> None:
    event = referral(
        submitted_at=datetime(2012, 1, 2, 9, tzinfo=UTC),
        region_code="13",
        registered_municipality_code="1380",
    )
    envelope = wrap(event, producer="referral", partition_key=event.patient_ref, correlation_id="c")
    error = NoAgreementInForce("13", date(2012, 1, 2), "before HL-2019")
    told = undecidable(Case("referral", event.referral_id, "submitted_at", event), envelope, error)
    assert (told.field, told.rule, told.discharge_id) == (
        "submitted_at",
        "AG-RENEW",
        event.referral_id,
    )
