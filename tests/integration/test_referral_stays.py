"""The hospital's stay notices become patient.* events for the LAW-PAY clock (billing)."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from handover_common.tables import OutboxMessage
from handover_contracts import decode
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.support.people import admission_body, discharge_body

pytestmark = pytest.mark.integration


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def admission(stay_id: str, index: int = 1000) -> dict[str, object]:
    return admission_body(index, stay_id=stay_id)


def events_for(engine: Engine, patient_ref: str) -> list[tuple[str, dict[str, object]]]:
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.partition_key == patient_ref)
            .order_by(col(OutboxMessage.id))
        )
        return [(e.event_type, e.payload) for e in (decode(r.body) for r in rows)]


def test_a_stay_from_admission_to_discharge_emits_each_notice(client, engine) -> None:
    stay = f"VT-{uuid.uuid4().hex[:8]}"
    admitted = client.post("/v1/admissions", json=admission(stay))
    assert admitted.status_code == 202, admitted.text
    ref = admitted.json()["patient_ref"]
    ready = {
        "ready_at": "2026-11-18T09:00:00+01:00",
        "notice_sent_at": "2026-11-18T10:30:00+01:00",
        "sip_needed": True,
        "sip_called_at": "2026-11-19T09:00:00+01:00",
    }
    assert client.post(f"/v1/stays/{stay}/ready", json=ready).status_code == 202
    cancel = {"cancelled_at": "2026-11-18T16:00:00+01:00", "reason": "new fever"}
    assert client.post(f"/v1/stays/{stay}/readiness-cancellation", json=cancel).status_code == 202
    assert client.post(f"/v1/stays/{stay}/ready", json=ready).status_code == 202
    body = discharge_body(1000, stay_id=stay)
    assert client.post("/v1/discharges", json=body).status_code == 202
    events = events_for(engine, ref)
    assert [t for t, _ in events] == [
        "patient.admitted",
        "patient.ready-for-discharge",
        "patient.readiness-cancelled",
        "patient.ready-for-discharge",
        "patient.discharged",
    ]
    assert {p["stay_id"] for _, p in events} == {stay}
    assert events[1][1]["notice_sent_at"] == "2026-11-18T09:30:00Z"
    assert events[0][1]["registered_municipality_code"] == "2380"


def test_a_repeated_admission_is_stored_once_and_a_different_one_conflicts(client, engine):
    stay = f"VT-{uuid.uuid4().hex[:8]}"
    first = client.post("/v1/admissions", json=admission(stay, 1001))
    again = client.post("/v1/admissions", json=admission(stay, 1001))
    assert first.json() == again.json()
    assert len(events_for(engine, first.json()["patient_ref"])) == 1
    other = client.post("/v1/admissions", json=admission(stay, 1002))
    assert other.status_code == 409
    assert other.json()["errors"][0]["field"] == "stay_id"


@pytest.mark.parametrize(
    ("path", "body", "rule"),
    [
        (
            "/v1/admissions",
            {**admission("VT-x"), "notice_sent_at": "2026-11-12T08:00:00+01:00"},
            "LAW-ADM24",
        ),
        (
            "/v1/stays/{stay}/ready",
            {
                "ready_at": "2026-11-18T09:00:00+01:00",
                "notice_sent_at": "2026-11-18T08:00:00+01:00",
            },
            "LAW-READY",
        ),
        (
            "/v1/stays/{stay}/ready",
            {
                "ready_at": "2026-11-18T09:00:00+01:00",
                "notice_sent_at": "2026-11-18T09:00:00+01:00",
                "sip_called_at": "2026-11-17T09:00:00+01:00",
            },
            "LAW-SIP3",
        ),
    ],
)
def test_notices_out_of_order_name_the_rule(client, path, body, rule) -> None:
    stay = f"VT-{uuid.uuid4().hex[:8]}"
    client.post("/v1/admissions", json=admission(stay, 1003))
    response = client.post(path.format(stay=stay), json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == rule


def test_readiness_for_an_unknown_stay_is_404_and_cancelling_nothing_is_409(client) -> None:
    ready = {"ready_at": "2026-11-18T09:00:00+01:00", "notice_sent_at": "2026-11-18T09:00:00+01:00"}
    assert client.post("/v1/stays/VT-unknown/ready", json=ready).status_code == 404
    stay = f"VT-{uuid.uuid4().hex[:8]}"
    client.post("/v1/admissions", json=admission(stay, 1004))
    cancel = client.post(
        f"/v1/stays/{stay}/readiness-cancellation",
        json={"cancelled_at": "2026-11-18T16:00:00+01:00"},
    )
    assert cancel.status_code == 409
