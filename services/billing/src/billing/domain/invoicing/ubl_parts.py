"""Small UBL building blocks shared by the PEPPOL export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from billing.domain.parties import Party, PaymentScheme

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
SWEDISH_ORG_NUMBER_SCHEME = "0007"
CREDIT_TRANSFER = "30"  # UNCL4461: credit transfer, as Swedish PEPPOL invoices use for giro
GIRO_BRANCH = {PaymentScheme.BANKGIRO: "SE:BANKGIRO", PaymentScheme.PLUSGIRO: "SE:PLUSGIRO"}


def sub(parent: ET.Element, namespace: str, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}")
    if text is not None:
        element.text = text
    return element


def amount(parent: ET.Element, tag: str, value: Decimal, currency: str) -> ET.Element:
    element = sub(parent, CBC, tag, f"{value:.2f}")
    element.set("currencyID", currency)
    return element


def party_element(root: ET.Element, role: str, party: Party) -> None:
    """Endpoint and legal entity by Swedish organisation number (ICD 0007), no VAT id."""
    element = sub(sub(root, CAC, role), CAC, "Party")
    org_number = party.org_number.replace("-", "")
    sub(element, CBC, "EndpointID", org_number).set("schemeID", SWEDISH_ORG_NUMBER_SCHEME)
    sub(sub(element, CAC, "PartyName"), CBC, "Name", party.name)
    address = sub(element, CAC, "PostalAddress")
    sub(address, CBC, "StreetName", party.address.street)
    sub(address, CBC, "CityName", party.address.city)
    sub(address, CBC, "PostalZone", party.address.postal_code)
    sub(sub(address, CAC, "Country"), CBC, "IdentificationCode", party.address.country_code)
    legal = sub(element, CAC, "PartyLegalEntity")
    sub(legal, CBC, "RegistrationName", party.name)
    sub(legal, CBC, "CompanyID", org_number).set("schemeID", SWEDISH_ORG_NUMBER_SCHEME)


def payment_means(root: ET.Element, supplier: Party, payment_id: str) -> None:
    """One PaymentMeans per account of the supplier: credit transfer to its bankgiro or
    plusgiro, the invoice number as the payment reference (PEPPOL BT-81..BT-86)."""
    for account in supplier.accounts:
        means = sub(root, CAC, "PaymentMeans")
        sub(means, CBC, "PaymentMeansCode", CREDIT_TRANSFER)
        sub(means, CBC, "PaymentID", payment_id)
        payee = sub(means, CAC, "PayeeFinancialAccount")
        sub(payee, CBC, "ID", account.number)
        branch = sub(payee, CAC, "FinancialInstitutionBranch")
        sub(branch, CBC, "ID", GIRO_BRANCH[account.scheme])
