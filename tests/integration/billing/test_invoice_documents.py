"""An invoice's documents: the audited CSV attachment, PEPPOL UBL, and credit notes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from handover_common.tables import AuditEntry

from tests.integration.billing.april import DAY, by_stream, report_and_run
from tests.integration.billing.conftest import BERG, OSTERSUND, REGION, count

pytestmark = pytest.mark.integration
UBL_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


@pytest.fixture(scope="module")
def april(client) -> dict[str, Any]:
    return report_and_run(client)


def test_the_attachment_is_for_the_parties_and_every_read_is_audited(client, engine, april) -> None:
    invoice_id = by_stream(april, "staff-rental")["invoice_id"]
    path = f"/v1/invoices/{invoice_id}/attachment.csv"
    before = count(engine, AuditEntry)
    response = client.get(path, headers=REGION)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    header, row = response.text.splitlines()
    assert header.startswith("invoice_id,document_type,line,rule_id")
    assert f"{invoice_id},invoice,1,JH-RENT-DAY,{DAY},P-apr-day," in row
    assert count(engine, AuditEntry) == before + 1
    assert client.get(path, headers=BERG).status_code == 404
    assert client.get(path).status_code == 401
    assert count(engine, AuditEntry) == before + 1


def test_the_ubl_document_is_peppol_billing_3_without_patients(client, april) -> None:
    invoice_id = by_stream(april, "sight")["invoice_id"]
    response = client.get(f"/v1/invoices/{invoice_id}/ubl", headers=OSTERSUND)
    assert response.headers["content-type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag.endswith("}Invoice")
    assert root.findtext(f"{CBC}CustomizationID") == UBL_CUSTOMIZATION
    assert root.findtext(f"{CBC}ID") == invoice_id
    assert root.findtext(f"{CBC}BuyerReference") == "Syncentralen"
    assert b"P-apr-sight" not in response.content


def test_a_credit_note_credits_lines_once_and_leaves_the_invoice_as_issued(client, april) -> None:
    original = by_stream(april, "hearing")
    path = f"/v1/invoices/{original['invoice_id']}/credit-notes"
    body = {"reason": "task reported twice", "line_numbers": [1], "issue_date": "2026-05-10"}
    assert client.post(path, json=body, headers=REGION).status_code == 403  # the customer
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
    listed = client.get("/v1/invoices?period=2026-04", headers=REGION).json()
    assert {original["invoice_id"], note["invoice_id"]} <= {i["invoice_id"] for i in listed}


def root_name(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]
