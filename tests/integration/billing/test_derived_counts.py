"""Issue 13 sections 3 and 4: JH-TB counts connected persons from the JH-PAL-2 decisions held,
finance adjusts with a reason, statements are for the count asked, and runs name the reading
of the agreement they applied (GB-ECO performed care time, JH-MT-VARIABLE travel once)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from billing.adapters.connection_tables import DecisionRow
from handover_common.inbox import apply_once
from handover_contracts import wrap
from handover_contracts.events import ComponentResponsibility, PartyRef, ResponsibilityDecided

from tests.integration.billing.conftest import BERG, OSTERSUND, REGION, rental, run_month
from tests.support.databases import count
from tests.support.identity import as_caller
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration
TEAM = PartyRef.model_validate({"kind": "region", "code": "23", "unit": "palliative_team"})
HOME = PartyRef.model_validate({"kind": "municipality", "code": "2380"})
STATEMENT = "/v1/supplementary/2026/statement"
COUNT = "/v1/supplementary/2026/connected-persons"
ADJUST = "/v1/supplementary/2026/count-adjustments"


def decide(client, patient: str, on: str, connected: bool = True) -> None:
    """responsibility.decided for a patient: JH-PAL-2 (connected) or JH-PAL-1 and JH-OB."""
    rules = ["GEN-RES", "JH-PAL-2", "JH-PAL-3"] if connected else ["GEN-RES", "JH-PAL-1", "JH-OB"]
    nursing = ComponentResponsibility.model_validate(
        {
            "component": "nursing",
            "status": "decided",
            "responsible": TEAM if connected else HOME,
            "performer": HOME,
            "cost_bearer": HOME,
            "rule_ids": [rules[1]],
        }
    )
    decided = ResponsibilityDecided(
        decision_id=uuid.uuid4(),
        discharge_id=uuid.uuid4(),
        patient_ref=patient_ref(patient),
        source_event_id=uuid.uuid4(),
        agreement_id="JH-2026",
        agreement_version="2026-01-01",
        decided_on=date.fromisoformat(on),
        municipality_code="2380",
        components=[nursing],
        rule_ids=rules,
    )
    envelope = wrap(decided, producer="responsibility", partition_key=patient, correlation_id="c")
    runtime = client.app.state.runtime
    assert apply_once(runtime.engine, "billing", envelope, runtime.handlers) == "applied"


def errors(response: Any) -> list[tuple[str, str]]:
    return [(e["field"], e["rule"]) for e in response.json()["errors"]]


@pytest.fixture(scope="module")
def decisions(client) -> None:
    decide(client, "still-connected", "2024-06-01")  # in force all of 2025
    decide(client, "connected-in-2025", "2025-03-01")
    decide(client, "connected-in-2025", "2025-09-01", connected=False)  # ended, but counted
    decide(client, "ended-in-2024", "2024-02-01")
    decide(client, "ended-in-2024", "2024-11-01", connected=False)
    decide(client, "never-connected", "2025-05-01", connected=False)
    decide(client, "connected-in-2026", "2026-01-10")


def test_every_decision_is_kept_for_the_count(engine, decisions) -> None:
    assert count(engine, DecisionRow) == 7


def test_the_count_is_derived_from_the_jh_pal_2_decisions_held(client, decisions) -> None:
    """Finding: the JH-TB count was typed in by hand although every decision is held."""
    body = client.get(COUNT, headers=BERG).json()
    assert (body["count_year"], body["derived"], body["connected_persons"]) == (2025, 2, 2)
    assert body["reading"]["reading_id"] == "jh-tb-count-in-force-during-year"
    assert client.get(COUNT, headers=as_caller("region:21", "finance")).status_code == 404
    preview = client.get(STATEMENT, headers=REGION).json()  # no count asked: the derived one
    assert not preview["stored"] and preview["parameters"] == {"connected_persons": 2}
    assert "2 with a JH-PAL-2 decision in force" in preview["steps"][0]


PAPER = "one connection registered on paper at Storsjögläntan in December"


@pytest.fixture(scope="module")
def paper_connection(client, decisions) -> Any:
    """The region's finance adds one connection the decisions do not show: 2 + 1."""
    return client.post(ADJUST, json={"delta": 1, "reason": PAPER}, headers=REGION)


def test_only_the_regions_finance_adjusts_and_always_with_a_reason(
    client, paper_connection
) -> None:
    reason = PAPER
    assert errors(client.post(ADJUST, json={"delta": 1, "reason": reason}, headers=BERG)) == [
        ("Authorization", "JH-TB")
    ]
    assert client.post(ADJUST, json={"delta": 1}, headers=REGION).status_code == 422
    zero = client.post(ADJUST, json={"delta": 0, "reason": reason}, headers=REGION)
    assert (zero.status_code, errors(zero)) == (422, [("delta", "JH-TB")])
    negative = client.post(ADJUST, json={"delta": -5, "reason": reason}, headers=REGION)
    assert (negative.status_code, errors(negative)) == (422, [("delta", "JH-TB")])
    added = paper_connection
    assert added.status_code == 201
    body = added.json()
    assert (body["derived"], body["connected_persons"]) == (2, 3)
    assert body["adjustments"][0]["reason"] == reason
    assert body["adjustments"][0]["recorded_by"].startswith("region:23")


