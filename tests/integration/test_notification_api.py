"""Notification on SQLite and PostgreSQL: notices per audience, the operations dashboard."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_batch, apply_once
from handover_common.tables import InboxEntry
from handover_contracts import wrap
from handover_contracts.billing_events import InvoiceIssued
from handover_contracts.events import (
    CareRequestAccepted,
    CareRequestAcknowledged,
    CareRequestCreated,
)
from notification.adapters.delivery_tables import FeedEntryRow
from notification.adapters.orm import NoticeRow
from notification.bootstrap import bootstrap
from notification.service_layer.handlers import EVENT_HANDLERS
from notification.settings import NotificationSettings
from pydantic import ValidationError
from sqlmodel import Session, col, select

from tests.support.identity import NURSE_2380, OPERATIONS, as_caller
from tests.support.people import patient_ref
from tests.support.statements import statements_sent

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(module_database_url: str, broker) -> Iterator[TestClient]:
    settings = NotificationSettings(
        database_url=module_database_url, kafka_bootstrap_servers=broker.bootstrap_servers
    )
    with TestClient(bootstrap(settings)) as running:
        yield running


def deliver(client: TestClient, payload) -> None:
    key = getattr(payload, "patient_ref", None) or "-"
    envelope = wrap(payload, producer="referral", partition_key=key, correlation_id="c")
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    assert apply_once(engine, "notification", envelope, EVENT_HANDLERS) == "applied"


def created(municipality: str) -> CareRequestCreated:
    return CareRequestCreated(
        care_request_id=uuid.uuid4(),
        discharge_id=uuid.uuid4(),
        decision_id=uuid.uuid4(),
        patient_ref=patient_ref(),
        municipality_code=municipality,
        components=["nursing"],
    )


def test_each_organisation_sees_its_own_notices(client) -> None:
    mine, theirs = created("2380"), created("2326")
    deliver(client, mine)
    deliver(client, theirs)
    # the module's notification also consumes what other tests publish on the shared broker
    created_only = {"event_type": "care-request.created", "limit": 1000}
    own = client.get("/v1/events/recent", params=created_only, headers=NURSE_2380).json()["items"]
    refs = {n["patient_ref"] for n in own}
    assert mine.patient_ref in refs and theirs.patient_ref not in refs
    ops = client.get("/v1/events/recent", params=created_only, headers=OPERATIONS).json()["items"]
    assert {mine.patient_ref, theirs.patient_ref} <= {n["patient_ref"] for n in ops}


def test_the_dashboard_lists_care_requests_until_accepted(client) -> None:
    """An acknowledgement is not an answer (issue 12 section 3); tests/integration/
    test_dashboard.py has the rest of the dashboard."""
    request = created("2321")
    deliver(client, request)
    ops = OPERATIONS

    def waiting() -> set[str]:
        board = client.get("/v1/dashboard", headers=ops).json()
        return {w["care_request_id"] for w in board["care_requests"]["unanswered"]}

    assert str(request.care_request_id) in waiting()
    same = {"care_request_id": request.care_request_id, "patient_ref": request.patient_ref}
    deliver(client, CareRequestAcknowledged(**same, municipality_code="2321"))
    assert str(request.care_request_id) in waiting()
    deliver(client, CareRequestAccepted(**same, municipality_code="2321"))
    assert str(request.care_request_id) not in waiting()


def test_the_dashboard_page_is_served_and_streams(client) -> None:
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "/v1/dashboard/stream" in page.text and "text/event-stream" in page.text


def test_a_schema_invalid_event_is_refused_not_stored(client) -> None:
    """Issue 10 (finding 6): `{"bogus": 1}` as a care-request.created became a notice."""
    valid = wrap(created("2380"), producer="x", partition_key=patient_ref(), correlation_id="c")
    bogus = valid.model_copy(update={"payload": {"bogus": 1}, "event_id": uuid.uuid4()})
    engine = client.app.state.runtime.engine
    with pytest.raises(ValidationError):
        apply_once(engine, "notification", bogus, EVENT_HANDLERS)
    with Session(engine) as session:
        stored = session.exec(select(NoticeRow).where(NoticeRow.event_id == bogus.event_id))
        assert stored.all() == []
        assert session.get(InboxEntry, ("notification", bogus.event_id)) is None


def test_finance_of_the_paying_party_sees_its_invoice_notice(client) -> None:
    """Issue 12: invoice notices went to `customer:23`, which no caller can be."""
    invoice = InvoiceIssued(
        invoice_id=f"INV-{uuid.uuid4().hex[:8]}",
        document_type="invoice",
        supplier_code="2380",
        customer_code="23",
        stream="rental-day",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        issued_on=date(2026, 12, 1),
        total=Decimal("1317.12"),
        line_count=2,
    )
    deliver(client, invoice)
    finance_23 = as_caller("region:23", "finance")
    seen = client.get(
        "/v1/events/recent", params={"event_type": "invoice.issued"}, headers=finance_23
    )
    assert seen.status_code == 200, seen.text
    assert [n["audience"] for n in seen.json()["items"]] == ["region:23"]
    assert "check and pay" in seen.json()["items"][0]["action"]


def test_a_batch_stores_its_notices_in_one_statement_each_with_its_own_feed_entry(
    client,
) -> None:
    """Issue 11: a batch's notices are one INSERT, their ids matched back by event and audience;
    every notice then has its feed entry for its own audience."""
    engine = client.app.state.runtime.engine
    payloads = [created(code) for code in ("2380", "2326", "2380", "2361")]
    batch = [
        wrap(p, producer="referral", partition_key=p.patient_ref, correlation_id="c")
        for p in payloads
    ]
    with statements_sent(engine) as statements:
        assert apply_batch(engine, "notification", batch, EVENT_HANDLERS) == ["applied"] * 4
    assert len([s for s in statements if s.startswith("INSERT INTO notice ")]) == 1
    ids = [e.event_id for e in batch]
    with Session(engine) as session:
        notices = session.exec(select(NoticeRow).where(col(NoticeRow.event_id).in_(ids))).all()
        entries = {e.notice_id: e.audience for e in session.exec(select(FeedEntryRow))}
    assert len(notices) >= len(batch)  # one an audience: the municipality and the region
    assert all(n.id is not None and entries[n.id] == n.audience for n in notices)
