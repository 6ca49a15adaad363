"""Work reports over HTTP and Kafka, stored and billed once (issue 4, item 2)."""

from __future__ import annotations

import pytest
from billing.adapters.orm import WorkReportRow
from billing.service_layer.handlers import EVENT_HANDLERS
from handover_common.inbox import PermanentFailure, apply_once
from handover_common.kafka import start_producer
from handover_common.tables import OutboxMessage
from handover_contracts import Topics, encode, wrap
from handover_contracts.billing_events import WorkReported
from sqlmodel import Session, select

from tests.integration.billing.conftest import (
    OSTERSUND,
    OSTERSUND_NURSE,
    REGION,
    outbox,
    rental,
    run_month,
)
from tests.support.databases import count
from tests.support.identity import OPERATIONS
from tests.support.kafka import eventually
from tests.support.people import synthetic_personnummer

pytestmark = pytest.mark.integration


def test_invalid_reports_name_field_and_rule_and_store_nothing(client, engine) -> None:
    body = rental("wr-bad", performer_code="9999", ended_at="2026-03-02T08:00:00+01:00")
    response = client.post("/v1/work-reports", json=body, headers=OSTERSUND)
    assert response.status_code == 422
    assert {(e["field"], e["rule"]) for e in response.json()["errors"]} == {
        ("performer_code", "WORK-PARTY"),
        ("ended_at", "WORK-TIMES"),
    }
    naive = client.post(
        "/v1/work-reports",
        json=rental("wr-bad", started_at="2026-03-02T09:00:00"),
        headers=OSTERSUND,
    )
    assert naive.json()["errors"][0]["field"] == "started_at"
    with Session(engine) as session:
        assert session.get(WorkReportRow, "wr-bad") is None


def test_a_report_posted_twice_is_stored_emitted_and_billed_once(client, engine) -> None:
    body = rental("wr-twice", day="2026-01-13")
    first = client.post("/v1/work-reports", json=body, headers=OSTERSUND)
    second = client.post("/v1/work-reports", json=body, headers=OSTERSUND)
    assert (first.status_code, first.json()["status"]) == (201, "stored")
    assert (second.status_code, second.json()["status"]) == (200, "duplicate")
    changed = client.post(
        "/v1/work-reports", json={**body, "travel_minutes": 90}, headers=OSTERSUND
    )
    assert changed.status_code == 409
    assert changed.json()["errors"][0]["field"] == "report_id"
    assert changed.json()["errors"][0]["rule"] == "WORK-REDELIVERY"
    emitted = [p for p in outbox(engine, "work.reported") if p["report_id"] == "wr-twice"]
    assert len(emitted) == 1
    run = run_month(client, "2026-01", "2026-02-03")
    (invoice,) = run["invoices"]
    assert invoice["total"] == "1317.12"  # 2 started hours × 658.56 (JH-RENT-DAY, VPI 2026)
    assert run_month(client, "2026-01", "2026-02-04")["invoices"] == []


def test_someone_else_cannot_report_a_performers_work(client, engine) -> None:
    before = count(engine, WorkReportRow), count(engine, OutboxMessage)
    response = client.post("/v1/work-reports", json=rental("wr-forged"), headers=REGION)
    assert response.status_code == 403
    assert response.json()["errors"][0]["rule"] == "ACCESS-PERFORMER"
    operations = client.post("/v1/work-reports", json=rental("wr-forged"), headers=OPERATIONS)
    assert (operations.status_code, operations.json()["errors"][0]["rule"]) == (
        403,
        "ACCESS-ROLE",
    )
    assert (count(engine, WorkReportRow), count(engine, OutboxMessage)) == before


def test_a_personnummer_as_patient_ref_is_refused_and_stored_nowhere(client, engine) -> None:
    personnummer = synthetic_personnummer(3)
    before = count(engine, WorkReportRow), count(engine, OutboxMessage)
    body = rental("wr-pnr", patient_ref=personnummer)
    response = client.post("/v1/work-reports", json=body, headers=OSTERSUND_NURSE)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["rule"]) == ("patient_ref", "PATIENT-REF")
    assert personnummer not in response.text
    assert (count(engine, WorkReportRow), count(engine, OutboxMessage)) == before


def _event(report: WorkReported):
    key = report.patient_ref or report.report_id
    return wrap(report, producer="municipality-system", partition_key=key, correlation_id="c")


def test_the_same_report_by_kafka_and_by_api_is_one_row(client, engine) -> None:
    body = rental("wr-both", day="2026-02-10")
    report = WorkReported.model_validate(body)
    assert apply_once(engine, "billing", _event(report), EVENT_HANDLERS) == "applied"
    assert apply_once(engine, "billing", _event(report), EVENT_HANDLERS) == "applied"
    posted = client.post("/v1/work-reports", json=body, headers=OSTERSUND)
    assert (posted.status_code, posted.json()["status"]) == (200, "duplicate")
    with Session(engine) as session:
        rows = session.exec(select(WorkReportRow).where(WorkReportRow.report_id == "wr-both"))
        assert [row.received_via for row in rows] == ["event"]
    changed = report.model_copy(update={"intervention_minutes": 200})
    with pytest.raises(PermanentFailure, match="other content"):
        apply_once(engine, "billing", _event(changed), EVENT_HANDLERS)
    (invoice,) = run_month(client, "2026-02", "2026-03-03")["invoices"]
    lines = client.get(f"/v1/invoices/{invoice['invoice_id']}", headers=REGION).json()["lines"]
    assert [line["source_ids"] for line in lines] == [["wr-both"]]


async def _produce(bootstrap: str, envelope) -> None:
    producer = await start_producer(bootstrap)
    try:
        await producer.send_and_wait(
            Topics.WORK, encode(envelope), key=envelope.partition_key.encode()
        )
    finally:
        await producer.stop()


def _stored(engine, report_id: str) -> bool:
    with Session(engine) as session:
        return session.get(WorkReportRow, report_id) is not None


async def test_work_reported_through_the_broker_is_consumed_once(client, engine, own_broker):
    body = rental("wr-kafka", day="2026-05-05")
    envelope = _event(WorkReported.model_validate(body))
    await _produce(own_broker.bootstrap_servers, envelope)
    await _produce(own_broker.bootstrap_servers, envelope)  # redelivered by the producer
    await eventually(lambda: _stored(engine, "wr-kafka"))
    posted = client.post("/v1/work-reports", json=body, headers=OSTERSUND)
    assert posted.json()["status"] == "duplicate"
    assert [p for p in outbox(engine, "work.reported") if p["report_id"] == "wr-kafka"] == []


def test_a_run_needing_a_missing_index_names_it_and_issues_nothing(client, engine) -> None:
    body = rental("wr-2027", day="2027-01-12", started_at="2027-01-12T09:00:00+01:00")
    assert client.post("/v1/work-reports", json=body, headers=OSTERSUND).status_code == 201
    before = len(outbox(engine, "invoice.issued"))
    response = client.post(
        "/v1/invoice-runs", json={"month": "2027-01", "issue_date": "2027-02-02"}, headers=OSTERSUND
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["rule"]) == ("index", "MissingIndex")
    assert "VPI" in error["message"] and "2027" in error["message"]
    assert len(outbox(engine, "invoice.issued")) == before
