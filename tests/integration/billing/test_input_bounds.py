"""Issue 10, finding 5: billing inputs that crashed or were accepted unbounded."""

from __future__ import annotations

import pytest

from tests.integration.billing.conftest import rental
from tests.support.identity import as_caller

pytestmark = pytest.mark.integration
FINANCE_23 = as_caller("region:23", "finance")
FINANCE_2380 = as_caller("municipality:2380", "finance")


def rules(response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {e["field"]: e["rule"] for e in response.json()["errors"]}


def test_a_run_for_month_zero_is_refused(client) -> None:
    response = client.post(
        "/v1/invoice-runs",
        json={"month": "0000-01", "issue_date": "2026-04-02"},
        headers=FINANCE_23,
    )
    assert rules(response) == {"month": "string_pattern_mismatch"}


def test_minutes_quantities_and_prices_are_bounded(client) -> None:
    report = rental("bounds-1", intervention_minutes=10**12)
    report["costs"] = [
        {"kind": "travel", "description": "car", "quantity": "1e999999", "unit_price": "-5"}
    ]
    errors = rules(client.post("/v1/work-reports", json=report, headers=FINANCE_2380))
    assert errors["intervention_minutes"] == "less_than_equal"
    assert errors["costs.0.quantity"] in {"less_than_equal", "finite_number"}
    assert errors["costs.0.unit_price"] == "greater_than_equal"


def test_times_outside_the_plausible_window_are_refused(client) -> None:
    report = rental("bounds-2", started_at="0001-01-01T09:00:00+01:00")
    assert rules(client.post("/v1/work-reports", json=report, headers=FINANCE_2380)) == {
        "started_at": "DATE-WINDOW"
    }
