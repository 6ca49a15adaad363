"""Found in review: one organisation's messages must never change another's records."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.tables import AuditEntry
from referral.adapters.orm import CareRequestRow, PatientRow, StayRow
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.integration.test_care_request_content import NURSING_AND_DOCTOR, decide
from tests.integration.test_corrections import admit, enrolled, requested
from tests.support.identity import HEALTH_CENTRE_23, NURSE_2380, as_caller
from tests.support.people import direct_care_request_body, discharge_body

pytestmark = pytest.mark.integration
HOSPITAL_21 = as_caller("region:21", "hospital-unit")


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def stay_of(engine: Engine, stay_id: str) -> StayRow:
    with Session(engine) as session:
        stay = session.get(StayRow, stay_id)
        assert stay is not None
        return stay


def test_another_region_cannot_end_a_stay_by_naming_it(client, engine) -> None:
    stay = f"stay-{uuid.uuid4().hex[:6]}"
    admit(client, stay, 9800)
    body = discharge_body(9801, region_code="21", stay_id=stay)
    body["patient"]["registered_municipality_code"] = "2180"
    response = client.post("/v1/discharges", json=body, headers=HOSPITAL_21)
    assert (response.status_code, response.json()["errors"][0]["rule"]) == (409, "STAY-ID")
    assert stay_of(engine, stay).discharged_at is None


def test_another_region_cannot_reuse_a_stay_id(client, engine) -> None:
    stay = f"stay-{uuid.uuid4().hex[:6]}"
    admit(client, stay, 9802)
    body = {
        "stay_id": stay,
        "patient": {
            k: discharge_body(9802)["patient"][k]
            for k in ("personnummer", "registered_municipality_code")
        },
        "region_code": "21",
        "hospital_unit": "Gävle sjukhus",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "notice_sent_at": "2026-11-12T08:30:00+01:00",
    }
    assert client.post("/v1/admissions", json=body, headers=HOSPITAL_21).status_code == 409


def test_another_regions_admission_neither_pauses_nor_moves_the_patient(client, engine) -> None:
    _, base = requested(client, engine, 9803)
    enrolled(client, base)
    visit = {
        "stay_id": f"stay-{uuid.uuid4().hex[:6]}",
        "patient": {
            "personnummer": discharge_body(9803)["patient"]["personnummer"],
            "registered_municipality_code": "2180",
        },
        "region_code": "21",
        "hospital_unit": "Gävle sjukhus",
        "admitted_at": "2026-12-01T08:00:00+01:00",
        "notice_sent_at": "2026-12-01T09:00:00+01:00",
    }
    assert client.post("/v1/admissions", json=visit, headers=HOSPITAL_21).status_code == 202
    assert client.get(base, headers=NURSE_2380).json()["status"] == "in-progress"
    with Session(engine) as session:
        ref = client.get(base, headers=NURSE_2380).json()["patient_ref"]
        patient = session.get(PatientRow, ref)
        assert patient is not None and patient.registered_municipality_code == "2380"


def test_a_direct_request_does_not_take_over_the_hospitals_request(client, engine) -> None:
    accepted, base = requested(client, engine, 9804)
    client.post(f"{base}/acknowledge", headers=NURSE_2380)
    direct = client.post(
        "/v1/care-requests", json=direct_care_request_body(9804), headers=HEALTH_CENTRE_23
    ).json()
    decide(engine, direct, NURSING_AND_DOCTOR)
    hospitals = client.get(base, headers=NURSE_2380).json()
    assert (hospitals["way_in"], hospitals["status"]) == ("hospital-discharge", "received")
    assert hospitals["discharge_id"] == accepted["discharge_id"]
    with Session(engine) as session:
        rows = session.exec(
            select(CareRequestRow).where(col(CareRequestRow.patient_ref) == accepted["patient_ref"])
        ).all()
    assert sorted(r.way_in for r in rows) == ["hospital-discharge", "primary-care"]


def test_answers_are_audited_and_a_changed_rejection_is_refused(client, engine) -> None:
    accepted, base = requested(client, engine, 9805)
    client.post(f"{base}/acknowledge", headers=NURSE_2380)
    reason: dict[str, Any] = {"reason_code": "patient_declined", "reason_text": "wants to wait"}
    assert client.post(f"{base}/reject", json=reason, headers=NURSE_2380).status_code == 200
    other = {**reason, "reason_text": "something else"}
    again = client.post(f"{base}/reject", json=other, headers=NURSE_2380)
    assert again.status_code == 409
    with Session(engine) as session:
        routes = {
            e.route
            for e in session.exec(
                select(AuditEntry).where(AuditEntry.patient_ref == accepted["patient_ref"])
            )
        }
        row = session.exec(
            select(CareRequestRow).where(col(CareRequestRow.patient_ref) == accepted["patient_ref"])
        ).one()
    assert "POST /v1/care-requests/{care_request_id}/reject" in routes
    assert row.version == 3, "one step per move: created 1, received 2, rejected 3"
