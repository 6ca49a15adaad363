"""Issue 7's hostile calls against referral, and the audit log an auditor reads per patient."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from handover_common.tables import AuditEntry
from referral.adapters.orm import StayRow
from sqlalchemy import Engine, func, text
from sqlmodel import Session, select

from tests.integration.test_follow_up_helpers import decide_for
from tests.support.identity import HOSPITAL_23, NURSE_2326, NURSE_2380, as_caller
from tests.support.people import discharge_body, synthetic_personnummer

pytestmark = pytest.mark.integration
HOSPITAL_21 = as_caller("region:21", "hospital-unit")


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def stored(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        tables = ("discharge", "patient", "stay", "outbox", "care_request")
        return tuple(
            session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables
        )


def test_without_a_token_nothing_is_filed(client, engine) -> None:
    before = stored(engine)
    anonymous = {"Authorization": ""}
    assert (
        client.post("/v1/discharges", json=discharge_body(7000), headers=anonymous).status_code
        == 401
    )
    admission = {
        "stay_id": "hostile-1",
        "patient": {
            "personnummer": synthetic_personnummer(7001),
            "registered_municipality_code": "2380",
        },
        "region_code": "23",
        "hospital_unit": "avd 5",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "notice_sent_at": "2026-11-12T09:30:00+01:00",
    }
    assert client.post("/v1/admissions", json=admission, headers=anonymous).status_code == 401
    assert stored(engine) == before


def test_a_region_files_only_for_itself(client, engine) -> None:
    before = stored(engine)
    response = client.post("/v1/discharges", json=discharge_body(7002, region_code="21"))
    assert response.status_code == 403
    assert response.json()["errors"][0] == {
        "field": "region_code",
        "rule": "ACCESS-SENDER",
        "message": "region:23 may not send for region 21",
    }
    assert stored(engine) == before


def test_nobody_but_the_sending_region_touches_a_stay(client, engine) -> None:
    """Issue 7: municipality 2326 cancelled region 23's readiness and moved its payment clock."""
    admission = {
        "stay_id": "hostile-2",
        "patient": {
            "personnummer": synthetic_personnummer(7003),
            "registered_municipality_code": "2380",
        },
        "region_code": "23",
        "hospital_unit": "avd 5",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "notice_sent_at": "2026-11-12T09:30:00+01:00",
    }
    assert client.post("/v1/admissions", json=admission).status_code == 202
    ready = {"ready_at": "2026-11-18T09:00:00+01:00", "notice_sent_at": "2026-11-18T10:00:00+01:00"}
    assert client.post("/v1/stays/hostile-2/ready", json=ready).status_code == 202
    before = stored(engine)
    cancel = {"cancelled_at": "2026-11-18T12:00:00+01:00", "reason": "fever"}
    path = "/v1/stays/hostile-2/readiness-cancellation"
    assert client.post(path, json=cancel, headers=NURSE_2326).status_code == 403
    assert client.post(path, json=cancel, headers=HOSPITAL_21).status_code == 404
    assert stored(engine) == before
    with Session(engine) as session:
        stay = session.get(StayRow, "hostile-2")
        assert stay is not None and stay.readiness_cancelled_at is None


def test_an_auditor_reads_who_read_a_patient(client, engine) -> None:
    accepted = client.post("/v1/discharges", json=discharge_body(7004)).json()
    ref = accepted["patient_ref"]
    reader = as_caller("region:23", "health-centre", person="SE2321000016-P000000000077")
    assert (
        client.get(f"/v1/discharges/{accepted['discharge_id']}", headers=reader).status_code == 200
    )
    assert (
        client.get(f"/v1/discharges/{accepted['discharge_id']}", headers=HOSPITAL_21).status_code
        == 404
    )

    platform = client.get(
        "/v1/audit", params={"patient_ref": ref}, headers=as_caller("operator:drift", "auditor")
    )
    assert platform.status_code == 200
    entries = platform.json()["items"]
    assert platform.json()["total"] == 2
    assert [(e["organisation"], e["outcome"]) for e in entries] == [
        ("region:23", "allowed"),
        ("region:21", "refused"),
    ]
    assert entries[0]["person"] == "SE2321000016-P000000000077"
    assert entries[0]["role"] == "health-centre"
    assert entries[0]["route"] == "GET /v1/discharges/{discharge_id}"

    own = client.get(
        "/v1/audit", params={"patient_ref": ref}, headers=as_caller("region:21", "auditor")
    )
    assert [e["outcome"] for e in own.json()["items"]] == ["refused"]
    with Session(engine) as session:
        audited_audits = session.exec(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.route == "GET /v1/audit")
        ).one()
    assert audited_audits == 2, "reading the audit log is itself a read of patient data"


def test_the_audit_log_takes_only_a_pseudonym(client) -> None:
    auditor = as_caller("operator:drift", "auditor")
    response = client.get("/v1/audit", params={"patient_ref": "19121212-1212"}, headers=auditor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "PATIENT-REF"


def test_a_municipality_list_read_is_audited_for_each_patient(client, engine) -> None:
    """Its own care request in the list: one audit row for its patient, by the municipality."""
    answer = client.post("/v1/discharges", json=discharge_body(9781), headers=HOSPITAL_23)
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    decide_for(engine, accepted, "2380")
    with Session(engine) as session:
        before = session.exec(select(func.count()).select_from(AuditEntry)).one()
    assert client.get("/v1/care-requests", headers=NURSE_2380).status_code == 200
    with Session(engine) as session:
        rows = session.exec(select(AuditEntry).offset(before)).all()
    assert rows and all(r.route == "GET /v1/care-requests" for r in rows)
    assert {r.organisation for r in rows} == {"municipality:2380"}
    assert [r.patient_ref for r in rows].count(accepted["patient_ref"]) == 1
