"""Responsibility decides referral.submitted — a care request straight from regional primary
care or specialised outpatient care, with no hospital stay (seed orebro-…, "three ways in") —
like a discharge: same rules, same explanation; on SQLite and PostgreSQL, broker running."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope, wrap
from handover_contracts.events import PatientDischarged, ReferralSubmitted
from responsibility.adapters.orm import DecisionRow
from responsibility.service_layer.reevaluation import reevaluate
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.support.identity import as_caller
from tests.support.outbox import published
from tests.support.people import MUNICIPAL_NURSING_CARE, patient_ref

pytestmark = pytest.mark.integration
OSTERSUND = as_caller("municipality:2380", "municipal-nurse")
OSTERSUND_MANAGER = as_caller("municipality:2380", "agreement-admin")
OREBRO_CARE: dict[str, Any] = {
    "housing_form": "ordinary",
    "needs": {"components": ["nursing", "physician"]},
    "coordination_need": True,
    "identified_risk": True,
}
HALLAND_CARE: dict[str, Any] = {
    "housing_form": "ordinary",
    "needs": {"components": ["nursing", "rehabilitation", "physician"]},
    "long_term_medical_need": True,
    "can_reach_health_centre": False,
}
GAVLEBORG_SEVERE_CARE: dict[str, Any] = {
    "housing_form": "ordinary",
    "needs": {"components": ["nursing", "physician"]},
    "severe_care_needs": ["respirator"],
    "coordination_need": True,
    "specialised_treatment_responsibility": True,
    "listed_health_centre": "Brynäs hälsocentral",
}
SENDERS = {
    "primary-care": "Vårdcentralen Varberga, Örebro",
    "specialised-outpatient": "Universitetssjukhuset Örebro, lungmottagningen",
}


@pytest.fixture
def client(responsibility_client: TestClient) -> TestClient:
    return responsibility_client


@pytest.fixture
def engine(client: TestClient) -> Engine:
    return client.app.state.runtime.engine  # type: ignore[attr-defined, no-any-return]


def referred(
    region: str,
    municipality: str,
    care: dict[str, Any],
    *,
    way_in: str = "primary-care",
    submitted_at: datetime = datetime(2026, 11, 20, 9, tzinfo=UTC),
) -> ReferralSubmitted:
    return ReferralSubmitted.model_validate(
        {
            "referral_id": uuid.uuid4(),
            "patient_ref": patient_ref(),
            "way_in": way_in,
            "region_code": region,
            "registered_municipality_code": municipality,
            "age_years": 80,
            "sending_unit": SENDERS[way_in],
            "submitted_at": submitted_at,
            "care": care,
        }
    )


def discharged(region: str, municipality: str, care: dict[str, Any]) -> PatientDischarged:
    """The same patient after a hospital stay, discharged the day the referral was sent."""
    return PatientDischarged.model_validate(
        {
            "discharge_id": uuid.uuid4(),
            "patient_ref": patient_ref(),
            "region_code": region,
            "registered_municipality_code": municipality,
            "age_years": 80,
            "hospital_unit": "Universitetssjukhuset Örebro, avd 72",
            "admitted_at": datetime(2026, 11, 10, 9, tzinfo=UTC),
            "discharged_at": datetime(2026, 11, 20, 9, tzinfo=UTC),
            "care": care,
        }
    )


def envelope_of(event: ReferralSubmitted | PatientDischarged) -> Envelope:
    return wrap(event, producer="referral", partition_key=event.patient_ref, correlation_id="c")


def deliver(client, engine, envelope: Envelope) -> str:
    return apply_once(engine, "responsibility", envelope, client.app.state.runtime.handlers)


def decided_row(client, engine, event: ReferralSubmitted | PatientDischarged) -> DecisionRow:
    assert deliver(client, engine, envelope_of(event)) == "applied"
    with Session(engine) as session:
        return session.exec(
            select(DecisionRow).where(DecisionRow.patient_ref == event.patient_ref)
        ).one()


def component(payload: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in payload["components"] if c["component"] == name)


def rules_per_component(payload: dict[str, Any], without: str = "") -> dict[str, list[str]]:
    return {
        c["component"]: [r for r in c["rule_ids"] if r != without] for c in payload["components"]
    }


def test_a_primary_care_referral_is_decided_stored_and_published_like_a_discharge(
    client, engine
) -> None:
    event = referred("23", "2380", MUNICIPAL_NURSING_CARE)
    row = decided_row(client, engine, event)
    assert (row.discharge_id, row.municipality_code) == (event.referral_id, "2380")
    assert row.dedupe_key.startswith("referral:")
    assert row.decided_on == date(2026, 11, 20)
    [payload] = published(engine, event.patient_ref, "responsibility.decided")
    assert payload["discharge_id"] == str(event.referral_id)
    assert component(payload, "nursing")["responsible"] == {
        "kind": "municipality",
        "code": "2380",
        "unit": None,
    }
    twin = discharged("23", "2380", MUNICIPAL_NURSING_CARE)
    decided_row(client, engine, twin)
    [after_stay] = published(engine, twin.patient_ref, "responsibility.decided")
    assert payload["rule_ids"] == after_stay["rule_ids"]  # no hospital-stay rule in JH-2026
    assert rules_per_component(payload) == rules_per_component(after_stay)
    shown = client.get(f"/v1/decisions/{row.id}", headers=OSTERSUND).json()
    assert shown["explanation"]["agreement"]["id"] == "JH-2026"


@pytest.mark.parametrize("way_in", ["primary-care", "specialised-outpatient"])
def test_a_direct_orebro_referral_has_no_or_spec7_window(client, engine, way_in: str) -> None:
    event = referred("18", "1880", OREBRO_CARE, way_in=way_in)
    row = decided_row(client, engine, event)
    assert row.reevaluate_on is None
    [payload] = published(engine, event.patient_ref, "responsibility.decided")
    nursing = component(payload, "nursing")
    assert nursing["responsible"] == {"kind": "municipality", "code": "1880", "unit": None}
    assert nursing["rule_ids"] == ["OR-ENROL"]
    spec7 = next(c for c in row.explanation["criteria"] if c["rule_id"] == "OR-SPEC7")
    assert (spec7["outcome"], spec7["sentence"]) == ("not_met", "No hospital stay recorded.")
    twin = discharged("18", "1880", OREBRO_CARE)
    decided_row(client, engine, twin)
    [after_stay] = published(engine, twin.patient_ref, "responsibility.decided")
    assert component(after_stay, "nursing")["rule_ids"][-1] == "OR-SPEC7"
    assert payload["rule_ids"] == after_stay["rule_ids"]  # OR-SPEC7 evaluated, not met
    assert rules_per_component(payload) == rules_per_component(after_stay, without="OR-SPEC7")


def test_a_referral_decision_is_re_evaluated_from_the_stored_referral(client, engine) -> None:
    """Halland: decided under HL-2019 (ends 2023-12-31), re-decided under HL-2021."""
    event = referred("13", "1380", HALLAND_CARE, submitted_at=datetime(2020, 6, 1, 9, tzinfo=UTC))
    first = decided_row(client, engine, event)
    assert (first.agreement_id, first.reevaluate_on) == ("HL-2019", date(2024, 1, 1))
    with UnitOfWork(engine, "responsibility") as uow:
        new = reevaluate(uow, client.app.state.catalogue, first.id)
    assert new is not None
    assert (new.agreement_id, new.decided_on) == ("HL-2021", date(2024, 1, 1))
    assert new.discharge_id == event.referral_id
    decisions = published(engine, event.patient_ref, "responsibility.decided")
    assert [d["reason"] for d in decisions] == ["discharge", "re-evaluation"]
    assert decisions[1]["supersedes"] == str(first.id)
    assert component(decisions[1], "nursing")["rule_ids"][-1] == "HL-THRESH"


def test_a_dispute_on_a_referral_decision_runs_and_moves_responsibility(client, engine) -> None:
    event = referred("23", "2380", MUNICIPAL_NURSING_CARE, way_in="specialised-outpatient")
    row = decided_row(client, engine, event)
    opened = client.post(
        f"/v1/decisions/{row.id}/disputes",
        headers=OSTERSUND,
        json={
            "components": ["nursing"],
            "opened_by": "MAS Östersund",
            "reason": "the patient can reach the health centre with the transport service",
            "opened_on": "2026-11-21",
        },
    )
    assert opened.status_code == 201, opened.text
    dispute = opened.json()["id"]
    stated = client.post(
        f"/v1/disputes/{dispute}/positions",
        headers=OSTERSUND,
        json={"party": "municipality:2380", "statement": "walks to the bus stop daily"},
    )
    assert stated.status_code in (200, 201), stated.text
    resolved = client.post(
        f"/v1/disputes/{dispute}/resolution",
        headers=OSTERSUND_MANAGER,
        json={
            "resolved_by": "managers",
            "resolved_on": "2026-11-24",
            "note": "agreed",
            "responsible": [
                {
                    "component": "nursing",
                    "party": {"kind": "region", "code": "23", "unit": "health_centre"},
                }
            ],
        },
    )
    assert resolved.json()["state"] == "resolved", resolved.text
    [moved] = published(engine, event.patient_ref, "responsibility.moved")
    assert moved["decision_id"] == str(row.id)
    assert moved["moved_to"] == {"kind": "region", "code": "23", "unit": "health_centre"}


@pytest.mark.parametrize(
    ("municipality", "care", "field"),
    [
        pytest.param("2399", MUNICIPAL_NURSING_CARE, "registered_municipality", id="not-JH-2026"),
        pytest.param(
            "0180",
            {**MUNICIPAL_NURSING_CARE, "performing_municipality_code": "1880"},
            "performing_municipality_code",
            id="hired-staff-from-another-county",
        ),
    ],
)
def test_a_referral_the_rules_cannot_use_is_told_back(
    client, engine, municipality: str, care: dict[str, Any], field: str
) -> None:
    event = referred("23", municipality, care)
    assert deliver(client, engine, envelope_of(event)) == "applied"
    [told] = published(engine, event.patient_ref, "responsibility.undecidable")
    assert told["discharge_id"] == str(event.referral_id)
    assert (told["field"], told["rule"]) == (field, "GEN-RES")
    assert told["municipality_code"] == municipality
    assert published(engine, event.patient_ref, "responsibility.decided") == []


def test_a_referral_outside_any_agreement_names_submitted_at(client, engine) -> None:
    event = referred("13", "1380", HALLAND_CARE, submitted_at=datetime(2012, 1, 2, 9, tzinfo=UTC))
    assert deliver(client, engine, envelope_of(event)) == "applied"
    [told] = published(engine, event.patient_ref, "responsibility.undecidable")
    assert (told["field"], told["rule"]) == ("submitted_at", "AG-RENEW")


def test_a_redelivered_referral_is_a_no_op(client, engine) -> None:
    event = referred("18", "1880", OREBRO_CARE)
    envelope = envelope_of(event)
    assert deliver(client, engine, envelope) == "applied"
    assert deliver(client, engine, envelope) == "duplicate"
    with Session(engine) as session:
        rows = session.exec(
            select(DecisionRow).where(DecisionRow.patient_ref == event.patient_ref)
        ).all()
    assert len(rows) == 1
    assert len(published(engine, event.patient_ref, "responsibility.decided")) == 1


def test_a_non_resident_cared_for_by_municipal_staff_as_hired_staff(client, engine) -> None:
    """GEN-RES: a Stockholm resident in Östersund; the region answers, Östersund performs,
    the home region (01) is invoiced."""
    care = {**MUNICIPAL_NURSING_CARE, "performing_municipality_code": "2380"}
    event = referred("23", "0180", care)
    row = decided_row(client, engine, event)
    assert row.municipality_code == "0180"
    [payload] = published(engine, event.patient_ref, "responsibility.decided")
    nursing = component(payload, "nursing")
    assert nursing["responsible"] == {"kind": "region", "code": "23", "unit": "health_centre"}
    assert nursing["performer"] == {"kind": "municipality", "code": "2380", "unit": None}
    assert nursing["cost_bearer"] == {"kind": "region", "code": "01", "unit": None}
    assert nursing["rule_ids"] == ["GEN-RES"]
    duties = {o["duty"] for o in row.explanation["obligations"] if o["rule_id"] == "GEN-RES"}
    assert duties == {"invoice_home_region", "report_hired_work"}
    # the performing municipality reads the decision it works under; a bystander does not
    assert client.get(f"/v1/decisions/{row.id}", headers=OSTERSUND).status_code == 200
    berg = as_caller("municipality:2326", "municipal-nurse")
    assert client.get(f"/v1/decisions/{row.id}", headers=berg).status_code == 404


def test_a_gavleborg_severe_case_the_municipality_performs_for_the_region(client, engine) -> None:
    """GB-SEV: specialised care answers, Gävle performs and employs; GB-ECO: the region pays
    half of the time performed."""
    event = referred(
        "21",
        "2180",
        GAVLEBORG_SEVERE_CARE,
        way_in="specialised-outpatient",
        submitted_at=datetime(2019, 6, 1, 9, tzinfo=UTC),
    )
    row = decided_row(client, engine, event)
    assert row.agreement_id == "GB-2018"
    [payload] = published(engine, event.patient_ref, "responsibility.decided")
    nursing = component(payload, "nursing")
    assert nursing["rule_ids"][-1] == "GB-SEV"
    assert nursing["responsible"] == {"kind": "region", "code": "21", "unit": "specialised_care"}
    assert nursing["performer"] == {"kind": "municipality", "code": "2180", "unit": None}
    [explained] = [c for c in row.explanation["components"] if c["component"] == "nursing"]
    assert explained["compensation"]["rule_id"] == "GB-ECO"
    assert explained["compensation"]["share_percent"] == 50
