"""Issue 13: a region's finance enters its LAW-PAY agreement and model (region → agreement
mapping, free days, day-0 cut-off …), corrects them with a reason, a second person confirms;
runs then clock its stays with them and refuse no placeholder. SQLite and PostgreSQL.

The tests of this module build on each other in order (one service per module).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from billing.service_layer.handlers import EVENT_HANDLERS
from handover_common.inbox import apply_once

from tests.integration.billing.conftest import OSTERSUND, REGION
from tests.integration.billing.test_distribution_runs import notices, post_run
from tests.support.identity import NURSE_2380, OPERATIONS, as_caller

pytestmark = pytest.mark.integration

PATH = "/v1/payment-clock/agreements"
JH_2 = as_caller("region:23", "finance", person="SE2321000214-P000000000002")
"""A second person of Region Jämtland Härjedalen's finance (REF-CONFIRM)."""
VASTERBOTTEN = as_caller("region:24", "finance")
# The values of the shipped example, now the region's own: individual clock, 2 free calendar
# days somatic (5 psychiatry), day 0 when the notice was sent before 12:00.
CLOCK = {
    "kind": "individual",
    "free_days": 2,
    "psychiatry_free_days": 5,
    "day_basis": "calendar",
    "notice_cutoff": "12:00",
    "daily_tariff_id": "LAW-PAY-NATIONAL-DAILY",
    "valid_from": "2026-01-01",
}
RUN = {"month": "2026-03", "issue_date": "2026-04-02", "refuse_placeholders": True}


def jh(client: Any) -> dict[str, Any]:
    clocks = client.get(PATH, headers=REGION).json()["items"]
    region: dict[str, Any]
    (region,) = [c for c in clocks if c["region_code"] == "23"]
    return region


def rules(answer: Any) -> list[tuple[str, str]]:
    return [(e["field"], e["rule"]) for e in answer.json()["errors"]]


def placeholder_keys(client: Any) -> set[str]:
    listed = client.get("/v1/reference-values/placeholders", headers=REGION).json()["items"]
    return {p["key"] for p in listed}


def test_every_region_is_listed_with_its_shipped_placeholder_clock(client) -> None:
    page = client.get(PATH, headers=OPERATIONS).json()
    clocks = page["items"]
    assert page["total"] == 21
    assert len(clocks) == 21 and clocks[0]["region_code"] == "01"
    region = jh(client)
    assert (region["organisation"], region["version"]) == ("region:23", 0)
    assert (region["agreement_id"], region["provenance"]["status"]) == ("example", "placeholder")
    somatic = next(m for m in region["models"] if m["model_id"] == "example-somatic")
    assert (somatic["kind"], somatic["free_days"], somatic["notice_cutoff"]) == (
        "individual",
        2,
        "12:00",
    )
    assert {"LAW-PAY/region-jh", "LAW-PAY/example-somatic"} <= placeholder_keys(client)
    assert client.get(PATH, headers=NURSE_2380).status_code == 403


def test_before_entering_a_run_refusing_placeholders_is_refused(client, engine) -> None:
    daily: dict[str, Any] = {
        "tariff_id": "LAW-PAY-NATIONAL-DAILY",
        "rule_id": "LAW-PAY",
        "unit": "day",
    }
    daily |= {"description": "national daily amount 2026 (test)", "amount": "11000.00"}
    daily |= {"base_year": 2026, "valid_from": "2026-01-01", "valid_to": "2026-12-31"}
    assert client.post("/v1/tariffs", json=daily, headers=REGION).status_code == 201
    for envelope in notices("clock-1", timedelta(hours=2)):
        assert apply_once(engine, "billing", envelope, EVENT_HANDLERS) == "applied"
    refused = post_run(client, "payment-clock", RUN)
    assert refused.status_code == 409, refused.json()
    assert rules(refused) == [("refuse_placeholders", "REF-PLACEHOLDER-USE")]
    assert "LAW-PAY/" in refused.json()["errors"][0]["message"]


def test_only_finance_of_the_region_enters_its_clock(client) -> None:
    other = client.put(f"{PATH}/23", json=CLOCK, headers=VASTERBOTTEN)
    assert other.status_code == 403
    assert rules(other) == [("region_code", "ACCESS-OWN-PARTY")]
    assert client.put(f"{PATH}/23", json=CLOCK, headers=NURSE_2380).status_code == 403
    assert client.put(f"{PATH}/2380", json=CLOCK, headers=REGION).status_code == 404
    assert client.put(f"{PATH}/99", json=CLOCK, headers=REGION).status_code == 404
    assert jh(client)["version"] == 0


