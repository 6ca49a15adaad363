"""An invoice's documents: the audited CSV attachment, PEPPOL UBL, and credit notes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.integration.billing.april import DAY, by_stream, report_and_run
from tests.integration.billing.conftest import (
    BERG,
    GAVLEBORG,
    OSTERSUND,
    REGION,
    audit_rows,
    rental,
    run_month,
)
from tests.support.identity import as_caller
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration
UBL_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


@pytest.fixture(scope="module")
def april(client) -> dict[str, Any]:
    return report_and_run(client)


def test_the_attachment_is_for_the_parties_and_every_read_is_audited(client, engine, april) -> None:
    invoice_id = by_stream(april, "staff-rental")["invoice_id"]
    path = f"/v1/invoices/{invoice_id}/attachment.csv"
    patient = patient_ref("apr-day")
    response = client.get(path, headers=REGION)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    header, row = response.text.splitlines()
    assert header.startswith("invoice_id,document_type,line,rule_id")
    assert f"{invoice_id},invoice,1,JH-RENT-DAY,{DAY},{patient}," in row
    assert client.get(path, headers=BERG).status_code == 404
    assert client.get(path).status_code == 401
    route = "GET /v1/invoices/{invoice_id}/attachment.csv"
    assert audit_rows(engine, patient) == [
        ("region:23", route, "allowed"),
        ("municipality:2326", route, "refused"),  # Berg is no party: answered 404, logged
    ]


def severe_care(report_id: str) -> dict[str, Any]:
    """GB-ECO: Bollnäs's nurse on a respirator patient Region Gävleborg is responsible for."""
    return rental(
        report_id,
        day="2019-03-04",
        kind="severe-care",
        performer_code="2183",
        counterparty_code="21",
        responsible_code="21",
        task_type="respirator",
    )


def test_an_invoice_between_two_other_parties_is_hidden_from_region_23(client, engine) -> None:
    bollnas_nurse = as_caller("municipality:2183", "municipal-nurse")
    body = severe_care("gb-hidden")
    assert client.post("/v1/work-reports", json=body, headers=bollnas_nurse).status_code == 201
    bollnas = as_caller("municipality:2183", "finance")
    (invoice,) = run_month(client, "2019-03", "2019-04-10", bollnas)["invoices"]
    path = f"/v1/invoices/{invoice['invoice_id']}"
    assert client.get(path, headers=REGION).status_code == 404
    assert client.get(f"{path}/ubl", headers=REGION).status_code == 404
    assert client.get(f"{path}/attachment.csv", headers=REGION).status_code == 404
    assert client.get("/v1/invoices?period=2019-03", headers=REGION).json()["items"] == []
    assert client.get(f"{path}/attachment.csv", headers=GAVLEBORG).status_code == 200
    route = "GET /v1/invoices/{invoice_id}/attachment.csv"
    assert audit_rows(engine, body["patient_ref"]) == [
        ("region:23", route, "refused"),
        ("region:21", route, "allowed"),
    ]


def test_the_ubl_document_is_peppol_billing_3_without_patients(client, april) -> None:
    invoice_id = by_stream(april, "sight")["invoice_id"]
    response = client.get(f"/v1/invoices/{invoice_id}/ubl", headers=OSTERSUND)
    assert response.headers["content-type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag.endswith("}Invoice")
    assert root.findtext(f"{CBC}CustomizationID") == UBL_CUSTOMIZATION
    assert root.findtext(f"{CBC}ID") == invoice_id
    assert root.findtext(f"{CBC}BuyerReference") == "Syncentralen"
    assert patient_ref("apr-sight").encode() not in response.content


def test_a_credit_note_credits_lines_once_and_leaves_the_invoice_as_issued(client, april) -> None:
    original = by_stream(april, "hearing")
    path = f"/v1/invoices/{original['invoice_id']}/credit-notes"
    body = {"reason": "task reported twice", "line_numbers": [1], "issue_date": "2026-05-10"}
    customer = client.post(path, json=body, headers=REGION)
    assert (customer.status_code, customer.json()["errors"][0]["rule"]) == (403, "ACCESS-SUPPLIER")
    assert client.post(path, json=body, headers=BERG).status_code == 404  # no party at all
    credit = client.post(path, json=body, headers=OSTERSUND)
    assert credit.status_code == 201
    note = credit.json()
    assert (note["document_type"], note["credits_invoice_id"]) == (
        "credit-note",
        original["invoice_id"],
    )
    assert note["lines"][0]["credits_line"] == 1 and note["total"] == original["total"]
    twice = client.post(path, json=body, headers=OSTERSUND)
    assert (twice.status_code, twice.json()["errors"][0]["rule"]) == (422, "InvalidCredit")
    ubl = ET.fromstring(
        client.get(f"/v1/invoices/{note['invoice_id']}/ubl", headers=REGION).content
    )
    assert root_name(ubl) == "CreditNote"
    unchanged = client.get(f"/v1/invoices/{original['invoice_id']}", headers=REGION).json()
    assert unchanged["total"] == original["total"]
    listed = client.get("/v1/invoices?period=2026-04", headers=REGION).json()["items"]
    assert {original["invoice_id"], note["invoice_id"]} <= {i["invoice_id"] for i in listed}


def root_name(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]
