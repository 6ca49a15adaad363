"""Issue 8: the care request a municipal nurse can act on — its content, completeness at intake,
the three ways in, who may read it, and outcomes that tell the truth."""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_contracts import wrap
from handover_contracts.events import ResponsibilityDecided
from referral.service_layer.handlers import EVENT_HANDLERS
from sqlalchemy import Engine, text
from sqlmodel import Session

from tests.support.identity import HEALTH_CENTRE_23, NURSE_2326, NURSE_2380, as_caller
from tests.support.outbox import published
from tests.support.people import direct_care_request_body, discharge_body

pytestmark = pytest.mark.integration
OUTPATIENT_23 = as_caller("region:23", "specialised-outpatient")
MUNI = {"kind": "municipality", "code": "2380"}
REGION = {"kind": "region", "code": "23"}


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def component(
    name: str, responsible: dict[str, str] | None = MUNI, **changes: Any
) -> dict[str, Any]:
    return {
        "component": name,
        "status": "decided",
        "responsible": responsible,
        "performer": changes.pop("performer", responsible),
        "cost_bearer": changes.pop("cost_bearer", responsible),
        "rule_ids": changes.pop("rule_ids", ["JH-OB"]),
        **changes,
    }


NURSING_AND_DOCTOR = [component("nursing"), component("physician", REGION, rule_ids=["GEN-DOC"])]


def decide(
    engine: Engine,
    accepted: dict[str, str],
    components: list[dict[str, Any]],
    supersedes: bool = False,
) -> None:
    decided = ResponsibilityDecided.model_validate(
        {
            "decision_id": uuid.uuid4(),
            "supersedes": uuid.uuid4() if supersedes else None,
            "reason": "re-evaluation" if supersedes else "discharge",
            "discharge_id": accepted["discharge_id"],
            "patient_ref": accepted["patient_ref"],
            "source_event_id": uuid.uuid4(),
            "agreement_id": "JH-2026",
            "agreement_version": "2026.1",
            "decided_on": date(2026, 11, 20),
            "municipality_code": "2380",
            "components": components,
            "rule_ids": sorted({r for c in components for r in c["rule_ids"]}),
        }
    )
    envelope = wrap(
        decided, producer="responsibility", partition_key=decided.patient_ref, correlation_id="c"
    )
    assert apply_once(engine, "referral", envelope, EVENT_HANDLERS) == "applied"


def stored(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("discharge", "patient", "outbox", "care_request")
        )


def without(body: dict[str, Any], *paths: str) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    for path in paths:
        *parents, leaf = path.split(".")
        node: Any = changed  # JSON: objects and arrays
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[leaf]
    return changed


