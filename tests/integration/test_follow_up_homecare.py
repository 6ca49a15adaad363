"""Issue 9 section 3: discharge from home care back to the health centre (HSV-DISCHARGE), the
health centre's acknowledgement (HSV-DISCHARGE-ACK) that completes the care request, and the
unacknowledged discharges both sides see."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from handover_common.tables import AuditEntry
from referral.adapters.orm import CareRequestTransition
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.integration.test_follow_up_helpers import care_request, enrol, rule_of, stored
from tests.support.identity import (
    HEALTH_CENTRE_23,
    HOSPITAL_23,
    NURSE_2326,
    NURSE_2380,
    as_caller,
    issuer,
)
from tests.support.outbox import published

pytestmark = pytest.mark.integration
LISTED = "SE2321000016-E000000000201"  # Odenslunds hälsocentral, the test data's listed one
DISCHARGE = {
    "discharged_on": "2026-11-22",
    "reason": "needs-met",
    "summary": "Såret läkt; kan ta sig till vårdcentralen för fortsatt läkemedelsgenomgång.",
}


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def enrolled(client: TestClient, engine: Engine, index: int) -> tuple[str, str]:
    request_id, ref = care_request(client, engine, index)
    enrol(client, request_id)
    return request_id, ref


def path(request_id: str, tail: str = "") -> str:
    return f"/v1/care-requests/{request_id}/homecare-discharge{tail}"


def unacknowledged(client: TestClient, headers: dict[str, str]) -> set[str]:
    page = client.get("/v1/homecare-discharges", params={"unacknowledged": "true"}, headers=headers)
    assert page.status_code == 200, page.text
    return {item["care_request_id"] for item in page.json()["items"]}


def health_centre(unit: str, region: str = "region:23") -> dict[str, str]:
    return {"Authorization": f"Bearer {issuer().token(region, 'health-centre', unit=unit)}"}


def test_discharge_acknowledged_by_the_health_centre_completes_the_request(client, engine) -> None:
    request_id, ref = enrolled(client, engine, 100)
    discharged = client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380)
    assert discharged.status_code == 200, discharged.text
    body = discharged.json()
    assert body["health_centre"] == {"hsa_id": LISTED, "name": "Odenslunds hälsocentral"}
    assert (body["care_request_status"], body["acknowledged_at"]) == ("in-progress", None)
    [event] = published(engine, ref, "homecare.discharged")
    assert event["reason"] == "needs-met" and event["discharged_on"] == "2026-11-22"
    assert event["health_centre_hsa_id"] == LISTED and event["region_code"] == "23"
    assert "Såret" not in str(event), "the summary stays in referral"

    assert request_id in unacknowledged(client, NURSE_2380)
    assert request_id in unacknowledged(client, HEALTH_CENTRE_23)
    listed = client.get("/v1/homecare-discharges", headers=HEALTH_CENTRE_23).json()["items"]
    [item] = [i for i in listed if i["care_request_id"] == request_id]
    assert item["patient"]["name"] == "Ingrid Olsson"
    assert item["summary"] == DISCHARGE["summary"]

    acknowledged = client.post(path(request_id, "/acknowledge"), headers=HEALTH_CENTRE_23)
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json()["acknowledged_at"] is not None
    assert acknowledged.json()["care_request_status"] == "completed"
    full = client.get(f"/v1/care-requests/{request_id}", headers=NURSE_2380).json()
    assert full["status"] == "completed"
    [completed] = published(engine, ref, "care-request.completed")
    assert completed["completed_on"] == "2026-11-22"
    assert len(published(engine, ref, "homecare.discharge-acknowledged")) == 1
    assert request_id not in unacknowledged(client, NURSE_2380)
    assert request_id not in unacknowledged(client, HEALTH_CENTRE_23)
    with Session(engine) as session:
        moves = session.exec(
            select(CareRequestTransition)
            .where(CareRequestTransition.care_request_id == uuid.UUID(request_id))
            .where(CareRequestTransition.to_status == "completed")
        ).all()
    assert [(m.from_status, m.owner, m.organisation) for m in moves] == [
        ("in-progress", "performer", "municipality:2380")
    ]


def test_repeats_answer_the_same_and_publish_nothing_twice(client, engine) -> None:
    request_id, ref = enrolled(client, engine, 101)
    first = client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380).json()
    again = client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380)
    assert again.status_code == 200 and again.json() == first
    client.post(path(request_id, "/acknowledge"), headers=HEALTH_CENTRE_23)
    repeat = client.post(path(request_id, "/acknowledge"), headers=HEALTH_CENTRE_23)
    assert repeat.status_code == 200 and repeat.json()["care_request_status"] == "completed"
    after = client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380)
    assert after.status_code == 200, "the same discharge again, after completion"
    for event in (
        "homecare.discharged",
        "homecare.discharge-acknowledged",
        "care-request.completed",
    ):
        assert len(published(engine, ref, event)) == 1, event
    other = {**DISCHARGE, "reason": "moved"}
    refused = client.post(path(request_id), json=other, headers=NURSE_2380)
    assert rule_of(refused) == (409, "care_request_id", "HSV-DISCHARGE")


def test_acknowledgements_at_once_complete_the_request_once(client, engine) -> None:
    request_id, ref = enrolled(client, engine, 102)
    client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380)
    with ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(
                lambda _: client.post(path(request_id, "/acknowledge"), headers=HEALTH_CENTRE_23),
                range(4),
            )
        )
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert len(published(engine, ref, "care-request.completed")) == 1
    assert len(published(engine, ref, "homecare.discharge-acknowledged")) == 1


def test_only_the_addressed_municipality_discharges_an_enrolled_patient(client, engine) -> None:
    request_id, _ = care_request(client, engine, 103)
    before = stored(engine)
    assert client.post(path(request_id), json=DISCHARGE, headers=NURSE_2326).status_code == 404
    not_enrolled = client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380)
    assert rule_of(not_enrolled) == (409, "status", "CR-LIFECYCLE")
    assert client.post(path(request_id), json=DISCHARGE, headers=HOSPITAL_23).status_code == 403
    assert stored(engine) == before


@pytest.mark.parametrize(
    ("index", "change", "field", "rule"),
    [
        (110, {"discharged_on": "2099-01-01"}, "discharged_on", "HSV-DISCHARGE"),
        (111, {"discharged_on": "2026-11-20"}, "discharged_on", "HSV-DISCHARGE"),  # < enrolled
        (112, {"summary": "  "}, "summary", "string_too_short"),
        (113, {"reason": "bored"}, "reason", "enum"),
        (114, {"health_centre_hsa_id": "HC-1"}, "health_centre_hsa_id", "string_pattern_mismatch"),
    ],
)
def test_a_discharge_that_breaks_a_rule_names_it_and_stores_nothing(
    client, engine, index, change, field, rule
) -> None:
    request_id, _ = enrolled(client, engine, index)
    before = stored(engine)
    refused = client.post(path(request_id), json={**DISCHARGE, **change}, headers=NURSE_2380)
    assert refused.status_code == 422, refused.text
    assert rule_of(refused)[1:] == (field, rule)
    assert stored(engine) == before


def test_a_discharge_needs_its_summary(client, engine) -> None:
    request_id, _ = enrolled(client, engine, 104)
    body = {k: v for k, v in DISCHARGE.items() if k != "summary"}
    refused = client.post(path(request_id), json=body, headers=NURSE_2380)
    assert rule_of(refused) == (422, "summary", "missing")


def test_only_the_named_health_centre_of_the_region_acknowledges(client, engine) -> None:
    request_id, ref = enrolled(client, engine, 105)
    early = client.post(path(request_id, "/acknowledge"), headers=HEALTH_CENTRE_23)
    assert early.status_code == 404, "nothing to acknowledge yet"
    other_centre = "SE2321000016-E000000000299"
    body = {**DISCHARGE, "health_centre_hsa_id": other_centre}
    assert client.post(path(request_id), json=body, headers=NURSE_2380).json()["health_centre"] == {
        "hsa_id": other_centre,
        "name": None,
    }
    before = stored(engine)
    listed = client.post(path(request_id, "/acknowledge"), headers=HEALTH_CENTRE_23)
    assert rule_of(listed) == (403, "health_centre_hsa_id", "HSV-DISCHARGE-ACK")
    elsewhere = health_centre(other_centre, region="region:21")
    assert client.post(path(request_id, "/acknowledge"), headers=elsewhere).status_code == 404
    as_nurse = client.post(path(request_id, "/acknowledge"), headers=NURSE_2380)
    assert rule_of(as_nurse)[1:] == ("Authorization", "ACCESS-ROLE")
    assert stored(engine) == before
    named = client.post(path(request_id, "/acknowledge"), headers=health_centre(other_centre))
    assert named.status_code == 200 and named.json()["care_request_status"] == "completed"
    assert len(published(engine, ref, "care-request.completed")) == 1


def test_each_side_lists_only_its_own(client, engine) -> None:
    request_id, _ = enrolled(client, engine, 106)
    client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380)
    assert request_id not in unacknowledged(client, NURSE_2326)
    assert request_id not in unacknowledged(client, health_centre(LISTED, region="region:21"))
    own = client.get(
        "/v1/homecare-discharges",
        params={"unacknowledged": "true", "health_centre_hsa_id": LISTED},
        headers=HEALTH_CENTRE_23,
    ).json()
    assert request_id in {i["care_request_id"] for i in own["items"]}
    assert own["total"] >= 1
    another_unit = health_centre("SE2321000016-E000000000777")  # same region, not listed there
    assert client.get("/v1/homecare-discharges", headers=another_unit).json()["items"] == []
    assert client.get("/v1/homecare-discharges", headers=HOSPITAL_23).status_code == 403
    outpatient = as_caller("region:23", "specialised-outpatient")
    assert client.get("/v1/homecare-discharges", headers=outpatient).status_code == 403


def test_listing_discharges_is_audited_per_patient(client, engine) -> None:
    request_id, ref = enrolled(client, engine, 107)
    client.post(path(request_id), json=DISCHARGE, headers=NURSE_2380)
    client.get("/v1/homecare-discharges", headers=health_centre(LISTED))
    with Session(engine) as session:
        rows = session.exec(
            select(AuditEntry)
            .where(AuditEntry.patient_ref == ref)
            .where(AuditEntry.route == "GET /v1/homecare-discharges")
            .order_by(col(AuditEntry.id))
        ).all()
    assert rows and rows[-1].organisation == "region:23" and rows[-1].outcome == "allowed"
