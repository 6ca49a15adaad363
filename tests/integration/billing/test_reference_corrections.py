"""Issue 13 §1 and §5: reference values with provenance, correction runs, LAW-PAY any year.

Each test is a finding of the issue; all run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from billing.adapters.orm import InvoiceRow
from billing.adapters.price_tables import IndexValueRow
from billing.service_layer.handlers import EVENT_HANDLERS
from handover_common.inbox import apply_once
from handover_contracts.stay_events import PatientReadinessCancelled

from tests.integration.billing.conftest import OSTERSUND, REGION, rental, run_month
from tests.integration.billing.test_distribution_runs import notices, post_run, stay
from tests.support.databases import count

pytestmark = pytest.mark.integration


def second_person() -> dict[str, str]:
    """Finance of Östersund: another person than the region's finance (REF-CONFIRM)."""
    return OSTERSUND


def report(client: Any, report_id: str, day: str) -> None:
    response = client.post("/v1/work-reports", json=rental(report_id, day=day), headers=OSTERSUND)
    assert response.status_code in (200, 201, 202), response.json()


def test_ref_placeholder_a_shipped_index_is_replaced_and_prices_follow(client) -> None:
    """Was: PUT /v1/indices/VPI/2026 with the real value answered 409 INDEX-ENTERED."""
    listed = client.get("/v1/indices", headers=REGION).json()["items"]
    indices = {(i["index"], i["year"]): i for i in listed}
    assert indices[("VPI", 2026)]["provenance"]["status"] == "placeholder"
    placeholders = client.get("/v1/reference-values/placeholders", headers=REGION).json()["items"]
    assert {"kind": "index", "key": "VPI/2026", "value": "102.90"} | {
        "replace_at": "PUT /v1/indices/VPI/2026"
    } in placeholders
    real = client.put("/v1/indices/VPI/2026", json={"value": "103.60"}, headers=REGION)
    assert real.status_code == 200, real.json()
    body = real.json()
    assert (body["value"], body["change"]) == ("103.60", "replaces-placeholder")
    assert (body["provenance"]["status"], body["provenance"]["version"]) == ("entered", 2)
    quote = client.get("/v1/prices/JH-RENT-DAY-HOURLY?on=2026-03-02", headers=REGION).json()
    assert quote["amount"] == "663.04"  # 640 × 103.60 / 100.00, not 658.56 (the placeholder)
    versions = client.get("/v1/indices/VPI/2026/versions", headers=REGION).json()["items"]
    assert [(v["version"], v["value"], v["status"]) for v in versions] == [
        (1, "102.90", "placeholder"),
        (2, "103.60", "entered"),
    ]


def test_ref_correction_an_entered_index_is_corrected_by_a_new_version_with_a_reason(
    client, engine
) -> None:
    """Was: a mistyped index could never be corrected."""
    first = client.put("/v1/indices/OPI/2028", json={"value": "110.00"}, headers=REGION)
    assert first.status_code == 201
    silent = client.put("/v1/indices/OPI/2028", json={"value": "111.00"}, headers=REGION)
    assert silent.status_code == 409
    (error,) = silent.json()["errors"]
    assert (error["field"], error["rule"]) == ("reason", "INDEX-ENTERED")
    assert "reason" in error["message"] and "110.00" in error["message"]
    fixed = client.put(
        "/v1/indices/OPI/2028",
        json={"value": "111.00", "reason": "typo: SKR publishes 111.00"},
        headers=REGION,
    )
    assert fixed.status_code == 200
    assert fixed.json()["change"] == "correction"
    assert fixed.json()["provenance"]["reason"] == "typo: SKR publishes 111.00"
    versions = client.get("/v1/indices/OPI/2028/versions", headers=REGION).json()["items"]
    assert [(v["version"], v["value"]) for v in versions] == [(1, "110.00"), (2, "111.00")]
    assert count(engine, IndexValueRow) >= 1


