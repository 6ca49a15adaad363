"""Referral's HTTP API on SQLite and PostgreSQL with the real broker running."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_batch, apply_once
from handover_common.tables import AuditEntry, OutboxMessage
from handover_contracts import Envelope, decode, wrap
from handover_contracts.events import (
    ComponentResponsibility,
    DecisionReason,
    ResponsibilityDecided,
)
from referral.adapters.orm import CareRequestRow, DischargeRow, PatientRow
from referral.service_layer.handlers import EVENT_HANDLERS
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.support.databases import count
from tests.support.identity import HOSPITAL_23, NURSE_2326, NURSE_2380
from tests.support.people import discharge_body, synthetic_personnummer
from tests.support.statements import statements_sent

pytestmark = pytest.mark.integration
MUNICIPALITY = NURSE_2380
MUNI = {"kind": "municipality", "code": "2380"}
REGION = {"kind": "region", "code": "23", "unit": "health_centre"}


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


def test_bad_input_names_every_field_and_rule_and_stores_nothing(client, engine) -> None:
    before = (count(engine, DischargeRow), count(engine, OutboxMessage), count(engine, PatientRow))
    body = discharge_body(
        900,
        patient={"personnummer": "19121212-1213", "registered_municipality_code": "238"},
        region_code="Jämtland",
        discharged_at="2026-11-20T10:00:00",
        care={"needs": {"components": []}, "cfs": 0, "expected_need_days": -1},
    )
    response = client.post("/v1/discharges", json=body)
    assert response.status_code == 422
    errors = {e["field"]: e["rule"] for e in response.json()["errors"]}
    assert errors == {
        "patient.personnummer": "PNR-FORMAT",
        "patient.registered_municipality_code": "GEN-RES",
        "region_code": "GEN-RES",
        "care.cfs": "JH-OB-3",
        "care.expected_need_days": "JH-OB-2",
        "care.needs.components": "too_short",
        "discharged_at": "timezone_aware",
    }
    after = (count(engine, DischargeRow), count(engine, OutboxMessage), count(engine, PatientRow))
    assert after == before


def test_an_unknown_field_is_refused_by_name(client) -> None:
    response = client.post("/v1/discharges", json=discharge_body(901, ward_phone="123"))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "ward_phone",
            "rule": "extra_forbidden",
            "message": "Extra inputs are not permitted",
        }
    ]


def test_a_repeated_message_id_is_stored_once(client, engine) -> None:
    body = discharge_body(902, message_id=str(uuid.uuid4()))
    first = client.post("/v1/discharges", json=body)
    before = count(engine, OutboxMessage)
    second = client.post("/v1/discharges", json=body)
    assert first.status_code == second.status_code == 202
    assert first.json()["discharge_id"] == second.json()["discharge_id"]
    assert count(engine, OutboxMessage) == before


def test_the_event_carries_a_pseudonym_and_never_the_personnummer(client, engine) -> None:
    response = client.post("/v1/discharges", json=discharge_body(903))
    ref = response.json()["patient_ref"]
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.partition_key == ref)).one()
    number = synthetic_personnummer(903)
    assert number.encode() not in row.body
    assert number.replace("-", "").encode() not in row.body
    event = decode(row.body)
    assert event.event_type == "patient.discharged"
    assert event.payload["patient_ref"] == ref
    assert event.payload["age_years"] == 88


def decided_for(discharge_id: str, ref: str) -> ResponsibilityDecided:
    return ResponsibilityDecided(
        decision_id=uuid.uuid4(),
        discharge_id=uuid.UUID(discharge_id),
        patient_ref=ref,
        source_event_id=uuid.uuid4(),
        agreement_id="JH-2026",
        agreement_version="2026.1",
        decided_on=date(2026, 11, 20),
        municipality_code="2380",
        components=[
            ComponentResponsibility.model_validate(
                {
                    "component": "nursing",
                    "status": "decided",
                    "responsible": MUNI,
                    "performer": MUNI,
                    "cost_bearer": MUNI,
                    "rule_ids": ["JH-OB"],
                }
            ),
            ComponentResponsibility.model_validate(
                {
                    "component": "physician",
                    "status": "decided",
                    "responsible": REGION,
                    "performer": REGION,
                    "cost_bearer": REGION,
                    "rule_ids": ["GEN-DOC"],
                }
            ),
        ],
        rule_ids=["GEN-DOC", "JH-OB-1"],
    )


@pytest.fixture
def care_request_id(client, engine) -> str:
    accepted = client.post("/v1/discharges", json=discharge_body(904 + uuid.uuid4().int % 50))
    decided = decided_for(accepted.json()["discharge_id"], accepted.json()["patient_ref"])
    envelope = wrap(
        decided, producer="responsibility", partition_key=decided.patient_ref, correlation_id="c"
    )
    assert apply_once(engine, "referral", envelope, EVENT_HANDLERS) == "applied"
    with Session(engine) as session:
        row = session.exec(
            select(CareRequestRow).where(CareRequestRow.decision_id == decided.decision_id)
        ).one()
    assert row.components == ["nursing"]
    return str(row.id)


def test_the_municipality_walks_the_lifecycle(client, engine, care_request_id) -> None:
    base = f"/v1/care-requests/{care_request_id}"
    too_early = client.post(f"{base}/accept", headers=MUNICIPALITY)
    assert too_early.status_code == 409
    assert too_early.json()["errors"][0] == {
        "field": "status",
        "rule": "CR-LIFECYCLE",
        "message": "a care request that is requested cannot become accepted",
    }
    assert client.post(f"{base}/acknowledge", headers=MUNICIPALITY).json()["status"] == ("received")
    assert client.post(f"{base}/accept", headers=MUNICIPALITY).json()["status"] == "accepted"
    enrolled = client.post(
        f"{base}/enrol", json={"enrolled_on": "2026-11-21"}, headers=MUNICIPALITY
    )
    assert enrolled.json()["status"] == "in-progress"
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))
        types = [decode(r.body).event_type for r in rows]
    lifecycle = [t for t in types if not t.startswith("deadline.")]  # the watch sweeps meanwhile
    assert lifecycle[-3:] == [
        "care-request.acknowledged",
        "care-request.accepted",
        "homecare.enrolled",
    ]


def test_a_rejection_needs_a_coded_reason(client, care_request_id) -> None:
    base = f"/v1/care-requests/{care_request_id}"
    client.post(f"{base}/acknowledge", headers=MUNICIPALITY)
    missing = client.post(f"{base}/reject", json={"reason_code": "because"}, headers=MUNICIPALITY)
    assert {e["field"] for e in missing.json()["errors"]} == {"reason_code", "reason_text"}
    rejected = client.post(
        f"{base}/reject",
        json={"reason_code": "missing_information", "reason_text": "no medication list"},
        headers=MUNICIPALITY,
    )
    assert rejected.json()["status"] == "rejected"


def test_other_organisations_neither_see_nor_answer(client, engine, care_request_id) -> None:
    other = NURSE_2326
    base = f"/v1/care-requests/{care_request_id}"
    assert client.get(base, headers=other).status_code == 404
    assert client.post(f"{base}/acknowledge", headers=other).status_code == 404
    assert client.post(f"{base}/acknowledge", headers=HOSPITAL_23).status_code == 403
    assert care_request_id not in {
        r["id"] for r in client.get("/v1/care-requests", headers=other).json()["items"]
    }
    audits = count(engine, AuditEntry)
    assert client.get(base, headers=MUNICIPALITY).status_code == 200
    assert client.get(base, headers=HOSPITAL_23).status_code == 200
    assert count(engine, AuditEntry) == audits + 2


def test_an_undecidable_discharge_says_which_field_to_correct(client, engine) -> None:
    from handover_contracts.events import ResponsibilityUndecidable

    accepted = client.post("/v1/discharges", json=discharge_body(960)).json()
    told = ResponsibilityUndecidable(
        discharge_id=accepted["discharge_id"],
        patient_ref=accepted["patient_ref"],
        source_event_id=uuid.uuid4(),
        region_code="23",
        municipality_code="2380",
        field="care.cfs",
        rule="JH-OB-3",
        reason="CFS is needed",
    )
    envelope = wrap(
        told, producer="responsibility", partition_key=told.patient_ref, correlation_id="c"
    )
    assert apply_once(engine, "referral", envelope, EVENT_HANDLERS) == "applied"
    shown = client.get(f"/v1/discharges/{accepted['discharge_id']}", headers=HOSPITAL_23).json()
    assert shown["outcome"] == "undecidable"
    assert "care.cfs (JH-OB-3)" in shown["outcome_detail"]
    assert shown["care_request_id"] is None


def test_accepting_an_acute_request_confirms_it(client, engine) -> None:
    body = discharge_body(961, acute=True, acute_reason="infected wound: dressing needed today")
    accepted = client.post("/v1/discharges", json=body).json()
    decided = decided_for(accepted["discharge_id"], accepted["patient_ref"])
    envelope = wrap(
        decided, producer="responsibility", partition_key=decided.patient_ref, correlation_id="c"
    )
    apply_once(engine, "referral", envelope, EVENT_HANDLERS)
    listed = client.get("/v1/care-requests", headers=MUNICIPALITY).json()["items"]
    [request] = [r for r in listed if r["patient_ref"] == accepted["patient_ref"]]
    assert request["acute"] is True
    base = f"/v1/care-requests/{request['id']}"
    client.post(f"{base}/acknowledge", headers=MUNICIPALITY)
    client.post(f"{base}/accept", headers=MUNICIPALITY)
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.partition_key == accepted["patient_ref"])
            .order_by(col(OutboxMessage.id))
        )
        types = [decode(r.body).event_type for r in rows]
    lifecycle = [t for t in types if not t.startswith("deadline.")]  # the watch sweeps meanwhile
    assert lifecycle[-2:] == ["care-request.accepted", "care-request.acute-confirmed"]


def test_concurrent_repeats_of_one_message_all_get_the_first_answer(client, engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    body = discharge_body(962, message_id=str(uuid.uuid4()))
    before = count(engine, OutboxMessage)
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda _: client.post("/v1/discharges", json=body), range(6)))
    assert {r.status_code for r in responses} == {202}
    assert len({r.json()["discharge_id"] for r in responses}) == 1
    assert count(engine, OutboxMessage) == before + 1


def test_concurrent_repeats_of_one_admission_are_stored_once(client, engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.integration.test_referral_stays import admission

    body = admission(f"VT-{uuid.uuid4().hex[:8]}", 1005)
    before = count(engine, OutboxMessage)
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda _: client.post("/v1/admissions", json=body), range(6)))
    assert {r.status_code for r in responses} == {202}
    assert count(engine, OutboxMessage) == before + 1


def test_decisions_on_one_discharge_in_one_fetch_see_each_others_care_request(
    client, engine
) -> None:
    """Issue 11: a fetch is applied in one transaction, and the care-request lookup skips
    flushing the batch's pending rows — but not when this batch already gave the discharge a
    request. A first decision delivered twice makes one request; a superseding decision that
    hands nursing to the region withdraws it, all inside one batch."""
    accepted = client.post("/v1/discharges", json=discharge_body(960)).json()
    first = decided_for(accepted["discharge_id"], accepted["patient_ref"])
    again = first.model_copy(update={"decision_id": uuid.uuid4()})
    region_nursing = ComponentResponsibility.model_validate(
        {**first.components[0].model_dump(mode="json"), "performer": REGION, "responsible": REGION}
    )
    moved = first.model_copy(
        update={
            "decision_id": uuid.uuid4(),
            "supersedes": first.decision_id,
            "reason": DecisionReason.RE_EVALUATION,
            "components": [region_nursing, first.components[1]],
        }
    )
    batch = [
        wrap(d, producer="responsibility", partition_key=d.patient_ref, correlation_id="c")
        for d in (first, again, moved)
    ]
    assert apply_batch(engine, "referral", batch, EVENT_HANDLERS) == ["applied"] * 3
    with Session(engine) as session:
        discharge_id = uuid.UUID(accepted["discharge_id"])
        [request] = session.exec(
            select(CareRequestRow).where(CareRequestRow.discharge_id == discharge_id)
        ).all()
        discharge = session.get(DischargeRow, discharge_id)
    assert request.decision_id == first.decision_id
    assert request.status == "cancelled"
    assert discharge is not None and discharge.decision_id == moved.decision_id


def test_a_fetch_of_decisions_reads_its_discharges_and_requests_once(client, engine) -> None:
    """Issue 11: the decision handler's prefetch reads a batch's discharges and their care
    requests in one query each, however many decisions the fetch holds; each decision still
    acts on its own discharge — a new one gets its request, one whose request stands follows
    a superseding decision (here: nursing moves to the region, the request is withdrawn)."""
    stored = [client.post("/v1/discharges", json=discharge_body(970 + i)).json() for i in range(5)]
    earlier = decided_for(stored[0]["discharge_id"], stored[0]["patient_ref"])
    assert apply_once(engine, "referral", _wrapped(earlier), EVENT_HANDLERS) == "applied"
    region_nursing = ComponentResponsibility.model_validate(
        {
            **earlier.components[0].model_dump(mode="json"),
            "performer": REGION,
            "responsible": REGION,
        }
    )
    moved = earlier.model_copy(
        update={
            "decision_id": uuid.uuid4(),
            "supersedes": earlier.decision_id,
            "reason": DecisionReason.RE_EVALUATION,
            "components": [region_nursing, earlier.components[1]],
        }
    )
    fresh = [decided_for(s["discharge_id"], s["patient_ref"]) for s in stored[1:]]
    with statements_sent(engine) as statements:
        outcomes = apply_batch(
            engine, "referral", [_wrapped(d) for d in (moved, *fresh)], EVENT_HANDLERS
        )
    assert outcomes == ["applied"] * 5
    reads = [s for s in statements if s.upper().startswith("SELECT")]
    assert len([s for s in reads if "FROM discharge" in s]) == 1
    assert (
        len(
            [
                s
                for s in reads
                if "FROM care_request " in s or s.rstrip().endswith("FROM care_request")
            ]
        )
        == 1
    )
    with Session(engine) as session:
        for decided in fresh:
            [request] = session.exec(
                select(CareRequestRow).where(CareRequestRow.discharge_id == decided.discharge_id)
            ).all()
            assert (request.decision_id, request.status) == (decided.decision_id, "requested")
        [withdrawn] = session.exec(
            select(CareRequestRow).where(CareRequestRow.discharge_id == earlier.discharge_id)
        ).all()
    assert withdrawn.status == "cancelled"


def _wrapped(decided: ResponsibilityDecided) -> Envelope:
    return wrap(
        decided, producer="responsibility", partition_key=decided.patient_ref, correlation_id="c"
    )
