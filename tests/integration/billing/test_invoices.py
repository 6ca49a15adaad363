"""A monthly run's invoices: one per stream, traceable lines, once only, parties only."""

from __future__ import annotations

from typing import Any

import pytest
from billing.adapters.invoice_tables import ImmutableInvoice, number_of
from billing.adapters.orm import BilledItemRow, InvoiceRow
from handover_common.tables import OutboxMessage
from sqlmodel import Session

from tests.integration.billing.april import SUPPLIERS, by_stream, report_and_run
from tests.integration.billing.conftest import (
    BERG,
    OSTERSUND,
    REGION,
    outbox,
    rental,
    run_month,
)
from tests.support.databases import count
from tests.support.identity import NURSE_2380, OPERATIONS, as_caller

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def april(client) -> dict[str, Any]:
    return report_and_run(client)


def test_each_stream_is_invoiced_and_every_line_names_its_report(client, april) -> None:
    streams = {
        (i["stream"], i["supplier"]["organisation"], i["buyer_reference"])
        for i in april["invoices"]
    }
    assert streams == {
        ("staff-rental", "municipality:2380", "Region Jämtland Härjedalen"),  # its own reference
        ("sight", "municipality:2380", "Syncentralen"),  # JH-SIGHT: the sight centre
        ("hearing", "municipality:2380", "Hörselvården"),  # and the hearing centre apart
        ("mt-service", "region:23", "Östersunds kommun"),
    }
    excluded = {(e["item_id"], e["rule_id"], e["reason"]) for e in april["exclusions"]}
    assert excluded == {
        ("apr-night", "JH-RENT-NIGHT", "outside-daytime"),
        ("apr-glasses", "JH-SIGHT", "task-not-listed"),
    }
    mt = client.get(f"/v1/invoices/{by_stream(april, 'mt-service')['invoice_id']}", headers=REGION)
    lines = [(line["source_ids"], line["amount"]) for line in mt.json()["lines"]]
    # JH-MT-VARIABLE counts travel once, as its cost: 80 min (not the 20 travel min) × 1155.57/60
    assert lines == [(["apr-mt"], "1540.76"), (["apr-mt"], "149.00")]
    assert "subject_ref" not in mt.json()["lines"][0]


def test_running_the_month_again_bills_nothing_twice(client, april) -> None:
    for supplier in SUPPLIERS:
        assert run_month(client, "2026-04", "2026-05-05", supplier)["invoices"] == []


def test_every_invoice_is_announced_in_the_outbox(engine, april) -> None:
    issued = {p["invoice_id"]: p for p in outbox(engine, "invoice.issued")}
    for invoice in april["invoices"]:
        event = issued[invoice["invoice_id"]]
        assert (event["total"], event["stream"]) == (invoice["total"], invoice["stream"])
    rental_event = issued[by_stream(april, "staff-rental")["invoice_id"]]
    assert (rental_event["supplier_code"], rental_event["customer_code"]) == ("2380", "23")


def test_other_organisations_see_nothing(client, april) -> None:
    invoice_id = by_stream(april, "staff-rental")["invoice_id"]
    assert client.get(f"/v1/invoices/{invoice_id}", headers=BERG).status_code == 404
    assert client.get("/v1/invoices?period=2026-04", headers=BERG).json()["items"] == []
    assert client.get("/v1/invoices/not-a-number", headers=REGION).status_code == 404
    assert client.get("/v1/invoices", headers=OPERATIONS).status_code == 403


@pytest.fixture(scope="module")
def july(client) -> None:
    """A billable July report, so a run that went through would store an invoice."""
    body = rental("jul-rent", day="2026-07-06")
    assert client.post("/v1/work-reports", json=body, headers=NURSE_2380).status_code == 201


@pytest.mark.parametrize(
    ("caller", "rule"),
    [
        (OPERATIONS, "ACCESS-ROLE"),  # operations changes no money
        (NURSE_2380, "ACCESS-ROLE"),
        (as_caller("municipality:0180", "finance"), "ACCESS-PARTY"),  # Stockholm: no agreement
    ],
)
def test_only_finance_of_a_billing_party_runs_invoicing(client, engine, july, caller, rule):
    before = count(engine, InvoiceRow), count(engine, BilledItemRow), count(engine, OutboxMessage)
    for path in ("", "/payment-clock"):
        body = {"month": "2026-07", "issue_date": "2026-08-03"}
        refused = client.post(f"/v1/invoice-runs{path}", json=body, headers=caller)
        assert (refused.status_code, refused.json()["errors"][0]["rule"]) == (403, rule)
    after = count(engine, InvoiceRow), count(engine, BilledItemRow), count(engine, OutboxMessage)
    assert after == before


def test_a_suppliers_run_issues_only_its_own_invoices(client) -> None:
    """Östersund's finance bills its rental; the region's MT job waits for the region's run."""
    day = "2026-06-09"
    mt_job = rental(
        "jun-mt",
        day=day,
        kind="mt-service",
        performer_code="23",
        counterparty_code="2380",
        responsible_code="2380",
        task_type="pump-service",
    )
    assert client.post("/v1/work-reports", json=mt_job, headers=REGION).status_code == 201
    assert (
        client.post(
            "/v1/work-reports", json=rental("jun-rent", day=day), headers=NURSE_2380
        ).status_code
        == 201
    )
    ostersund = run_month(client, "2026-06", "2026-07-02", OSTERSUND)
    assert [(i["stream"], i["supplier"]["organisation"]) for i in ostersund["invoices"]] == [
        ("staff-rental", "municipality:2380")
    ]
    assert run_month(client, "2026-06", "2026-07-02", BERG)["invoices"] == []
    region = run_month(client, "2026-06", "2026-07-03", REGION)
    assert [(i["stream"], i["supplier"]["organisation"]) for i in region["invoices"]] == [
        ("mt-service", "region:23")
    ]


def test_an_issued_invoice_cannot_be_changed_in_the_database(engine, april) -> None:
    number = number_of(april["invoices"][0]["invoice_id"])
    with Session(engine) as session, pytest.raises(ImmutableInvoice):
        row = session.get(InvoiceRow, number)
        assert row is not None
        row.total = "0.00"
        session.add(row)
        session.commit()
