"""`POST /v1/discharges/batch` on SQLite and PostgreSQL: each discharge answered as
`POST /v1/discharges` would answer it alone, in a transaction of its own."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.tables import OutboxMessage
from referral.adapters.orm import DischargeRow, PatientRow
from referral.entrypoints.intake.schemas import MAX_BATCH
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

from tests.support.databases import count
from tests.support.identity import NURSE_2380
from tests.support.outbox import published
from tests.support.people import discharge_body, synthetic_personnummer

pytestmark = pytest.mark.integration
BATCH = "/v1/discharges/batch"


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, but the audit log and the inbox (the session's broker is shared: other
    modules' decisions may arrive, and leave only their inbox row here)."""
    tables = [t for t in inspect(engine).get_table_names() if t not in {"audit_log", "inbox"}]
    with Session(engine) as session:
        return {
            t: session.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables
        }


def mixed_batch(first: int) -> list[Any]:
    """Every kind of answer, each discharge with its own message id (patients from `first`)."""
    valid = discharge_body(first, message_id=str(uuid.uuid4()))
    without_medication_list = discharge_body(first + 2, message_id=str(uuid.uuid4()))
    del without_medication_list["medication_list"]
    return [
        valid,
        discharge_body(first + 1, message_id=str(uuid.uuid4()), region_code="Jämtland"),
        without_medication_list,
        discharge_body(first + 3, message_id=str(uuid.uuid4()), region_code="01"),
        discharge_body(first + 4, message_id=valid["message_id"]),  # same id, other content
        discharge_body(first + 5, message_id=str(uuid.uuid4())),
        "not a discharge",
    ]


def test_a_mixed_batch_is_answered_item_by_item(client, engine) -> None:
    batch = mixed_batch(3000)
    before = {t: count(engine, t) for t in (DischargeRow, OutboxMessage, PatientRow)}

    response = client.post(BATCH, json={"discharges": batch})

    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["accepted"], answer["refused"]) == (2, 5)
    results = answer["results"]
    assert [r["index"] for r in results] == list(range(len(batch)))
    assert [r["status"] for r in results] == [202, 422, 422, 403, 409, 202, 422]
    fields = [{(e["field"], e["rule"]) for e in r["errors"]} for r in results]
    assert fields[0] == fields[5] == set()
    assert fields[1] == {("discharges.1.region_code", "GEN-RES")}
    assert fields[2] == {
        ("discharges.2.medication_list.reference", "CR-CONTENT-MEDICATION"),
        ("discharges.2.medication_list.established_on", "CR-CONTENT-MEDICATION"),
        ("discharges.2.medication_list.established_by.name", "CR-CONTENT-MEDICATION"),
    }
    assert fields[3] == {("discharges.3.region_code", "ACCESS-SENDER")}
    assert fields[4] == {("discharges.4.message_id", "MESSAGE-ID")}
    assert fields[6] == {("discharges.6", "model_type")}
    for refused in (1, 2, 3, 4, 6):
        assert results[refused]["discharge_id"] is None
        assert results[refused]["patient_ref"] is None

    # accepted ones stored, each with one patient.discharged; refused ones nothing
    after = {t: count(engine, t) for t in (DischargeRow, OutboxMessage, PatientRow)}
    assert {t: after[t] - before[t] for t in after} == {
        DischargeRow: 2,
        OutboxMessage: 2,
        PatientRow: 2,
    }
    with Session(engine) as session:
        for accepted in (results[0], results[5]):
            row = session.get(DischargeRow, uuid.UUID(accepted["discharge_id"]))
            assert row is not None
            assert row.patient_ref == accepted["patient_ref"]
            events = published(engine, accepted["patient_ref"], "patient.discharged")
            assert [e["discharge_id"] for e in events] == [accepted["discharge_id"]]
    assert (
        results[0]["outcome"]
        == client.get(f"/v1/discharges/{results[0]['discharge_id']}").json()["outcome"]
    )


