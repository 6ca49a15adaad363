"""Issue 9: what the hospital sent can be corrected or cancelled; nonsense gets 409 with the
rule; a readmission pauses home care and the next discharge resumes it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.integration.test_care_request_content import (
    NURSING_AND_DOCTOR,
    REGION,
    component,
    decide,
)
from tests.support.identity import HEALTH_CENTRE_23, NURSE_2380, as_caller
from tests.support.outbox import published
from tests.support.people import discharge_body, patient_block

pytestmark = pytest.mark.integration
HOSPITAL_21 = as_caller("region:21", "hospital-unit")


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def requested(client, engine, index: int, **changes: Any) -> tuple[dict[str, str], str]:
    accepted = client.post("/v1/discharges", json=discharge_body(index, **changes)).json()
    decide(engine, accepted, NURSING_AND_DOCTOR)
    view = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()
    return accepted, f"/v1/care-requests/{view['care_request_id']}"


def enrolled(client, base: str) -> None:
    for answer, body in (
        ("acknowledge", None),
        ("accept", None),
        ("enrol", {"enrolled_on": "2026-11-21"}),
    ):
        assert client.post(f"{base}/{answer}", json=body, headers=NURSE_2380).status_code == 200


def rule_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    return str(response.json()["errors"][0]["rule"])


def test_a_corrected_discharge_tells_the_municipality_and_keeps_the_history(client, engine) -> None:
    accepted, base = requested(client, engine, 9500)
    corrected = discharge_body(9500, reason="wound care twice a day, not three times a week")
    corrected["interventions"][0]["frequency"] = {"times": 2, "per": "day"}
    path = f"/v1/discharges/{accepted['discharge_id']}/correction"
    response = client.post(path, json=corrected)
    assert response.status_code == 202, response.text
    assert response.json()["version"] == 2
    [event] = published(engine, accepted["patient_ref"], "patient.discharge-corrected")
    assert (event["version"], event["discharge_id"]) == (2, accepted["discharge_id"])
    [told] = published(engine, accepted["patient_ref"], "care-request.corrected")
    assert told["changed"] == ["interventions"]
    full = client.get(base, headers=NURSE_2380).json()
    assert full["interventions"][0]["frequency"] == {"times": 2, "per": "day"}
    assert full["content_version"] == 2
    history = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()["history"]
    assert [(h["version"], h["change"]) for h in history] == [(1, "original"), (2, "correction")]


def test_a_correction_is_about_the_same_patient_and_only_the_sender_corrects(
    client, engine
) -> None:
    accepted, _ = requested(client, engine, 9510)
    path = f"/v1/discharges/{accepted['discharge_id']}/correction"
    other = discharge_body(9511, reason="typo")
    assert rule_of(client.post(path, json=other), 409) == "MSG-PATIENT"
    elsewhere = discharge_body(9510, reason="typo", region_code="21")
    assert client.post(path, json=elsewhere, headers=HOSPITAL_21).status_code == 404
    assert (
        client.post(path, json=discharge_body(9510, reason="x"), headers=NURSE_2380).status_code
        == 403
    )


def test_a_cancelled_discharge_voids_its_request_and_cannot_be_corrected(client, engine) -> None:
    accepted, base = requested(client, engine, 9520)
    path = f"/v1/discharges/{accepted['discharge_id']}"
    cancelled = client.post(f"{path}/cancellation", json={"reason": "wrong patient"})
    assert cancelled.status_code == 202
    assert client.get(base, headers=NURSE_2380).json()["status"] == "entered-in-error"
    [told] = published(engine, accepted["patient_ref"], "care-request.cancelled")
    assert (told["entered_in_error"], told["cancelled_by"]) == (True, "requester")
    assert published(engine, accepted["patient_ref"], "patient.discharge-cancelled")
    again = client.post(f"{path}/correction", json=discharge_body(9520, reason="late fix"))
    assert rule_of(again, 409) == "MSG-CANCELLED"
    assert client.post(f"{base}/acknowledge", headers=NURSE_2380).status_code == 409


def test_a_superseding_decision_withdraws_or_corrects_the_request(client, engine) -> None:
    accepted, base = requested(client, engine, 9530)
    decide(engine, accepted, [component("nursing"), component("rehabilitation")], supersedes=True)
    [told] = published(engine, accepted["patient_ref"], "care-request.corrected")
    assert told["changed"] == ["components"]
    assert client.get(base, headers=NURSE_2380).json()["components"] == [
        "nursing",
        "rehabilitation",
    ]
    decide(engine, accepted, [component("nursing", REGION)], supersedes=True)
    assert client.get(base, headers=NURSE_2380).json()["status"] == "cancelled"
    view = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()
    assert view["outcome"] == "region-responsible"


def test_the_same_decision_redelivered_creates_nothing_new(client, engine) -> None:
    accepted, _ = requested(client, engine, 9540)
    decide(engine, accepted, NURSING_AND_DOCTOR)
    assert len(published(engine, accepted["patient_ref"], "care-request.created")) == 1


def test_readiness_cannot_be_cancelled_after_the_discharge(client, engine) -> None:
    stay = f"stay-{uuid.uuid4().hex[:6]}"
    admit(client, stay, 9550)
    ready = {"ready_at": "2026-11-18T09:00:00+01:00", "notice_sent_at": "2026-11-18T10:00:00+01:00"}
    assert client.post(f"/v1/stays/{stay}/ready", json=ready).status_code == 202
    assert client.post("/v1/discharges", json=discharge_body(9550, stay_id=stay)).status_code == 202
    cancel = {"cancelled_at": "2026-11-20T12:00:00+01:00", "reason": "fever"}
    assert rule_of(client.post(f"/v1/stays/{stay}/readiness-cancellation", json=cancel), 409) == (
        "LAW-READY"
    )


def test_a_discharge_before_its_admission_is_refused(client, engine) -> None:
    stay = f"stay-{uuid.uuid4().hex[:6]}"
    admit(client, stay, 9560, admitted_at="2026-11-21T08:00:00+01:00")
    body = discharge_body(9560, stay_id=stay, admitted_at=None)
    assert rule_of(client.post("/v1/discharges", json=body), 409) == "DISCHARGE-DATES"


def test_a_message_id_again_with_other_content_is_refused(client, engine) -> None:
    message = str(uuid.uuid4())
    first = client.post("/v1/discharges", json=discharge_body(9570, message_id=message))
    same = client.post("/v1/discharges", json=discharge_body(9570, message_id=message))
    assert same.json()["discharge_id"] == first.json()["discharge_id"]
    other = client.post(
        "/v1/discharges",
        json=discharge_body(9570, message_id=message, acute=False, sip_needed=True),
    )
    assert rule_of(other, 409) == "MESSAGE-ID"
    assert other.json()["errors"][0]["field"] == "message_id"


def test_a_readmission_pauses_home_care_and_the_discharge_resumes_it(client, engine) -> None:
    accepted, base = requested(client, engine, 9580)
    enrolled(client, base)
    stay = f"stay-{uuid.uuid4().hex[:6]}"
    admit(client, stay, 9580, admitted_at="2026-12-01T08:00:00+01:00")
    paused = client.get(base, headers=NURSE_2380).json()
    assert paused["status"] == "on-hold"
    [held] = published(engine, accepted["patient_ref"], "care-request.on-hold")
    assert held["stay_id"] == stay
    body = discharge_body(
        9580,
        stay_id=stay,
        admitted_at="2026-12-01T08:00:00+01:00",
        discharged_at="2026-12-05T10:00:00+01:00",
    )
    body["medication_list"]["established_on"] = "2026-12-05"
    assert client.post("/v1/discharges", json=body).status_code == 202
    resumed = client.get(base, headers=NURSE_2380).json()
    assert resumed["status"] == "in-progress"
    assert [m["to"] for m in resumed["moves"]][-2:] == ["on-hold", "in-progress"]
    assert published(engine, accepted["patient_ref"], "care-request.resumed")


def test_an_admission_is_corrected_or_cancelled_and_a_cancelled_one_resumes_care(
    client, engine
) -> None:
    accepted, base = requested(client, engine, 9590)
    enrolled(client, base)
    stay = f"stay-{uuid.uuid4().hex[:6]}"
    admit(client, stay, 9590, admitted_at="2026-12-01T08:00:00+01:00")
    fix = {
        "hospital_unit": "Östersunds sjukhus, avd 7",
        "admitted_at": "2026-12-01T07:30:00+01:00",
        "notice_sent_at": "2026-12-01T09:00:00+01:00",
        "reason": "admitted earlier, other ward",
    }
    corrected = client.post(f"/v1/stays/{stay}/admission-correction", json=fix)
    assert corrected.status_code == 202 and corrected.json()["admission_version"] == 2
    [event] = published(engine, accepted["patient_ref"], "patient.admission-corrected")
    assert event["version"] == 2 and event["hospital_unit"] == "Östersunds sjukhus, avd 7"
    assert (
        client.post(
            f"/v1/stays/{stay}/admission-cancellation", json={"reason": "wrong patient"}
        ).status_code
        == 202
    )
    assert client.get(base, headers=NURSE_2380).json()["status"] == "in-progress"
    assert (
        rule_of(client.post(f"/v1/stays/{stay}/admission-correction", json=fix), 409)
        == "MSG-CANCELLED"
    )


def test_who_cancels_a_care_request(client, engine) -> None:
    _, base = requested(client, engine, 9600)
    client.post(f"{base}/acknowledge", headers=NURSE_2380)
    too_early = client.post(f"{base}/cancel", json={"reason": "no staff"}, headers=NURSE_2380)
    assert rule_of(too_early, 403) == "CR-OWNER"
    client.post(f"{base}/accept", headers=NURSE_2380)
    voiding = {"reason": "x", "entered_in_error": True}
    assert (
        rule_of(client.post(f"{base}/cancel", json=voiding, headers=NURSE_2380), 403) == "CR-OWNER"
    )
    by_performer = client.post(f"{base}/cancel", json={"reason": "no staff"}, headers=NURSE_2380)
    assert by_performer.json()["status"] == "cancelled"
    _, second = requested(client, engine, 9601)
    by_requester = client.post(f"{second}/cancel", json={"reason": "patient moved"})
    assert by_requester.json()["status"] == "cancelled"
    assert (
        client.post(
            f"{second}/cancel",
            json={"reason": "x"},
            headers=as_caller("municipality:2326", "municipal-nurse"),
        ).status_code
        == 404
    )


def test_the_sender_corrects_the_request_and_incomplete_corrections_are_refused(
    client, engine
) -> None:
    _, base = requested(client, engine, 9610)
    change: dict[str, Any] = {"reason": "new door code", "patient": patient_block(9610) | {}}
    change["patient"].pop("personnummer")
    change["patient"].pop("registered_municipality_code")
    change["patient"]["care_address"]["access_notes"] = "portkod 4321"
    done = client.post(f"{base}/correction", json=change)
    assert done.status_code == 200, done.text
    assert done.json()["changed"] == ["patient"]
    assert (
        client.get(base, headers=NURSE_2380).json()["patient"]["care_address"]["access_notes"]
        == "portkod 4321"
    )
    emptied = client.post(f"{base}/correction", json={"reason": "x", "sender": {}})
    assert rule_of(emptied, 422) == "CR-CONTENT-SENDER"
    assert client.post(f"{base}/correction", json=change, headers=NURSE_2380).status_code == 403
    assert (
        client.post(f"{base}/correction", json=change, headers=HEALTH_CENTRE_23).status_code == 200
    )


def admit(client, stay: str, index: int, admitted_at: str = "2026-11-12T08:30:00+01:00") -> None:
    body = {
        "stay_id": stay,
        "patient": {
            k: v
            for k, v in patient_block(index).items()
            if k in ("personnummer", "registered_municipality_code")
        },
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": admitted_at,
        "notice_sent_at": admitted_at,
    }
    response = client.post("/v1/admissions", json=body)
    assert response.status_code == 202, response.text
