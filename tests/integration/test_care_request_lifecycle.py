"""Issue 9: the care request's lifecycle through referral's API — one answer wins a race,
repeats are idempotent, owners make their own transitions, every move is recorded."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from referral.adapters.orm import CareRequestTransition
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.integration.test_care_request_content import NURSING_AND_DOCTOR, decide
from tests.support.identity import HOSPITAL_23, NURSE_2380, as_caller
from tests.support.outbox import published
from tests.support.people import discharge_body

pytestmark = pytest.mark.integration
REJECTION = {"reason_code": "not_municipal_responsibility", "reason_text": "can reach the HC"}
RACES = 12


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def received_request(client: TestClient, engine: Engine, index: int) -> tuple[str, str]:
    accepted = client.post("/v1/discharges", json=discharge_body(index)).json()
    decide(engine, accepted, NURSING_AND_DOCTOR)
    view = client.get(f"/v1/discharges/{accepted['discharge_id']}").json()
    base = f"/v1/care-requests/{view['care_request_id']}"
    assert client.post(f"{base}/acknowledge", headers=NURSE_2380).status_code == 200
    return base, accepted["patient_ref"]


def test_accept_and_reject_at_once_have_exactly_one_winner(client, engine) -> None:
    for race in range(RACES):
        base, ref = received_request(client, engine, 9000 + race)
        answers = [(f"{base}/accept", None), (f"{base}/reject", REJECTION)] * 2
        with ThreadPoolExecutor(len(answers)) as pool:
            statuses = list(
                pool.map(lambda a: client.post(a[0], json=a[1], headers=NURSE_2380), answers)
            )
        codes = sorted(r.status_code for r in statuses)
        final = client.get(base, headers=NURSE_2380).json()["status"]
        winners = [r for r in statuses if r.status_code == 200]
        assert {r.json()["status"] for r in winners} == {final}, codes
        assert codes == [200, 200, 409, 409], codes
        losers = [r.json()["errors"][0]["rule"] for r in statuses if r.status_code == 409]
        assert set(losers) <= {"CR-CONCURRENT", "CR-LIFECYCLE"}
        decided = published(engine, ref, "care-request.accepted") + published(
            engine, ref, "care-request.rejected"
        )
        assert len(decided) == 1, "one answer, one event"


def test_the_same_answer_again_is_answered_alike_and_published_once(client, engine) -> None:
    base, ref = received_request(client, engine, 9100)
    first = client.post(f"{base}/accept", headers=NURSE_2380)
    again = client.post(f"{base}/accept", headers=NURSE_2380)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["status"] == again.json()["status"] == "accepted"
    assert len(published(engine, ref, "care-request.accepted")) == 1
    late_reject = client.post(f"{base}/reject", json=REJECTION, headers=NURSE_2380)
    assert late_reject.status_code == 409
    assert late_reject.json()["errors"][0]["rule"] == "CR-LIFECYCLE"


def test_every_move_records_when_who_and_as_what(client, engine) -> None:
    nurse = as_caller("municipality:2380", "municipal-nurse", person="SE2120002411-P000000000099")
    base, _ = received_request(client, engine, 9200)
    client.post(f"{base}/accept", headers=nurse)
    care_request_id = uuid.UUID(base.rsplit("/", 1)[1])
    with Session(engine) as session:
        moves = session.exec(
            select(CareRequestTransition)
            .where(col(CareRequestTransition.care_request_id) == care_request_id)
            .order_by(col(CareRequestTransition.id))
        ).all()
    assert [(m.from_status, m.to_status, m.owner) for m in moves] == [
        ("requested", "received", "performer"),
        ("received", "accepted", "performer"),
    ]
    assert moves[1].person == "SE2120002411-P000000000099"
    assert moves[1].organisation == "municipality:2380"
    assert client.post(f"{base}/accept", headers=HOSPITAL_23).status_code == 403
