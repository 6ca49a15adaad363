"""One billing service per module and database kind, each on its own embedded broker.

The service consumes the topics it also publishes to (work.reported); with the session's
shared broker, the SQLite instance's events would reach the PostgreSQL instance of the same
consumer group. A broker per instance (the same Tansu broker, ~30 ms to start) keeps each
database's run to its own reports, as in production where one billing owns its topics.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from billing.bootstrap import bootstrap
from billing.settings import BillingSettings
from fastapi.testclient import TestClient
from handover_common.broker import EmbeddedBroker, free_port
from handover_common.tables import AuditEntry, OutboxMessage
from handover_contracts import decode
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.support.identity import NURSE_2380, as_caller
from tests.support.people import patient_ref

REGION = as_caller("region:23", "finance")
"""Finance of Region Jämtland Härjedalen: runs the region's outgoing invoices."""
OSTERSUND = as_caller("municipality:2380", "finance")
BERG = as_caller("municipality:2326", "finance")
GAVLEBORG = as_caller("region:21", "finance")
OSTERSUND_NURSE = NURSE_2380
"""A nurse of Östersund: reports the municipality's work."""


@pytest.fixture(scope="module")
def own_broker(module_database_url: str) -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker(port=free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def client(module_database_url: str, own_broker: EmbeddedBroker) -> Iterator[TestClient]:
    settings = BillingSettings(
        database_url=module_database_url, kafka_bootstrap_servers=own_broker.bootstrap_servers
    )
    with TestClient(bootstrap(settings)) as running:
        yield running


@pytest.fixture
def engine(client: TestClient) -> Engine:
    return client.app.state.runtime.engine  # type: ignore[attr-defined, no-any-return]


def audit_rows(engine: Engine, patient_ref: str) -> list[tuple[str, str, str]]:
    """(organisation, route, outcome) of each audit row about one patient, oldest first."""
    query = select(AuditEntry).where(AuditEntry.patient_ref == patient_ref)
    with Session(engine) as session:
        rows = session.exec(query.order_by(col(AuditEntry.id)))
        return [(row.organisation, row.route, row.outcome) for row in rows]


def outbox(engine: Engine, event_type: str) -> list[dict[str, Any]]:
    """Payloads of the outbox events of one type, oldest first."""
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.event_type == event_type))
        return [decode(row.body).payload for row in rows]


def rental(report_id: str, day: str = "2026-03-02", **changes: Any) -> dict[str, Any]:
    """Östersund's nurse working for the region in daytime (JH-RENT-DAY): 100 min → 2 h."""
    return {
        "report_id": report_id,
        "kind": "staff-rental",
        "performer_code": "2380",
        "counterparty_code": "23",
        "responsible_code": "23",
        "patient_ref": patient_ref(report_id),
        "task_type": "wound-care",
        "started_at": f"{day}T09:00:00+01:00",
        "ended_at": f"{day}T10:30:00+01:00",
        "intervention_minutes": 60,
        "administration_minutes": 15,
        "reporting_back_minutes": 5,
        "travel_minutes": 20,
        **changes,
    }


def run_month(
    client: TestClient, month: str, issue_date: str, supplier: dict[str, str] = OSTERSUND
) -> dict[str, Any]:
    """The month's invoices one supplier issues (by default Östersund, the rentals' performer)."""
    response = client.post(
        "/v1/invoice-runs", json={"month": month, "issue_date": issue_date}, headers=supplier
    )
    assert response.status_code == 200, response.json()
    body: dict[str, Any] = response.json()
    return body
