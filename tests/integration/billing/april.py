"""April 2026: one report of each kind (and two that are not billable), invoiced in one run."""

from __future__ import annotations

from typing import Any

from tests.integration.billing.conftest import (
    OSTERSUND,
    OSTERSUND_NURSE,
    REGION,
    rental,
    run_month,
)

DAY = "2026-04-07"
SUPPLIERS = (OSTERSUND, REGION)
REPORTS = [
    rental("apr-day", day=DAY),
    rental(
        "apr-night", day=DAY, started_at=f"{DAY}T17:00:00+02:00", ended_at=f"{DAY}T18:00:00+02:00"
    ),
    rental("apr-sight", day=DAY, kind="sight", task_type="reading-tv"),
    rental("apr-hearing", day=DAY, kind="hearing", task_type="hearing-aid-handling-training"),
    rental("apr-glasses", day=DAY, kind="sight", task_type="cleaning-glasses"),
    rental(
        "apr-mt",
        day=DAY,
        kind="mt-service",
        performer_code="23",
        counterparty_code="2380",
        responsible_code="2380",
        task_type="pump-service",
        costs=[
            {"kind": "spare-part", "description": "filter", "quantity": "1", "unit_price": "149.00"}
        ],
    ),
]


def report_and_run(client: Any) -> dict[str, Any]:
    """Each performer reports its work; each supplier (Östersund, then the region) runs its
    invoices. Answers both runs as one: their invoices and exclusions together."""
    for body in REPORTS:
        headers = REGION if body["performer_code"] == "23" else OSTERSUND_NURSE
        assert client.post("/v1/work-reports", json=body, headers=headers).status_code == 201
    runs = [run_month(client, "2026-04", "2026-05-04", supplier) for supplier in SUPPLIERS]
    return {
        "invoices": [invoice for run in runs for invoice in run["invoices"]],
        "exclusions": [exclusion for run in runs for exclusion in run["exclusions"]],
    }


def by_stream(run: dict[str, Any], stream: str) -> dict[str, Any]:
    invoice: dict[str, Any]
    (invoice,) = [i for i in run["invoices"] if i["stream"] == stream]
    return invoice
