"""Issue 13 §2 and §7 over HTTP: every region a party (GEN-RES reaches the home region),
party details maintained by the party's finance, versioned, never rewriting an issued
invoice; finance finds its runs, the billable task types, and the Swedish attachment."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.integration.billing.conftest import OSTERSUND, REGION, rental, run_month
from tests.support.identity import HEALTH_CENTRE_23, NURSE_2380, OPERATIONS, as_caller

pytestmark = pytest.mark.integration

VASTERBOTTEN = as_caller("region:24", "finance", person="SE2321000222-P000000000001")
VASTERBOTTEN_2 = as_caller("region:24", "finance", person="SE2321000222-P000000000002")
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
DETAILS = {
    "org_number": "232100-0222",
    "buyer_reference": "Ekonomi 4711",
    "bankgiro": "5050-1055",
}


def visitor(report_id: str, day: str) -> dict[str, Any]:
    """A person registered in Västerbotten (24) cared for by Region Jämtland Härjedalen."""
    cost = {"kind": "other", "description": "home visit", "quantity": "1", "unit_price": "900.00"}
    return rental(
        report_id,
        day=day,
        kind="non-resident-care",
        performer_code="23",
        counterparty_code="24",
        responsible_code="23",
        task_type="home-visit",
        costs=[cost],
    )


def gen_res_invoice(client: Any, report_id: str, day: str, month: str) -> dict[str, Any]:
    posted = client.post("/v1/work-reports", json=visitor(report_id, day), headers=HEALTH_CENTRE_23)
    assert posted.status_code == 201, posted.json()
    invoice: dict[str, Any]
    (invoice,) = run_month(client, month, f"{month}-28", REGION)["invoices"]
    return invoice


@pytest.fixture(scope="module")
def march(client) -> dict[str, Any]:
    """A GEN-RES invoice to Västerbotten issued before Västerbotten entered its details."""
    return gen_res_invoice(client, "mar-visitor", "2026-03-03", "2026-03")


def test_non_resident_care_is_invoiced_to_the_home_region(client, march) -> None:
    assert (march["rule_id"], march["customer"]["organisation"]) == ("GEN-RES", "region:24")
    assert march["customer"]["name"] == "Region Västerbotten"
    assert march["buyer_reference"] == "Region Västerbotten"  # shipped, not "region-vasterbotten"
    seen = client.get("/v1/invoices", headers=VASTERBOTTEN).json()["items"]  # the customer sees it
    assert [i["invoice_id"] for i in seen] == [march["invoice_id"]]
    assert (
        client.get(f"/v1/invoices/{march['invoice_id']}", headers=VASTERBOTTEN).status_code == 200
    )


def test_every_region_is_listed_with_its_details_and_provenance(client) -> None:
    parties = client.get("/v1/parties", headers=OPERATIONS).json()["items"]
    regions = [p for p in parties if p["kind"] == "region"]
    assert len(regions) == 21 and regions[0]["code"] == "01"
    norrbotten = client.get("/v1/parties/25", headers=REGION).json()
    assert (norrbotten["name"], norrbotten["organisation"]) == ("Region Norrbotten", "region:25")
    assert norrbotten["provenance"]["status"] == "placeholder"
    assert client.get("/v1/parties/99", headers=REGION).status_code == 404


def test_only_finance_of_the_party_changes_its_details(client) -> None:
    refused = client.put("/v1/parties/24", json=DETAILS, headers=REGION)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["rule"] == "ACCESS-OWN-PARTY"
    assert client.put("/v1/parties/24", json=DETAILS, headers=NURSE_2380).status_code == 403


def test_invalid_details_are_refused_naming_field_and_rule(client) -> None:
    bad = {**DETAILS, "org_number": "232100-0223", "bankgiro": "5050-1056", "plusgiro": "1"}
    answer = client.put("/v1/parties/24", json=bad, headers=VASTERBOTTEN)
    assert answer.status_code == 422
    assert {(e["field"], e["rule"]) for e in answer.json()["errors"]} == {
        ("org_number", "PARTY-ORGNR"),
        ("bankgiro", "PARTY-BANKGIRO"),
        ("plusgiro", "PARTY-PLUSGIRO"),
    }
    assert client.get("/v1/parties/24", headers=VASTERBOTTEN).json()["versions"][0]["version"] == 0


def test_details_are_versioned_and_issued_invoices_keep_theirs(client, march) -> None:
    entered = client.put("/v1/parties/24", json=DETAILS, headers=VASTERBOTTEN)
    assert entered.status_code == 200, entered.json()
    body = entered.json()
    assert (body["version"], body["org_number"], body["bankgiro"]) == (1, "232100-0222", "50501055")
    assert body["provenance"]["status"] == "entered"
    assert body["provenance"]["set_by"] == "region:24/SE2321000222-P000000000001"
    changed = {**DETAILS, "buyer_reference": "Ekonomi 4712"}
    no_reason = client.put("/v1/parties/24", json=changed, headers=VASTERBOTTEN)
    assert no_reason.json()["errors"][0]["rule"] == "PARTY-REASON"
    confirm = {**DETAILS, "status": "confirmed"}
    same_person = client.put("/v1/parties/24", json=confirm, headers=VASTERBOTTEN)
    assert same_person.json()["errors"][0]["rule"] == "PARTY-CONFIRM"
    confirmed = client.put("/v1/parties/24", json=confirm, headers=VASTERBOTTEN_2)
    assert confirmed.json()["provenance"]["status"] == "confirmed"
    stale = client.put(
        "/v1/parties/24", json={**changed, "reason": "x", "based_on": 1}, headers=VASTERBOTTEN
    )
    assert (stale.status_code, stale.json()["errors"][0]["rule"]) == (409, "PARTY-VERSION")
    versions = client.get("/v1/parties/24", headers=REGION).json()["versions"]
    assert [v["version"] for v in versions] == [2, 1, 0]

    old = client.get(f"/v1/invoices/{march['invoice_id']}/ubl", headers=VASTERBOTTEN)
    customer = ET.fromstring(old.content).find(f"{CAC}AccountingCustomerParty")
    assert customer is not None
    assert customer.findtext(f".//{CBC}CompanyID") != "2321000222"  # as issued: the placeholder
    april = gen_res_invoice(client, "apr-visitor", "2026-04-07", "2026-04")
    assert april["buyer_reference"] == "Ekonomi 4711"  # the customer's own reference
    assert april["customer"]["org_number"] == "232100-0222"
    new = ET.fromstring(
        client.get(f"/v1/invoices/{april['invoice_id']}/ubl", headers=REGION).content
    )
    assert new.findtext(f"{CAC}AccountingCustomerParty//{CBC}CompanyID") == "2321000222"


def test_finance_finds_the_runs_it_started(client, march) -> None:
    runs = client.get("/v1/invoices/runs", headers=REGION).json()["items"]
    run = next(r for r in runs if march["invoice_id"] in r["invoice_ids"])
    assert (run["run_id"], run["started_by"]) == (march["run_id"], "region:23")
    listed = client.get("/v1/invoices", params={"run_id": run["run_id"]}, headers=REGION).json()[
        "items"
    ]
    assert [i["invoice_id"] for i in listed] == run["invoice_ids"]
    assert (
        client.get("/v1/invoices/runs", headers=VASTERBOTTEN).json()["items"] == []
    )  # it ran none
    assert client.get("/v1/invoices/runs", headers=OPERATIONS).status_code == 403


def test_billable_task_types_and_streams_are_listed(client) -> None:
    listed = client.get("/v1/work-kinds", headers=NURSE_2380).json()["items"]
    kinds = {k["kind"]: k for k in listed}
    assert kinds["sight"]["billable_task_types"] == [
        "low-vision-aid-fitting",
        "reading-tv",
        "reading-writing-training",
        "sight-home-training",
    ]
    assert kinds["hearing"]["stream"] == "hearing"
    assert kinds["hearing"]["buyer_reference"] == "Hörselvården"
    assert kinds["staff-rental"]["billable_task_types"] is None  # any task
    assert kinds["non-resident-care"]["rule_ids"] == ["GEN-RES"]


def test_the_attachment_comes_in_the_swedish_form(client) -> None:
    posted = client.post(
        "/v1/work-reports", json=rental("may-day", day="2026-05-05"), headers=NURSE_2380
    )
    assert posted.status_code == 201
    (invoice,) = run_month(client, "2026-05", "2026-06-02", OSTERSUND)["invoices"]
    assert invoice["buyer_reference"] == "Region Jämtland Härjedalen"  # not "region-jh"
    path = f"/v1/invoices/{invoice['invoice_id']}/attachment.csv"
    swedish = client.get(path, params={"form": "swedish"}, headers=REGION)
    assert swedish.status_code == 200
    assert swedish.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(swedish.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Fakturanummer", "Dokumenttyp", "Rad"]
    assert rows[1][rows[0].index("Belopp")] == invoice["total"].replace(".", ",")
    assert client.get(path, headers=REGION).text.startswith("invoice_id,")
    wrong = client.get(path, params={"form": "excel"}, headers=REGION)
    assert (wrong.status_code, wrong.json()["errors"][0]["field"]) == (422, "form")
