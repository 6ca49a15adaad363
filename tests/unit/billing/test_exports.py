"""CSV attachment and PEPPOL BIS Billing 3.0 UBL export (issue 4 item 6)."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from billing.domain import (
    Invoice,
    Period,
    VatTreatment,
    WorkKind,
    attachment_csv,
    credit_note,
    run_monthly_invoices,
    to_ubl,
)

from tests.unit.billing.builders import context, report

D = Decimal
NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CBC = "{" + NS["cbc"] + "}"
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
CAC = "{" + NS["cac"] + "}"


def required_text(element: ET.Element, path: str) -> str:
    """The text at ``path``, which the test expects to be present."""
    text = element.findtext(path, namespaces=NS)
    assert text is not None, path
    return text


def gb_invoice() -> Invoice:
    reports = [
        report(
            f"g{i}",
            kind=WorkKind.SEVERE_CARE,
            performer="bollnas",
            counterparty="gavleborg",
            responsible="gavleborg",
            task="tracheostomy",
            minutes=minutes,
            start=datetime(2019, 3, 4 + i, 10),
            subject_ref=f"P-{i % 2}",
        )
        for i, minutes in enumerate([90, 75, 61])
    ]
    result = run_monthly_invoices(
        reports, month=Period.month(2019, 3), ctx=context(), issue_date=date(2019, 4, 10)
    )
    return result.invoices[0]


def test_csv_attachment_has_one_row_per_line_keyed_by_pseudonymous_patient():
    rows = list(csv.DictReader(io.StringIO(attachment_csv(gb_invoice()))))
    assert [row["subject_ref"] for row in rows] == ["P-0", "P-1", "P-0"]
    assert [row["source_ids"] for row in rows] == ["g0", "g1", "g2"]
    assert rows[0]["quantity"] == "45.00"  # 50 % of 90 minutes
    assert rows[0]["amount"] == "224.85"
    assert rows[0]["rule_id"] == "GB-ECO"
    assert sum(D(row["amount"]) for row in rows) == gb_invoice().total


def test_ubl_invoice_has_the_peppol_header_parties_tax_and_totals():
    invoice = gb_invoice()
    root = ET.fromstring(to_ubl(invoice))
    assert root.tag == "{" + NS["inv"] + "}Invoice"
    text = {
        tag: root.findtext(f"cbc:{tag}", namespaces=NS)
        for tag in (
            "CustomizationID",
            "ProfileID",
            "ID",
            "IssueDate",
            "DueDate",
            "InvoiceTypeCode",
            "DocumentCurrencyCode",
            "BuyerReference",
        )
    }
    assert text == {
        "CustomizationID": CUSTOMIZATION,
        "ProfileID": "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0",
        "ID": invoice.invoice_id,
        "IssueDate": "2019-04-10",
        "DueDate": "2019-05-10",
        "InvoiceTypeCode": "380",
        "DocumentCurrencyCode": "SEK",
        "BuyerReference": "KST 80904",
    }
    supplier = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert supplier is not None
    endpoint = supplier.find("cbc:EndpointID", NS)
    assert endpoint is not None
    assert endpoint.get("schemeID") == "0007"
    assert supplier.findtext("cac:PartyLegalEntity/cbc:RegistrationName", namespaces=NS)
    category = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert category is not None
    assert category.findtext("cbc:ID", namespaces=NS) == "O"
    assert category.find("cbc:Percent", NS) is None
    assert category.findtext("cbc:TaxExemptionReason", namespaces=NS)
    assert root.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=NS) == "0.00"
    total = f"{invoice.total:.2f}"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == total
    assert b"P-0" not in to_ubl(invoice)  # patient references stay in the attachment


def test_ubl_lines_satisfy_quantity_times_price_over_base_quantity():
    root = ET.fromstring(to_ubl(gb_invoice()))
    lines = root.findall("cac:InvoiceLine", NS)
    assert len(lines) == 3
    total = D(0)
    for line in lines:
        quantity = D(required_text(line, "cbc:InvoicedQuantity"))
        price = D(required_text(line, "cac:Price/cbc:PriceAmount"))
        base = D(required_text(line, "cac:Price/cbc:BaseQuantity"))
        amount = D(required_text(line, "cbc:LineExtensionAmount"))
        invoiced_quantity = line.find("cbc:InvoicedQuantity", NS)
        assert invoiced_quantity is not None
        assert invoiced_quantity.get("unitCode") == "MIN"
        assert (quantity * price / base).quantize(D("0.01"), ROUND_HALF_UP) == amount
        total += amount
    assert f"{total:.2f}" == root.findtext(
        "cac:LegalMonetaryTotal/cbc:LineExtensionAmount", namespaces=NS
    )


def test_ubl_top_level_elements_are_in_schema_order():
    root = ET.fromstring(to_ubl(gb_invoice()))
    order = [child.tag.replace(CBC, "").replace(CAC, "") for child in root]
    expected = [
        "CustomizationID",
        "ProfileID",
        "ID",
        "IssueDate",
        "DueDate",
        "InvoiceTypeCode",
        "DocumentCurrencyCode",
        "BuyerReference",
        "InvoicePeriod",
        "AccountingSupplierParty",
        "AccountingCustomerParty",
        "PaymentTerms",
        "TaxTotal",
        "LegalMonetaryTotal",
        "InvoiceLine",
        "InvoiceLine",
        "InvoiceLine",
    ]
    assert order == expected


def test_ubl_credit_note_references_the_original_invoice():
    invoice = gb_invoice()
    credit = credit_note(
        invoice,
        credit_note_id="CN-9",
        issue_date=date(2019, 4, 20),
        reason="double reported",
        line_numbers=[3],
    )
    root = ET.fromstring(to_ubl(credit))
    assert root.tag == "{" + NS["cn"] + "}CreditNote"
    assert root.findtext("cbc:CreditNoteTypeCode", namespaces=NS) == "381"
    assert root.find("cbc:DueDate", NS) is None
    reference = "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
    assert root.findtext(reference, namespaces=NS) == invoice.invoice_id
    (line,) = root.findall("cac:CreditNoteLine", NS)
    assert line.findtext("cbc:CreditedQuantity", namespaces=NS) == "30.50"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == (
        f"{credit.total:.2f}"
    )


def test_exempt_vat_category_carries_a_zero_rate():
    ctx = context()
    ctx = type(ctx)(
        ctx.price_book,
        ctx.parties,
        ctx.rules,
        {"JH-RENT-DAY": VatTreatment("E", "Exempt: health care")},
    )
    result = run_monthly_invoices(
        [report()], month=Period.month(2026, 3), ctx=ctx, issue_date=date(2026, 4, 5)
    )
    root = ET.fromstring(to_ubl(result.invoices[0]))
    category = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert category is not None
    assert category.findtext("cbc:ID", namespaces=NS) == "E"
    assert category.findtext("cbc:Percent", namespaces=NS) == "0"