def test_invalid_values_are_refused_naming_field_and_rule_and_nothing_is_stored(client) -> None:
    bad = {**CLOCK, "free_days": -1, "window_months": 0, "daily_tariff_id": "JH-RENT-DAY-HOURLY"}
    answer = client.put(f"{PATH}/23", json=bad, headers=REGION)
    assert answer.status_code == 422
    assert rules(answer) == [
        ("free_days", "LAW-PAY-ENTRY-DAYS"),
        ("window_months", "LAW-PAY-ENTRY-DAYS"),
        ("daily_tariff_id", "LAW-PAY-ENTRY-TARIFF"),
    ]
    unknown_kind = client.put(f"{PATH}/23", json={**CLOCK, "kind": "weekly"}, headers=REGION)
    assert unknown_kind.status_code == 422
    assert jh(client)["version"] == 0


def test_entered_corrected_with_a_reason_and_confirmed_by_a_second_person(client) -> None:
    mistyped = {**CLOCK, "free_days": 3}
    entered = client.put(f"{PATH}/23", json=mistyped, headers=REGION)
    assert entered.status_code == 200, entered.json()
    body = entered.json()
    assert (body["version"], body["agreement_id"]) == (1, "region-jh/2026")
    assert body["provenance"]["status"] == "entered"
    assert body["provenance"]["reason"] == "replaces the shipped agreement example"
    assert {m["model_id"]: m["free_days"] for m in body["models"]} == {
        "region-jh/2026/somatic": 3,
        "region-jh/2026/psychiatry": 5,
    }
    assert {m["status"] for m in body["models"]} == {"entered"}
    assert "LAW-PAY/region-jh" not in placeholder_keys(client)  # REF-PLACEHOLDER

    no_reason = client.put(f"{PATH}/23", json=CLOCK, headers=REGION)
    assert (no_reason.status_code, rules(no_reason)) == (422, [("reason", "REF-CORRECTION")])
    again = client.put(f"{PATH}/23", json=mistyped, headers=REGION)  # the same values: no change
    assert (again.status_code, again.json()["version"]) == (200, 1)
    own = client.put(f"{PATH}/23", json={**mistyped, "status": "confirmed"}, headers=REGION)
    assert (own.status_code, rules(own)) == (422, [("status", "REF-CONFIRM")])

    reason = "the agreement says 2 free days, not 3"
    corrected = client.put(f"{PATH}/23", json={**CLOCK, "reason": reason}, headers=REGION)
    assert corrected.status_code == 200, corrected.json()
    assert (corrected.json()["version"], corrected.json()["provenance"]["reason"]) == (2, reason)

    changed = {**CLOCK, "free_days": 4, "status": "confirmed"}
    not_same = client.put(f"{PATH}/23", json=changed, headers=JH_2)
    assert (not_same.status_code, rules(not_same)) == (422, [("status", "REF-CONFIRM")])
    confirmed = client.put(
        f"{PATH}/23", json={**CLOCK, "status": "confirmed", "based_on": 2}, headers=JH_2
    )
    assert confirmed.status_code == 200, confirmed.json()
    body = confirmed.json()
    assert (body["version"], body["provenance"]["status"]) == (3, "confirmed")
    assert body["provenance"]["set_by"].startswith("region:23/")
    assert jh(client)["version"] == 3


def test_a_stale_version_is_a_409(client) -> None:
    stale = {**CLOCK, "free_days": 1, "reason": "x", "based_on": 1}
    answer = client.put(f"{PATH}/23", json=stale, headers=REGION)
    assert (answer.status_code, rules(answer)) == (409, [("based_on", "LAW-PAY-ENTRY-VERSION")])
    assert jh(client)["version"] == 3


def test_a_run_refusing_placeholders_succeeds_with_the_entered_clock(client) -> None:
    for code, details, finance in (
        ("23", ("232100-0214", "Ekonomi HS 1150", "5412-0019"), REGION),
        ("2380", ("212000-2411", "Vård och omsorg 3001", "5412-0118"), OSTERSUND),
    ):  # the invoice's parties too, so that nothing on it is a placeholder
        body = dict(zip(("org_number", "buyer_reference", "bankgiro"), details, strict=True))
        assert client.put(f"/v1/parties/{code}", json=body, headers=finance).status_code == 200
    run = post_run(client, "payment-clock", RUN)
    assert run.status_code == 200, run.json()
    assert run.json()["placeholders"] == []
    (invoice,) = run.json()["invoices"]
    # day 0 = 10 March (notice 09:00, before 12:00), 11–12 free, 13–15 payable, 16 discharged
    assert Decimal(invoice["total"]) == Decimal("33000.00")
    assert "LAW-PAY/region-jh" not in placeholder_keys(client)