def errors_of(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {e["field"]: e["rule"] for e in response.json()["errors"]}


def test_an_incomplete_discharge_is_refused_with_every_gap_and_stores_nothing(
    client, engine
) -> None:
    before = stored(engine)
    body = without(
        discharge_body(8000),
        "patient.name",
        "patient.language.interpreter_needed",
        "interventions.0.frequency",
        "interventions.1.self_care_assessment",
        "medication_list",
        "fixed_contacts.responsible_physician.phone",
        "products",
        "sender.contact_phone",
        "sip_needed",
    )
    assert errors_of(client.post("/v1/discharges", json=body)) == {
        "patient.name.given": "CR-CONTENT-PATIENT",
        "patient.name.family": "CR-CONTENT-PATIENT",
        "patient.language.interpreter_needed": "CR-CONTENT-PATIENT",
        "interventions.0.frequency.times": "CR-CONTENT-INTERVENTION",
        "interventions.0.frequency.per": "CR-CONTENT-INTERVENTION",
        "interventions.1.self_care_assessment.outcome": "GEN-SELF",
        "interventions.1.self_care_assessment.assessed_by.name": "GEN-SELF",
        "medication_list.reference": "CR-CONTENT-MEDICATION",
        "medication_list.established_on": "CR-CONTENT-MEDICATION",
        "medication_list.established_by.name": "CR-CONTENT-MEDICATION",
        "fixed_contacts.responsible_physician.phone": "CR-CONTENT-CONTACTS",
        "products": "CR-CONTENT-PRODUCTS",
        "sender.contact_phone": "CR-CONTENT-SENDER",
        "sip_needed": "CR-CONTENT-SIP",
    }
    assert stored(engine) == before


def test_a_discharge_with_no_interventions_asks_for_them(client) -> None:
    response = client.post("/v1/discharges", json=discharge_body(8001, interventions=[]))
    assert errors_of(response) == {"interventions": "CR-CONTENT-INTERVENTION"}


def test_an_acute_request_says_why_it_cannot_wait(client) -> None:
    response = client.post("/v1/discharges", json=discharge_body(8002, acute=True))
    assert errors_of(response) == {"acute_reason": "CR-CONTENT-ACUTE"}


def test_the_medication_list_is_established_by_the_day_of_discharge(client) -> None:
    body = discharge_body(8003)
    body["medication_list"]["established_on"] = "2026-11-21"  # discharged 2026-11-20
    assert errors_of(client.post("/v1/discharges", json=body)) == {
        "medication_list.established_on": "LAW-INFO"
    }


def test_interventions_must_fit_the_care_needs_and_relatives_need_consent(client) -> None:
    body = discharge_body(8004)
    body["interventions"][0]["type"] = "physiotherapy"  # rehabilitation, not in the needs
    body["patient"]["contact_person"]["consent_given"] = False
    assert errors_of(client.post("/v1/discharges", json=body)) == {
        "interventions.0.type": "CR-CONTENT-COMPONENTS",
        "patient.contact_person.consent_given": "CR-CONTENT-CONSENT",
    }


def test_self_care_is_no_intervention_for_the_municipality(client) -> None:
    body = discharge_body(8005)
    body["interventions"][0]["type"] = "physiotherapy"
    body["interventions"][0]["self_care_assessment"]["outcome"] = "self-care"  # GEN-SELF
    assert client.post("/v1/discharges", json=body).status_code == 202


def test_a_direct_request_needs_no_separate_fixed_care_contact(client, engine) -> None:
    """From primary care the sender is the fixed care contact; after a stay it must be named."""
    direct = without(direct_care_request_body(8006), "fixed_contacts.fixed_care_contact")
    assert (
        client.post("/v1/care-requests", json=direct, headers=HEALTH_CENTRE_23).status_code == 202
    )
    discharge = without(discharge_body(8007), "fixed_contacts.fixed_care_contact")
    assert errors_of(client.post("/v1/discharges", json=discharge)) == {
        "fixed_contacts.fixed_care_contact.name": "CR-CONTENT-CONTACTS",
        "fixed_contacts.fixed_care_contact.phone": "CR-CONTENT-CONTACTS",
    }


@pytest.mark.parametrize(
    ("sender", "way"),
    [(HEALTH_CENTRE_23, "primary-care"), (OUTPATIENT_23, "specialised-outpatient")],
)
def test_the_direct_ways_in_are_decided_like_a_discharge(client, engine, sender, way) -> None:
    body = direct_care_request_body(8010 if way == "primary-care" else 8011)
    accepted = client.post("/v1/care-requests", json=body, headers=sender)
    assert accepted.status_code == 202, accepted.text
    referral = accepted.json()
    [event] = published(engine, referral["patient_ref"], "referral.submitted")
    assert event["way_in"] == way
    assert event["referral_id"] == referral["discharge_id"]
    assert "personnummer" not in str(event) and "Olsson" not in str(event)

    decide(engine, referral, NURSING_AND_DOCTOR)
    view = client.get(f"/v1/referrals/{referral['discharge_id']}", headers=sender).json()
    assert (view["way_in"], view["outcome"]) == (way, "care-requested")
    [created] = published(engine, referral["patient_ref"], "care-request.created")
    assert created["way_in"] == way
    full = client.get(f"/v1/care-requests/{view['care_request_id']}", headers=NURSE_2380).json()
    assert full["way_in"] == way
    assert full["discharged_at"] is None
    assert full["sender"]["unit_name"] == "Odenslunds hälsocentral"


def test_a_hospital_unit_cannot_post_a_direct_request(client) -> None:
    response = client.post("/v1/care-requests", json=direct_care_request_body(8012))
    assert response.status_code == 403


def test_the_addressed_municipality_reads_the_whole_request_and_nobody_else(client, engine) -> None:
    accepted = client.post("/v1/discharges", json=discharge_body(8020)).json()
    decide(engine, accepted, NURSING_AND_DOCTOR)
    care_request_id = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()[
        "care_request_id"
    ]
    path = f"/v1/care-requests/{care_request_id}"
    full = client.get(path, headers=NURSE_2380).json()
    assert full["patient"]["identifier"] == {
        "system": "urn:oid:1.2.752.129.2.1.3.1",
        "value": discharge_body(8020)["patient"]["personnummer"].replace("-", ""),
    }
    assert full["patient"]["name"] == {"given": "Ingrid", "family": "Olsson"}
    assert full["patient"]["care_address"]["city"] == "Östersund"
    assert full["patient"]["language"] == {"code": "sv", "interpreter_needed": False}
    assert [i["type"] for i in full["interventions"]] == ["wound-care", "medication-administration"]
    assert full["interventions"][0]["frequency"] == {"times": 3, "per": "week"}
    assert full["interventions"][0]["component"] == "nursing"
    assert full["medication_list"]["established_on"] == "2026-11-20"
    assert full["fixed_contacts"]["responsible_physician"]["phone"] == "063-14 20 10"
    assert full["sender"]["contact_phone"] == "063-15 30 00"
    assert full["sender"]["unit_hsa_id"] == "SE2321000016-E000000000101"
    assert len(full["products"]) == 2
    assert client.get(path).status_code == 200  # the sending region reads what it sent
    assert client.get(path, headers=NURSE_2326).status_code == 404
    assert client.get(path, headers=as_caller("region:21", "hospital-unit")).status_code == 404
    assert client.get(path, headers=as_caller("operator:drift", "operations")).status_code == 403


def test_the_work_list_shows_what_a_nurse_triages_by(client, engine) -> None:
    acute = discharge_body(8030, acute=True, acute_reason="infected wound")
    for body in (discharge_body(8031), acute):
        accepted = client.post("/v1/discharges", json=body).json()
        decide(engine, accepted, NURSING_AND_DOCTOR)
    page = client.get("/v1/care-requests", params={"limit": 1}, headers=NURSE_2380).json()
    assert page["total"] >= 2 and page["limit"] == 1 and len(page["items"]) == 1
    [first] = page["items"]
    assert first["acute"] is True, "acute requests come first"
    assert first["name"] == "Ingrid Olsson"
    assert first["age"] >= 88
    assert first["start_date"] == "2026-11-21"
    assert first["interventions"] == ["wound-care", "medication-administration"]
    assert first["status"] == "requested"
    assert first["waiting_minutes"] >= 0
    second = client.get("/v1/care-requests", params={"limit": 1, "offset": 1}, headers=NURSE_2380)
    assert second.json()["items"][0]["id"] != first["id"]


def test_the_sender_reads_the_decision_and_the_municipalitys_answer(client, engine) -> None:
    accepted = client.post("/v1/discharges", json=discharge_body(8040)).json()
    decide(engine, accepted, NURSING_AND_DOCTOR)
    view = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()
    assert view["decision_id"] is not None
    assert {(c["component"], c["responsible"]["kind"]) for c in view["components"]} == {
        ("nursing", "municipality"),
        ("physician", "region"),
    }
    base = f"/v1/care-requests/{view['care_request_id']}"
    client.post(f"{base}/acknowledge", headers=NURSE_2380)
    reason = {"reason_code": "missing_information", "reason_text": "wound care plan is missing"}
    client.post(f"{base}/reject", json=reason, headers=NURSE_2380)
    after = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()["care_request"]
    assert after["status"] == "rejected"
    assert after["answer"]["reason_code"] == "missing_information"
    assert after["answer"]["reason_text"] == "wound care plan is missing"
    assert after["answer"]["answered_at"] is not None


def test_missing_facts_read_needs_facts_not_region_responsible(client, engine) -> None:
    accepted = client.post("/v1/discharges", json=discharge_body(8050)).json()
    unknown = component(
        "nursing",
        None,
        status="unknown",
        rule_ids=["JH-PAL-1"],
        missing_facts=["palliative_team_connected"],
    )
    decide(engine, accepted, [unknown, component("physician", REGION, rule_ids=["GEN-DOC"])])
    view = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()
    assert view["outcome"] == "needs-facts"
    assert view["missing_facts"] == [
        {"component": "nursing", "facts": ["palliative_team_connected"], "rule_ids": ["JH-PAL-1"]}
    ]
    assert view["care_request_id"] is None


def test_the_municipality_performing_for_the_region_gets_a_marked_request(client, engine) -> None:
    """JH-PAL-2: the region keeps responsibility, the municipality performs."""
    accepted = client.post("/v1/discharges", json=discharge_body(8060)).json()
    nursing = component("nursing", REGION, performer=MUNI, cost_bearer=MUNI, rule_ids=["JH-PAL-2"])
    decide(engine, accepted, [nursing, component("physician", REGION, rule_ids=["GEN-DOC"])])
    view = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()
    assert view["outcome"] == "care-requested"
    assert view["care_request"]["performed_on_behalf_of"] == "region:23"
    assert view["care_request"]["cost_bearer"] == "municipality:2380"
    [created] = published(engine, accepted["patient_ref"], "care-request.created")
    assert created["performed_on_behalf_of"] == {"kind": "region", "code": "23", "unit": None}
    assert created["components"] == ["nursing"]


def test_a_decision_giving_the_municipality_nothing_reads_region_responsible(
    client, engine
) -> None:
    accepted = client.post("/v1/discharges", json=discharge_body(8070)).json()
    decide(engine, accepted, [component("nursing", REGION), component("physician", REGION)])
    assert client.get(f"/v1/discharges/{accepted['discharge_id']}").json()["outcome"] == (
        "region-responsible"
    )
