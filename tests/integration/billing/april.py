"""April 2026: one report of each kind (and two that are not billable), invoiced in one run."""

from __future__ import annotations

from typing import Any

from tests.integration.billing.conftest import OSTERSUND, REGION, rental, run_month

DAY = "2026-04-07"
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
    for body in REPORTS:
        headers = REGION if body["performer_code"] == "23" else OSTERSUND
        assert client.post("/v1/work-reports", json=body, headers=headers).status_code == 201
    return run_month(client, "2026-04", "2026-05-04")


def by_stream(run: dict[str, Any], stream: str) -> dict[str, Any]:
    (invoice,) = [i for i in run["invoices"] if i["stream"] == stream]
    return invoice