def test_ref_confirm_a_second_person_confirms(client) -> None:
    client.put("/v1/indices/LPIK/2029", json={"value": "120.00"}, headers=REGION)
    own = client.post("/v1/indices/LPIK/2029/confirmation", headers=REGION)
    assert (own.status_code, own.json()["errors"][0]["rule"]) == (409, "REF-CONFIRM")
    other = client.post("/v1/indices/LPIK/2029/confirmation", headers=second_person())
    assert other.status_code == 200
    assert other.json()["provenance"]["status"] == "confirmed"
    placeholder = client.post("/v1/indices/LPIK/2026/confirmation", headers=second_person())
    assert placeholder.status_code == 409  # REF-CONFIRM: enter the real value first


def test_ref_placeholder_use_runs_list_placeholders_and_finance_may_refuse(client, engine) -> None:
    """Was: runs priced on placeholders reported warnings: []."""
    report(client, "ph-1", "2026-05-04")
    before = count(engine, InvoiceRow)
    body = {"month": "2026-05", "issue_date": "2026-06-01", "refuse_placeholders": True}
    refused = client.post("/v1/invoice-runs", json=body, headers=OSTERSUND)
    assert refused.status_code == 409, refused.json()
    (error,) = refused.json()["errors"]
    assert (error["field"], error["rule"]) == ("refuse_placeholders", "REF-PLACEHOLDER-USE")
    assert count(engine, InvoiceRow) == before  # nothing half-stored
    run = run_month(client, "2026-05", "2026-06-01")
    assert len(run["invoices"]) == 1
    keys = {(p["kind"], p["key"]) for p in run["placeholders"]}
    # the base year is still the shipped example, and so are both parties' invoicing details
    shipped = {("index", "VPI/2025"), ("party", "kommun-ostersund"), ("party", "region-jh")}
    assert shipped <= keys, keys
    assert {kind for kind, _ in keys} == {"index", "party"}
    assert any("REF-PLACEHOLDER-USE" in w and "VPI/2025" in w for w in run["warnings"])


def test_ref_correction_run_issues_the_difference(client) -> None:
    """Issued invoices stay as they were; the correction run credits and re-invoices."""
    client.put("/v1/indices/OPI/2026", json={"value": "103.10"}, headers=REGION)  # entered
    client.put("/v1/indices/OPI/2025", json={"value": "100.00"}, headers=REGION)
    report(client, "cor-1", "2026-07-06")
    rental_sight = rental("cor-2", day="2026-07-06", kind="sight", task_type="reading-tv")
    client.post("/v1/work-reports", json=rental_sight, headers=OSTERSUND)
    run = run_month(client, "2026-07", "2026-08-03")
    sight = next(i for i in run["invoices"] if i["stream"] == "sight")
    assert sight["total"] == "696.96"  # 2 h × 348.48 (338 × 103.10 / 100)
    fixed = client.put(
        "/v1/indices/OPI/2026",
        json={"value": "103.50", "reason": "SKR's final figure"},
        headers=REGION,
    )
    assert fixed.status_code == 200
    again = client.get(f"/v1/invoices/{sight['invoice_id']}", headers=OSTERSUND).json()
    assert again["total"] == "696.96"  # the issued invoice stays as it was
    body = {"issue_date": "2026-08-10", "tariff_ids": ["JH-SIGHT-HOURLY"]}
    correction = post_run(client, "price-corrections", body, OSTERSUND).json()
    kinds = [(i["document_type"], i["total"]) for i in correction["invoices"]]
    assert kinds == [("credit-note", "696.96"), ("invoice", "699.66")]  # 2 h × 349.83
    assert correction["steps"] == [f"{sight['invoice_id']} lines 1: difference 2.70 SEK"]
    assert post_run(client, "price-corrections", body, OSTERSUND).json()["invoices"] == []


