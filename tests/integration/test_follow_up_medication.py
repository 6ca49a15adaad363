"""Issue 9 section 4: a medication-list change reaches every municipality with an active care
request at once (MED-CHANGE-RECIPIENTS), each acknowledges it, and each care request shows the
current list and what is still unacknowledged (MED-CHANGE; JH-INFO)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.test_follow_up_helpers import care_request, enrol, nurse, rule_of, stored
from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23, NURSE_2326, NURSE_2380, as_caller
from tests.support.outbox import published
from tests.support.people import synthetic_personnummer

pytestmark = pytest.mark.integration
SENT_LIST = "Cosmic läkemedelslista 2026-11-20 08:45"  # the list the test discharges carry
CHANGE = {
    "list_reference": "Cosmic läkemedelslista 2026-11-22 10:15",
    "changed_on": "2026-11-22",
    "changed_by_hsa_id": "SE2321000016-P000000000412",
    "summary": "Furosemid 40 mg 1x1 utsatt; Alvedon 1 g vid behov högst 3 ggr/dygn.",
}


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def post_change(client: TestClient, ref: str, headers=HEALTH_CENTRE_23, **changes):
    return client.post(
        "/v1/medication-list-changes",
        json={**CHANGE, "patient_ref": ref, **changes},
        headers=headers,
    )


def medication(client: TestClient, request_id: str, headers: dict[str, str]) -> dict[str, Any]:
    seen = client.get(f"/v1/care-requests/{request_id}/medication", headers=headers)
    assert seen.status_code == 200, seen.text
    return dict(seen.json())


def acknowledge(client: TestClient, change_id: str, headers: dict[str, str]):
    return client.post(f"/v1/medication-list-changes/{change_id}/acknowledge", headers=headers)


def test_a_change_reaches_both_municipalities_and_each_acknowledges(client, engine) -> None:
    in_2380, ref = care_request(client, engine, 200, "2380")
    in_2326, same = care_request(client, engine, 200, "2326")
    assert same == ref and in_2380 != in_2326
    enrol(client, in_2380, "2380")  # one in progress, one only requested: both are active

    posted = post_change(client, ref)
    assert posted.status_code == 201, posted.text
    change = posted.json()
    assert [r["municipality_code"] for r in change["recipients"]] == ["2326", "2380"]
    [event] = published(engine, ref, "medication-list.changed")
    assert event["municipality_codes"] == ["2326", "2380"]
    assert event["list_reference"] == CHANGE["list_reference"]
    assert event["changed_by_hsa_id"] == CHANGE["changed_by_hsa_id"]
    assert "Furosemid" not in str(event), "the summary stays in referral"

    for request_id, headers in ((in_2380, NURSE_2380), (in_2326, NURSE_2326)):
        seen = medication(client, request_id, headers)
        assert seen["current"]["reference"] == CHANGE["list_reference"]
        assert seen["current"]["change_id"] == change["change_id"]
        assert [c["change_id"] for c in seen["unacknowledged"]] == [change["change_id"]]
        assert seen["unacknowledged"][0]["summary"] == CHANGE["summary"]

    first = acknowledge(client, change["change_id"], NURSE_2380)
    assert first.status_code == 200, first.text
    assert first.json()["acknowledged_at"] is not None
    again = acknowledge(client, change["change_id"], NURSE_2380)
    assert again.status_code == 200 and again.json() == first.json()
    assert medication(client, in_2380, NURSE_2380)["unacknowledged"] == []
    assert len(medication(client, in_2326, NURSE_2326)["unacknowledged"]) == 1
    assert acknowledge(client, change["change_id"], NURSE_2326).status_code == 200
    assert medication(client, in_2326, HOSPITAL_23)["unacknowledged"] == []
    acknowledged = published(engine, ref, "medication-list.acknowledged")
    assert sorted(a["municipality_code"] for a in acknowledged) == ["2326", "2380"]

    path = f"/v1/medication-list-changes/{change['change_id']}"
    by_region = client.get(path, headers=HEALTH_CENTRE_23).json()
    assert all(r["acknowledged_at"] for r in by_region["recipients"])
    own = client.get(path, headers=NURSE_2380).json()["recipients"]
    assert [r["municipality_code"] for r in own] == ["2380"]
    assert client.get(path, headers=nurse("2361")).status_code == 404
    assert client.get(path, headers=as_caller("region:21", "health-centre")).status_code == 404


def test_the_request_shows_the_list_it_was_sent_with_until_a_change(client, engine) -> None:
    request_id, _ = care_request(client, engine, 201)
    seen = medication(client, request_id, NURSE_2380)
    assert seen["current"] == {
        "reference": SENT_LIST,
        "established_on": "2026-11-20",
        "established_by": "SE2321000016-P000000000412",
        "change_id": None,
    }
    assert (seen["unacknowledged"], seen["changes"]) == ([], [])
    path = f"/v1/care-requests/{request_id}/medication"
    assert client.get(path, headers=HOSPITAL_23).status_code == 200  # the sender
    assert client.get(path, headers=NURSE_2326).status_code == 404
    assert client.get(path, headers=as_caller("region:21", "hospital-unit")).status_code == 404
    assert client.get(f"/v1/care-requests/{uuid.uuid4()}/medication").status_code == 404


def test_only_active_requests_are_reached(client, engine) -> None:
    active, ref = care_request(client, engine, 202, "2380")
    rejected, _ = care_request(client, engine, 202, "2326")
    base = f"/v1/care-requests/{rejected}"
    client.post(f"{base}/acknowledge", headers=NURSE_2326)
    reason = {"reason_code": "not_municipal_responsibility", "reason_text": "kan ta sig till VC"}
    assert client.post(f"{base}/reject", json=reason, headers=NURSE_2326).status_code == 200
    posted = post_change(client, ref)
    assert [r["municipality_code"] for r in posted.json()["recipients"]] == ["2380"]
    assert posted.json()["recipients"][0]["care_request_id"] == active
    assert medication(client, rejected, NURSE_2326)["changes"] == []
    assert acknowledge(client, posted.json()["change_id"], NURSE_2326).status_code == 404


def test_with_no_active_request_there_is_nobody_to_tell(client, engine) -> None:
    request_id, ref = care_request(client, engine, 203)
    base = f"/v1/care-requests/{request_id}"
    client.post(f"{base}/acknowledge", headers=NURSE_2380)
    reason = {"reason_code": "not_municipal_responsibility", "reason_text": "kan ta sig till VC"}
    client.post(f"{base}/reject", json=reason, headers=NURSE_2380)
    before = stored(engine)
    assert rule_of(post_change(client, ref)) == (422, "patient_ref", "MED-CHANGE-RECIPIENTS")
    assert stored(engine) == before


def test_the_patient_is_named_by_reference_or_personnummer(client, engine) -> None:
    _, ref = care_request(client, engine, 204)
    by_number = {k: v for k, v in CHANGE.items()}
    by_number["personnummer"] = synthetic_personnummer(204)
    posted = client.post("/v1/medication-list-changes", json=by_number, headers=HOSPITAL_23)
    assert posted.status_code == 201, posted.text
    assert posted.json()["patient_ref"] == ref
    before = stored(engine)
    both = post_change(client, ref, personnummer=synthetic_personnummer(204))
    assert rule_of(both) == (422, "patient_ref", "MED-CHANGE")
    neither = client.post("/v1/medication-list-changes", json=CHANGE, headers=HOSPITAL_23)
    assert rule_of(neither) == (422, "patient_ref", "MED-CHANGE")
    unknown = client.post(
        "/v1/medication-list-changes",
        json={**CHANGE, "personnummer": synthetic_personnummer(299)},
        headers=HOSPITAL_23,
    )
    assert unknown.status_code == 404
    assert stored(engine) == before


def test_a_change_is_the_callers_own_regions_and_names_who_changed_it(client, engine) -> None:
    _, ref = care_request(client, engine, 205)
    before = stored(engine)
    elsewhere = post_change(client, ref, headers=as_caller("region:21", "health-centre"))
    assert elsewhere.status_code == 404
    assert post_change(client, ref, headers=NURSE_2380).status_code == 403
    future = post_change(client, ref, changed_on="2099-01-01")
    assert rule_of(future) == (422, "changed_on", "MED-CHANGE")
    assert stored(engine) == before
    outpatient = as_caller("region:23", "specialised-outpatient", "SE2321000016-P000000000777")
    body = {k: v for k, v in CHANGE.items() if k != "changed_by_hsa_id"}
    posted = client.post(
        "/v1/medication-list-changes", json={**body, "patient_ref": ref}, headers=outpatient
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["changed_by_hsa_id"] == "SE2321000016-P000000000777"


def test_a_repeated_message_id_answers_the_same_or_is_refused(client, engine) -> None:
    _, ref = care_request(client, engine, 206)
    message_id = str(uuid.uuid4())
    first = post_change(client, ref, message_id=message_id)
    again = post_change(client, ref, message_id=message_id)
    assert first.status_code == again.status_code == 201
    assert again.json()["change_id"] == first.json()["change_id"]
    assert len(published(engine, ref, "medication-list.changed")) == 1
    other = post_change(client, ref, message_id=message_id, summary="Något annat")
    assert rule_of(other) == (409, "message_id", "MESSAGE-ID")


def test_acknowledgements_at_once_publish_one_event(client, engine) -> None:
    _, ref = care_request(client, engine, 207)
    change_id = post_change(client, ref).json()["change_id"]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: acknowledge(client, change_id, NURSE_2380), range(4)))
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert len({a.json()["acknowledged_at"] for a in answers}) == 1
    assert len(published(engine, ref, "medication-list.acknowledged")) == 1


def test_only_a_receiving_municipality_acknowledges(client, engine) -> None:
    _, ref = care_request(client, engine, 208)
    change_id = post_change(client, ref).json()["change_id"]
    before = stored(engine)
    assert acknowledge(client, change_id, NURSE_2326).status_code == 404
    assert acknowledge(client, str(uuid.uuid4()), NURSE_2380).status_code == 404
    assert acknowledge(client, change_id, HEALTH_CENTRE_23).status_code == 403
    assert stored(engine) == before