def test_each_refused_discharge_answers_as_it_would_alone(client, engine) -> None:
    batch = mixed_batch(3100)
    results = client.post(BATCH, json={"discharges": batch}).json()["results"]
    before = row_counts(engine)
    for index in (1, 2, 3, 4):
        alone = client.post("/v1/discharges", json=batch[index])
        assert alone.status_code == results[index]["status"]
        prefix = f"discharges.{index}."
        in_batch = [
            {**e, "field": e["field"].removeprefix(prefix)} for e in results[index]["errors"]
        ]
        assert alone.json()["errors"] == in_batch
    assert row_counts(engine) == before


def test_the_same_batch_again_answers_as_before_and_stores_nothing(client, engine) -> None:
    batch = mixed_batch(3200)
    first = client.post(BATCH, json={"discharges": batch}).json()
    before = row_counts(engine)

    again = client.post(BATCH, json={"discharges": batch}).json()

    assert (again["accepted"], again["refused"]) == (first["accepted"], first["refused"])
    # the outcome may move on once responsibility has decided: everything else is as before
    assert [{**r, "outcome": None} for r in again["results"]] == [
        {**r, "outcome": None} for r in first["results"]
    ]
    assert row_counts(engine) == before


def test_a_discharge_refused_after_its_first_writes_leaves_nothing(client, engine) -> None:
    stay = f"VT-{uuid.uuid4().hex[:8]}"
    admission = {
        "stay_id": stay,
        "patient": {
            "personnummer": synthetic_personnummer(3300),
            "registered_municipality_code": "2380",
        },
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "notice_sent_at": "2026-11-12T14:00:00+01:00",
    }
    assert client.post("/v1/admissions", json=admission).status_code == 202
    before = row_counts(engine)
    # another patient's discharge naming that stay: the patient is remembered, then refused
    others_stay = discharge_body(3301, stay_id=stay, message_id=str(uuid.uuid4()))

    answer = client.post(BATCH, json={"discharges": [others_stay]}).json()

    assert answer["results"][0]["status"] == 409
    assert answer["results"][0]["errors"][0]["field"] == "discharges.0.stay_id"
    assert answer["results"][0]["errors"][0]["rule"] == "STAY-ID"
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ({"discharges": []}, "too_short"),
        ({"discharges": [{}] * (MAX_BATCH + 1)}, "too_long"),
        ({"discharges": {"0": {}}}, "list_type"),
        ({}, "missing"),
    ],
    ids=["empty", "too-many", "not-a-list", "absent"],
)
def test_a_wrong_envelope_is_refused_whole(client, engine, body, rule) -> None:
    before = row_counts(engine)
    response = client.post(BATCH, json=body)
    assert response.status_code == 422, response.text
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [("discharges", rule)]
    assert row_counts(engine) == before


def test_a_batch_above_the_body_limit_is_refused_whole(client, engine) -> None:
    """A discharge weighs 2.5 to 2.8 KB as JSON: MAX_BATCH of them fit in the 2 MB a batch
    route takes (a single discharge: 256 KB); 900 do not."""
    batch = [discharge_body(3400 + i, message_id=str(uuid.uuid4())) for i in range(900)]
    before = row_counts(engine)
    response = client.post(BATCH, json={"discharges": batch})
    assert response.status_code == 413
    assert response.json()["errors"][0]["rule"] == "BODY-SIZE"
    assert row_counts(engine) == before


def test_a_municipal_nurse_may_not_send_discharges(client, engine) -> None:
    before = row_counts(engine)
    body = {"discharges": [discharge_body(3500, message_id=str(uuid.uuid4()))]}
    response = client.post(BATCH, json=body, headers=NURSE_2380)
    assert response.status_code == 403
    assert response.json()["errors"][0]["rule"] == "ACCESS-ROLE"
    assert row_counts(engine) == before