def test_law_pay_a_missing_daily_amount_names_what_to_enter_and_where(client, engine) -> None:
    """Was: MissingTariff without saying what finance should enter (2026 with shipped data)."""
    for envelope in notices("year-1", timedelta(hours=2)):
        assert apply_once(engine, "billing", envelope, EVENT_HANDLERS) == "applied"
    body = {"month": "2026-03", "issue_date": "2026-04-02"}
    missing = post_run(client, "payment-clock", body)
    assert missing.status_code == 422
    (error,) = missing.json()["errors"]
    assert (error["field"], error["rule"]) == ("tariff_id", "MissingTariff")
    assert "LAW-PAY-NATIONAL-DAILY" in error["message"] and "POST /v1/tariffs" in error["message"]
    assert '"valid_from": "2026-01-01"' in error["message"]
    unknown = post_run(client, "payment-clock", {**body, "agreement_id": "no-such"})
    (error,) = unknown.json()["errors"]
    assert (unknown.status_code, error["field"], error["rule"]) == (
        422,
        "agreement_id",
        "LAW-PAY-MODEL",
    )
    assert "payment_clock.json" in error["message"]


def _daily_2026(client: Any) -> None:
    daily: dict[str, Any] = {
        "tariff_id": "LAW-PAY-NATIONAL-DAILY",
        "rule_id": "LAW-PAY",
        "unit": "day",
    }
    daily |= {"description": "national daily amount 2026 (test)", "amount": "11000.00"}
    daily |= {"base_year": 2026, "valid_from": "2026-01-01", "valid_to": "2026-12-31"}
    response = client.post("/v1/tariffs", json=daily, headers=REGION)
    assert response.status_code in (201, 409)


def test_law_pay_late_a_notice_after_billing_is_corrected_in_the_next_run(client, engine) -> None:
    """Was: a readiness cancellation arriving after March was billed was never corrected."""
    _daily_2026(client)
    for envelope in notices("late-1", timedelta(hours=2)):
        apply_once(engine, "billing", envelope, EVENT_HANDLERS)
    march = post_run(client, "payment-clock", {"month": "2026-03", "issue_date": "2026-04-02"})
    assert march.status_code == 200, march.json()
    assert lines_of(client, march.json(), "late-1") == [("3", "33000.00")]  # 13–15 March
    assert "LAW-PAY/example-somatic" in {p["key"] for p in march.json()["placeholders"]}
    cancelled_at = datetime.fromisoformat("2026-03-14T09:00:00+01:00")  # not payable from 14th
    late = stay(PatientReadinessCancelled, "late-1", cancelled_at=cancelled_at, reason="not ready")
    assert apply_once(engine, "billing", late, EVENT_HANDLERS) == "applied"
    april = post_run(client, "payment-clock", {"month": "2026-04", "issue_date": "2026-05-04"})
    assert april.status_code == 200, april.json()
    documents = {i["document_type"] for i in april.json()["invoices"]}
    assert documents == {"credit-note", "invoice"}
    credited, billed_again = (
        lines_of(client, {"invoices": [i]}, "late-1")
        for kind in ("credit-note", "invoice")
        for i in april.json()["invoices"]
        if i["document_type"] == kind
    )
    assert credited == [("3", "33000.00")]
    assert billed_again == [("1", "11000.00")]  # 13 March only, as now known
    assert any(s.startswith("LAW-PAY-LATE late-1 2026-03") for s in april.json()["warnings"])
    again = post_run(client, "payment-clock", {"month": "2026-04", "issue_date": "2026-05-04"})
    assert again.json()["invoices"] == []


def lines_of(client: Any, run: dict[str, Any], stay_id: str) -> list[tuple[str, str]]:
    """(quantity, amount) of the lines of a run's documents that bill one stay."""
    found = []
    for summary in run["invoices"]:
        invoice = client.get(f"/v1/invoices/{summary['invoice_id']}", headers=REGION).json()
        found += [
            (line["quantity"], line["amount"])
            for line in invoice["lines"]
            if line["source_ids"][0] == stay_id
        ]
    return found
