"""Issue 9 section 5: the fixed care contact in regional outpatient care calls a SIP (LAW-SIP3)
about a care request or a hospital stay, with the meeting time and the invited organisations;
the invited read it; the caller marks it held once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.test_follow_up_helpers import care_request, nurse, rule_of, stored
from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23, NURSE_2326, NURSE_2380, as_caller
from tests.support.outbox import published
from tests.support.people import admission_body, synthetic_personnummer

pytestmark = pytest.mark.integration
OUTPATIENT_23 = as_caller("region:23", "specialised-outpatient")
# a meeting is called now for a day ahead (SIP-TIMES refuses one before its call)
MEETING_DAY = (datetime.now(UTC) + timedelta(days=30)).date()
MEETING_AT = f"{MEETING_DAY}T13:00:00+01:00"


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def admitted(client: TestClient, index: int) -> tuple[str, str]:
    """A hospital stay of patient ``index``: (stay_id, patient_ref)."""
    body = admission_body(index)
    posted = client.post("/v1/admissions", json=body, headers=HOSPITAL_23)
    assert posted.status_code == 202, posted.text
    return str(body["stay_id"]), str(posted.json()["patient_ref"])


def call(client: TestClient, headers=HEALTH_CENTRE_23, **body):
    return client.post("/v1/sip-meetings", json={"meeting_at": MEETING_AT, **body}, headers=headers)


def listed(client: TestClient, headers: dict[str, str], **params) -> set[str]:
    page = client.get("/v1/sip-meetings", params=params, headers=headers)
    assert page.status_code == 200, page.text
    return {item["sip_id"] for item in page.json()["items"]}


def test_a_sip_about_a_care_request_invites_its_municipality(client, engine) -> None:
    request_id, ref = care_request(client, engine, 300)
    called = call(client, care_request_id=request_id, invited=["region:23"])
    assert called.status_code == 201, called.text
    sip = called.json()
    assert sip["invited"] == ["municipality:2380", "region:23"]
    assert (sip["patient_ref"], sip["care_request_id"], sip["held_at"]) == (ref, request_id, None)
    [event] = published(engine, ref, "sip.called")
    assert event["invited"] == ["municipality:2380", "region:23"]
    assert event["meeting_at"].startswith(f"{MEETING_DAY}T12:00:00")
    assert event["region_code"] == "23"

    assert sip["sip_id"] in listed(client, NURSE_2380)
    assert sip["sip_id"] in listed(client, HOSPITAL_23, patient_ref=ref)
    assert sip["sip_id"] not in listed(client, NURSE_2326)
    assert sip["sip_id"] not in listed(client, as_caller("region:21", "health-centre"))
    page = client.get("/v1/sip-meetings", params={"patient_ref": ref}, headers=NURSE_2380).json()
    [item] = page["items"]
    assert item["patient"]["name"] == "Ingrid Olsson"
    assert item["patient"]["identifier"]["value"] == synthetic_personnummer(300).replace("-", "")

    held = client.post(f"/v1/sip-meetings/{sip['sip_id']}/held", headers=OUTPATIENT_23)
    assert held.status_code == 200, held.text
    assert held.json()["held_at"] is not None
    again = client.post(f"/v1/sip-meetings/{sip['sip_id']}/held", json={}, headers=HEALTH_CENTRE_23)
    assert again.status_code == 200 and again.json() == held.json()
    assert len(published(engine, ref, "sip.held")) == 1
    assert sip["sip_id"] in listed(client, NURSE_2380, held="true")
    assert sip["sip_id"] not in listed(client, NURSE_2380, held="false")


def test_a_sip_about_a_stay_needs_an_invited_municipality(client, engine) -> None:
    stay_id, ref = admitted(client, 301)
    before = stored(engine)
    alone = call(client, stay_id=stay_id, invited=["region:23"])
    assert rule_of(alone) == (422, "invited", "SIP-PARTIES")
    nonsense = call(client, stay_id=stay_id, invited=["municipality:2380", "kommunen"])
    assert rule_of(nonsense) == (422, "invited.1", "SIP-PARTIES")
    assert stored(engine) == before
    called = call(
        client, stay_id=stay_id, invited=["municipality:2326", "municipality:2380", "region:23"]
    )
    assert called.status_code == 201, called.text
    assert (called.json()["stay_id"], called.json()["patient_ref"]) == (stay_id, ref)
    assert called.json()["sip_id"] in listed(client, NURSE_2326, stay_id=stay_id)
    [event] = published(engine, ref, "sip.called")
    assert event["stay_id"] == stay_id


def test_a_sip_names_whom_it_is_about(client, engine) -> None:
    request_id, _ = care_request(client, engine, 302)
    stay_id, _ = admitted(client, 303)  # another patient
    before = stored(engine)
    nobody = call(client, invited=["municipality:2380"])
    assert rule_of(nobody) == (422, "care_request_id", "SIP-PATIENT")
    two = call(client, care_request_id=request_id, stay_id=stay_id)
    assert rule_of(two) == (422, "stay_id", "SIP-PATIENT")
    assert call(client, care_request_id=str(uuid.uuid4())).status_code == 404
    assert call(client, stay_id="VT-none").status_code == 404
    assert stored(engine) == before


def test_only_outpatient_care_of_the_region_calls(client, engine) -> None:
    request_id, _ = care_request(client, engine, 304)
    stay_id, _ = admitted(client, 305)
    before = stored(engine)
    region_21 = as_caller("region:21", "health-centre")
    assert call(client, region_21, care_request_id=request_id).status_code == 404
    other_stay = call(client, region_21, stay_id=stay_id, invited=["municipality:2380"])
    assert other_stay.status_code == 404
    hospital = call(client, HOSPITAL_23, care_request_id=request_id)
    assert rule_of(hospital) == (403, "Authorization", "ACCESS-ROLE")
    assert call(client, NURSE_2380, care_request_id=request_id).status_code == 403
    assert stored(engine) == before


def test_times_are_in_order(client, engine) -> None:
    request_id, _ = care_request(client, engine, 306)
    before = stored(engine)
    early = call(
        client,
        care_request_id=request_id,
        called_at="2026-11-22T09:00:00+01:00",
        meeting_at="2026-11-21T13:00:00+01:00",
    )
    assert rule_of(early) == (422, "meeting_at", "SIP-TIMES")
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    ahead = call(
        client, care_request_id=request_id, called_at=future, meeting_at="2099-01-01T10:00:00Z"
    )
    assert rule_of(ahead) == (422, "called_at", "SIP-TIMES")
    naive = call(client, care_request_id=request_id, meeting_at="2026-12-01T13:00:00")
    assert rule_of(naive) == (422, "meeting_at", "timezone_aware")
    assert stored(engine) == before

    called = call(client, care_request_id=request_id, called_at="2026-11-20T15:00:00+01:00")
    assert called.status_code == 201
    path = f"/v1/sip-meetings/{called.json()['sip_id']}/held"
    before_call = client.post(path, json={"held_at": "2026-11-19T10:00:00+01:00"})
    assert before_call.status_code == 403, "a hospital unit does not report the SIP held"
    refused = client.post(
        path, json={"held_at": "2026-11-19T10:00:00+01:00"}, headers=OUTPATIENT_23
    )
    assert rule_of(refused) == (422, "held_at", "SIP-TIMES")
    assert client.post(path, headers=as_caller("region:21", "health-centre")).status_code == 404
    unknown = f"/v1/sip-meetings/{uuid.uuid4()}/held"
    assert client.post(unknown, headers=OUTPATIENT_23).status_code == 404
    ahead = client.post(path, json={"held_at": "2099-01-01T10:00:00Z"}, headers=OUTPATIENT_23)
    assert rule_of(ahead) == (422, "held_at", "SIP-TIMES")
    held = client.post(path, json={"held_at": "2026-11-22T15:00:00+01:00"}, headers=OUTPATIENT_23)
    assert held.json()["held_at"].startswith("2026-11-22T14:00:00")


def test_a_repeated_message_id_answers_the_same_or_is_refused(client, engine) -> None:
    request_id, ref = care_request(client, engine, 307)
    message_id = str(uuid.uuid4())
    first = call(client, care_request_id=request_id, message_id=message_id)
    again = call(client, care_request_id=request_id, message_id=message_id)
    assert first.status_code == again.status_code == 201
    assert again.json()["sip_id"] == first.json()["sip_id"]
    assert len(published(engine, ref, "sip.called")) == 1
    moved = call(
        client,
        care_request_id=request_id,
        message_id=message_id,
        meeting_at=f"{MEETING_DAY + timedelta(days=1)}T13:00:00+01:00",
    )
    assert rule_of(moved) == (409, "message_id", "MESSAGE-ID")


def test_no_sip_for_a_stay_entered_in_error(client, engine) -> None:
    stay_id, _ = admitted(client, 308)
    cancelled = client.post(
        f"/v1/stays/{stay_id}/admission-cancellation",
        json={"reason": "fel patient"},
        headers=HOSPITAL_23,
    )
    assert cancelled.status_code == 202, cancelled.text
    refused = call(client, stay_id=stay_id, invited=["municipality:2380"])
    assert rule_of(refused) == (409, "stay_id", "SIP-PATIENT")


def test_an_invited_municipality_reads_the_sip_with_the_patient(client, engine) -> None:
    stay_id, ref = admitted(client, 309)
    sip_id = call(client, stay_id=stay_id, invited=["municipality:2361"]).json()["sip_id"]
    page = client.get("/v1/sip-meetings", params={"stay_id": stay_id}, headers=nurse("2361"))
    [item] = page.json()["items"]
    assert (item["sip_id"], item["patient"]["patient_ref"]) == (sip_id, ref)
    assert item["patient"]["name"] is None  # a stay carries no name; the identifier does
    assert sip_id not in listed(client, NURSE_2380, stay_id=stay_id)
