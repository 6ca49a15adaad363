"""JH-TB, JH-MT-FIXED, JH-ECO and LAW-PAY runs: invoiced once, every step on the statement."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from billing.adapters.orm import StatementRow
from billing.service_layer.handlers import EVENT_HANDLERS
from handover_common.inbox import apply_once
from handover_contracts import wrap
from handover_contracts.events import PatientDischarged
from handover_contracts.stay_events import PatientAdmitted, PatientReadyForDischarge, StayNotice

from tests.integration.billing.conftest import BERG, OSTERSUND, REGION
from tests.support.databases import count
from tests.support.identity import as_caller
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration


JH_MUNICIPALITIES = ("2326", "2305", "2361", "2309", "2303", "2313", "2321", "2380")


def finance_of(municipality: str) -> dict[str, str]:
    return as_caller(f"municipality:{municipality}", "finance")


def post_run(client, kind: str, body: dict[str, Any], supplier: dict[str, str] = REGION) -> Any:
    return client.post(f"/v1/invoice-runs/{kind}", json=body, headers=supplier)


def total(invoices: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(i["total"]) for i in invoices), Decimal(0))


def adjust(client, year: int, delta: int) -> None:
    """The count is derived from the JH-PAL-2 decisions held (none here): the region's finance
    records the persons with a reason (issue 13; see test_derived_counts for decisions)."""
    body = {"delta": delta, "reason": "test: connections from the team's register"}
    response = client.post(f"/v1/supplementary/{year}/count-adjustments", json=body, headers=REGION)
    assert response.status_code == 201, response.json()


def test_the_supplementary_amount_is_reconciled_distributed_and_stated(client, engine) -> None:
    path = "/v1/supplementary/2026/statement"
    preview = client.get(f"{path}?connected_persons=169", headers=REGION).json()
    assert not preview["stored"] and "inside — no adjustment" in preview["steps"][1]  # JH-TB edge
    adjust(client, 2026, 172)
    body = {"year": 2026, "connected_persons": 172, "issue_date": "2026-02-15"}
    region = post_run(client, "supplementary", body, REGION)  # the customer issues nothing
    assert (region.status_code, region.json()["errors"][0]["rule"]) == (403, "ACCESS-SUPPLIER")
    assert count(engine, StatementRow) == 0
    runs = [
        post_run(client, "supplementary", body, finance_of(m)).json() for m in JH_MUNICIPALITIES
    ]
    invoices = [invoice for run in runs for invoice in run["invoices"]]
    assert [len(run["invoices"]) for run in runs] == [1] * 8  # each municipality its own share
    assert {i["supplier"]["organisation"] for i in invoices} == {
        f"municipality:{m}" for m in JH_MUNICIPALITIES
    }
    assert {i["customer"]["organisation"] for i in invoices} == {"region:23"}
    assert total(invoices) == Decimal("4026789.89")  # 3944611.97 + 3 × 27392.64
    statement = client.get(path, headers=BERG).json()
    assert statement["stored"] and statement["invoice_ids"] == [i["invoice_id"] for i in invoices]
    assert "172" in statement["steps"][0]
    assert any("3. reading" in step and "3 persons" in step for step in statement["steps"])
    again = post_run(client, "supplementary", body, BERG).json()
    assert again["invoices"] == [] and again["steps"] == statement["steps"]
    other = post_run(client, "supplementary", {**body, "connected_persons": 180}, BERG)
    assert other.status_code == 409
    assert (other.json()["errors"][0]["field"], other.json()["errors"][0]["rule"]) == (
        "connected_persons",
        "JH-TB",
    )
    assert client.get(path, headers=as_caller("region:22", "finance")).status_code == 404


def test_a_later_share_must_come_to_the_stored_figures(client) -> None:
    """Once a share of a year is issued, the others follow its inputs (here the count)."""
    body = {"year": 2027, "connected_persons": 150, "issue_date": "2027-02-15"}
    adjust(client, 2027, 150)
    lpik = client.put("/v1/indices/LPIK/2027", json={"value": "110.00"}, headers=REGION)
    assert lpik.status_code in (200, 201)
    first = post_run(client, "supplementary", body, BERG)
    assert first.status_code == 200 and len(first.json()["invoices"]) == 1
    other = post_run(client, "supplementary", {**body, "connected_persons": 151}, OSTERSUND)
    assert other.status_code == 409
    assert len(post_run(client, "supplementary", body, OSTERSUND).json()["invoices"]) == 1


def test_the_mt_fixed_part_is_invoiced_in_advance_by_device_share(client) -> None:
    body = {"year": 2026, "half": 2, "issue_date": "2026-06-15"}
    refused = post_run(client, "mt-fixed", body, BERG)  # the region invoices, not Berg
    assert (refused.status_code, refused.json()["errors"][0]["rule"]) == (403, "ACCESS-SUPPLIER")
    late = post_run(client, "mt-fixed", {"year": 2026, "half": 2, "issue_date": "2026-07-01"})
    assert late.json()["errors"][0]["rule"] == "JH-MT-FIXED"
    run = post_run(client, "mt-fixed", {"year": 2026, "half": 2, "issue_date": "2026-06-15"}).json()
    assert {i["supplier"]["organisation"] for i in run["invoices"]} == {"region:23"}
    cost = next(step for step in run["steps"] if step.startswith("cost for 2026-H2"))
    assert cost == f"cost for 2026-H2: {total(run['invoices'])} SEK"  # shares sum exactly
    again = post_run(client, "mt-fixed", {"year": 2026, "half": 2, "issue_date": "2026-06-16"})
    assert again.json()["invoices"] == []


def test_joint_development_funds_are_split_half_and_half(client) -> None:
    body = {
        "budget_id": "JF-2026",
        "budget": "1000000.01",
        "year": 2026,
        "issue_date": "2026-03-01",
    }
    run = post_run(client, "joint-funds", body).json()
    assert len(run["invoices"]) == 8  # the region administers and invoices each municipality
    assert total(run["invoices"]) == Decimal("500000.00")  # JH-ECO: the odd öre is the region's
    assert post_run(client, "joint-funds", body).json()["invoices"] == []


def stay(kind: type[StayNotice | PatientDischarged], stay_id: str, **fields: Any) -> Any:
    common = {"stay_id": stay_id, "patient_ref": patient_ref(stay_id), "region_code": "23"}
    common |= {"registered_municipality_code": "2380", "hospital_unit": "Östersund medicin"}
    payload = kind.model_validate({**common, **fields})
    return wrap(payload, producer="hospital", partition_key=payload.patient_ref, correlation_id="c")


def notices(stay_id: str, notice_delay: timedelta) -> list[Any]:
    admitted = datetime.fromisoformat("2026-03-01T08:00:00+01:00")
    ready = datetime.fromisoformat("2026-03-10T09:00:00+01:00")  # before 12:00: day 0
    out = datetime.fromisoformat("2026-03-16T10:00:00+01:00")
    discharge = {"discharge_id": "00000000-0000-0000-0000-000000000001", "age_years": 80}
    discharge |= {"discharged_at": out, "care": {"needs": {"components": ["nursing"]}}}
    return [
        stay(
            PatientAdmitted, stay_id, admitted_at=admitted, notice_sent_at=admitted + notice_delay
        ),
        stay(
            PatientReadyForDischarge,
            stay_id,
            ready_at=ready,
            notice_sent_at=ready,
            sip_needed=False,
        ),
        stay(PatientDischarged, stay_id, **discharge),
    ]


def test_the_payment_clock_bills_payable_days_when_notice_duties_were_met(client, engine) -> None:
    for envelope in notices("stay-1", timedelta(hours=2)) + notices("stay-2", timedelta(hours=30)):
        assert apply_once(engine, "billing", envelope, EVENT_HANDLERS) == "applied"
    body = {"month": "2026-03", "issue_date": "2026-04-02"}
    missing = post_run(client, "payment-clock", body)
    assert (missing.status_code, missing.json()["errors"][0]["rule"]) == (422, "MissingTariff")
    daily: dict[str, Any] = {
        "tariff_id": "LAW-PAY-NATIONAL-DAILY",
        "rule_id": "LAW-PAY",
        "unit": "day",
    }
    daily |= {"description": "national daily amount 2026 (test)", "amount": "11000.00"}
    daily |= {"base_year": 2026, "valid_from": "2026-01-01", "valid_to": "2026-12-31"}
    assert client.post("/v1/tariffs", json=daily, headers=REGION).status_code == 201
    assert post_run(client, "payment-clock", body, OSTERSUND).json()["invoices"] == []  # payer
    run = post_run(client, "payment-clock", body).json()
    (invoice,) = run["invoices"]
    assert (invoice["supplier"]["organisation"], invoice["customer"]["organisation"]) == (
        "region:23",
        "municipality:2380",
    )
    assert invoice["total"] == "33000.00"  # day 0 = 10 March, free 11–12, payable 13–15
    (excluded,) = run["exclusions"]
    assert excluded["item_id"] == "stay-2" and "LAW-ADM24" in excluded["detail"]
    csv = client.get(f"/v1/invoices/{invoice['invoice_id']}/attachment.csv", headers=REGION).text
    assert patient_ref("stay-1") in csv and patient_ref("stay-2") not in csv
    assert post_run(client, "payment-clock", body).json()["invoices"] == []
