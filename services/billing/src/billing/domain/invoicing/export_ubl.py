"""PEPPOL BIS Billing 3.0 UBL export (Invoice 380 and CreditNote 381), stdlib only.

VAT: every document carries one VAT category for all lines (``Invoice.vat``), by default
"O" — not subject to VAT, as a settlement between Swedish public bodies — with the exemption
reason PEPPOL requires, no VAT rate and a tax amount of 0.00 (BR-O-*). Patient references
are not written to the UBL document; each line names its sources as an item property, and
the individual-level detail travels in the CSV attachment. An invoice says where it is paid
(``PaymentMeans``: the supplier's bankgiro / plusgiro). Element order follows the UBL 2.1
schema, which the tests validate every produced document against.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from billing.domain.invoicing.invoices import DocumentType, Invoice, InvoiceLine
from billing.domain.invoicing.ubl_parts import (
    CAC,
    CBC,
    amount,
    party_element,
    payment_means,
    sub,
)
from billing.domain.money import ZERO

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
ROOT_NS = {
    DocumentType.INVOICE: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    DocumentType.CREDIT_NOTE: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


def _tax_category(parent: ET.Element, tag: str, invoice: Invoice, with_reason: bool) -> None:
    category = sub(parent, CAC, tag)
    sub(category, CBC, "ID", invoice.vat.category)
    if invoice.vat.category != "O":
        sub(category, CBC, "Percent", "0")
    if with_reason:
        sub(category, CBC, "TaxExemptionReason", invoice.vat.reason)
    sub(sub(category, CAC, "TaxScheme"), CBC, "ID", "VAT")


def _header(root: ET.Element, invoice: Invoice, is_credit: bool) -> None:
    sub(root, CBC, "CustomizationID", CUSTOMIZATION_ID)
    sub(root, CBC, "ProfileID", PROFILE_ID)
    sub(root, CBC, "ID", invoice.invoice_id)
    sub(root, CBC, "IssueDate", invoice.issue_date.isoformat())
    if not is_credit:
        sub(root, CBC, "DueDate", invoice.due_date.isoformat())
    sub(
        root,
        CBC,
        "CreditNoteTypeCode" if is_credit else "InvoiceTypeCode",
        "381" if is_credit else "380",
    )
    if invoice.note:
        sub(root, CBC, "Note", invoice.note)
    sub(root, CBC, "DocumentCurrencyCode", invoice.currency)
    sub(root, CBC, "BuyerReference", invoice.buyer_reference)
    period = sub(root, CAC, "InvoicePeriod")
    sub(period, CBC, "StartDate", invoice.period.start.isoformat())
    sub(period, CBC, "EndDate", invoice.period.end.isoformat())
    if invoice.credited_invoice_id is not None:
        reference = sub(sub(root, CAC, "BillingReference"), CAC, "InvoiceDocumentReference")
        sub(reference, CBC, "ID", invoice.credited_invoice_id)
        if invoice.credited_issue_date is not None:
            sub(reference, CBC, "IssueDate", invoice.credited_issue_date.isoformat())


def _totals(root: ET.Element, invoice: Invoice) -> None:
    total = invoice.total
    tax_total = sub(root, CAC, "TaxTotal")
    amount(tax_total, "TaxAmount", ZERO, invoice.currency)
    subtotal = sub(tax_total, CAC, "TaxSubtotal")
    amount(subtotal, "TaxableAmount", total, invoice.currency)
    amount(subtotal, "TaxAmount", ZERO, invoice.currency)
    _tax_category(subtotal, "TaxCategory", invoice, with_reason=True)
    monetary = sub(root, CAC, "LegalMonetaryTotal")
    for tag in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount"):
        amount(monetary, tag, total, invoice.currency)
    amount(monetary, "PayableAmount", total, invoice.currency)


def _line(root: ET.Element, invoice: Invoice, number: int, line: InvoiceLine) -> None:
    is_credit = invoice.document_type is DocumentType.CREDIT_NOTE
    element = sub(root, CAC, "CreditNoteLine" if is_credit else "InvoiceLine")
    sub(element, CBC, "ID", str(number))
    quantity = sub(
        element, CBC, "CreditedQuantity" if is_credit else "InvoicedQuantity", _plain(line.quantity)
    )
    quantity.set("unitCode", line.unit.value)
    amount(element, "LineExtensionAmount", line.amount, invoice.currency)
    item = sub(element, CAC, "Item")
    sub(item, CBC, "Name", line.description[:100])
    if line.tariff_id:
        sub(sub(item, CAC, "SellersItemIdentification"), CBC, "ID", line.tariff_id)
    _tax_category(item, "ClassifiedTaxCategory", invoice, with_reason=False)
    for name, value in (("rule", line.rule_id), ("sources", " ".join(line.source_ids))):
        prop = sub(item, CAC, "AdditionalItemProperty")
        sub(prop, CBC, "Name", name)
        sub(prop, CBC, "Value", value)
    price = sub(element, CAC, "Price")
    amount(price, "PriceAmount", line.unit_price, invoice.currency)
    sub(price, CBC, "BaseQuantity", _plain(line.base_quantity)).set("unitCode", line.unit.value)


def _plain(value: Decimal) -> str:
    return f"{value:f}"


def to_ubl(invoice: Invoice) -> bytes:
    """The invoice or credit note as a UTF-8 PEPPOL BIS Billing 3.0 UBL document."""
    is_credit = invoice.document_type is DocumentType.CREDIT_NOTE
    namespace = ROOT_NS[invoice.document_type]
    # The root is written unqualified with its own xmlns, so the document uses the usual
    # default namespace without ElementTree's global default-namespace registration.
    root = ET.Element("CreditNote" if is_credit else "Invoice", {"xmlns": namespace})
    _header(root, invoice, is_credit)
    party_element(root, "AccountingSupplierParty", invoice.supplier)
    party_element(root, "AccountingCustomerParty", invoice.customer)
    if not is_credit:
        payment_means(root, invoice.supplier, invoice.invoice_id)
        sub(sub(root, CAC, "PaymentTerms"), CBC, "Note", f"Due {invoice.due_date.isoformat()}")
    _totals(root, invoice)
    for number, line in enumerate(invoice.lines, start=1):
        _line(root, invoice, number, line)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