def test_the_run_uses_the_derived_count_and_statements_follow_the_count_asked(
    client, paper_connection
) -> None:
    """Finding: the statement quietly returned the stored run for another count."""
    body = {"year": 2026, "connected_persons": 172, "issue_date": "2026-02-15"}
    typed = client.post("/v1/invoice-runs/supplementary", json=body, headers=BERG)
    assert (typed.status_code, errors(typed)) == (409, [("connected_persons", "JH-TB")])
    run = client.post(
        "/v1/invoice-runs/supplementary", json={**body, "connected_persons": 3}, headers=BERG
    )
    assert run.status_code == 200 and len(run.json()["invoices"]) == 1
    stored = client.get(STATEMENT, headers=OSTERSUND).json()
    assert stored["stored"] and stored["parameters"] == {"connected_persons": 3}
    assert any("one connection registered on paper" in step for step in stored["steps"])
    assert [r["reading_id"] for r in stored["readings"]] == [
        "jh-tb-count-in-force-during-year",
        "per-person-outside-interval",
    ]
    # REF-PLACEHOLDER-USE: the statement names the shipped examples it was priced on
    assert any(p.startswith("key JH-TB") for p in stored["placeholders"]), stored["placeholders"]
    what_if = client.get(f"{STATEMENT}?connected_persons=150", headers=OSTERSUND).json()
    assert what_if["placeholders"] == stored["placeholders"]
    assert not what_if["stored"] and what_if["invoice_ids"] == []
    assert what_if["parameters"] == {"connected_persons": 150}
    assert "150" in what_if["steps"][0] and "inside — no adjustment" in what_if["steps"][1]
    assert any("issued for 3 persons" in note for note in what_if["notes"])
    same = client.get(f"{STATEMENT}?connected_persons=3", headers=OSTERSUND).json()
    assert same["stored"] and same["steps"] == stored["steps"]
    late = client.post(
        ADJUST, json={"delta": 1, "reason": "after the statement was issued"}, headers=REGION
    )
    assert (late.status_code, errors(late)) == (409, [("year", "JH-TB")])
    decide(client, "late-decision", "2025-12-01")  # arrives after the shares were issued
    now = client.get(STATEMENT, headers=OSTERSUND).json()
    assert now["stored"] and any("now give 4" in note for note in now["notes"])


def test_gb_eco_bills_performed_care_time_and_the_run_names_its_reading(client) -> None:
    """Finding: GB-ECO billed admin, reporting and travel minutes as care time."""
    body = rental(
        "gb-performed",
        day="2019-03-04",
        kind="severe-care",
        performer_code="2183",
        counterparty_code="21",
        responsible_code="21",
        task_type="respirator",
    )  # 60 min of care + 15 admin + 5 reporting back + 20 travel
    nurse = as_caller("municipality:2183", "municipal-nurse")
    assert client.post("/v1/work-reports", json=body, headers=nurse).status_code == 201
    run = run_month(client, "2019-03", "2019-04-10", as_caller("municipality:2183", "finance"))
    assert any("gb-eco-performed-care-time" in step for step in run["steps"])
    (invoice,) = run["invoices"]
    headers = as_caller("municipality:2183", "finance")
    (line,) = client.get(f"/v1/invoices/{invoice['invoice_id']}", headers=headers).json()["lines"]
    assert Decimal(line["quantity"]) == 30  # 50 % of the 60 min of care, not of 100
    assert line["amount"] == "149.90"  # 30 min at 299.80 SEK/h


def test_mt_variable_counts_travel_once_and_the_run_names_its_reading(client) -> None:
    """Finding: MT variable work billed travel time as hours and travel costs."""
    travel = {
        "kind": "travel",
        "description": "car to the unit",
        "quantity": "1",
        "unit_price": "250.00",
    }
    body = rental(
        "mt-travel",
        day="2026-05-05",
        kind="mt-service",
        performer_code="23",
        counterparty_code="2380",
        responsible_code="2380",
        task_type="pump-service",
        costs=[travel],
    )  # 60 + 15 + 5 min of work, 20 min travel
    assert client.post("/v1/work-reports", json=body, headers=REGION).status_code == 201
    run = run_month(client, "2026-05", "2026-06-03", REGION)
    assert any("mt-variable-travel-as-cost" in step for step in run["steps"])
    (invoice,) = run["invoices"]
    lines = client.get(f"/v1/invoices/{invoice['invoice_id']}", headers=REGION).json()["lines"]
    assert [line["amount"] for line in lines] == ["1540.76", "250.00"]  # 80 min × 1155.57/60
