"""Issue 13 §7: every kind of document the PEPPOL export writes is valid UBL 2.1, checked
against the OASIS schemas vendored in tests/fixtures/ubl (offline)."""

from dataclasses import replace
from datetime import date

import pytest
import xmlschema
from billing.domain import (
    Invoice,
    Period,
    VatTreatment,
    credit_note,
    run_monthly_invoices,
    to_ubl,
)
from billing.domain.invoicing.invoices import with_party_details
from billing.domain.parties import PaymentAccount, PaymentScheme

from tests.support.ubl import ubl_schema
from tests.unit.billing.builders import context, report
from tests.unit.billing.test_parties import gb_invoice


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    """Invoice and CreditNote in one schema set (tests/support/ubl.py, built once)."""
    return ubl_schema()


def rental_invoice() -> Invoice:
    run = run_monthly_invoices(
        [report("r1"), report("r2")],
        month=Period.month(2026, 3),
        ctx=context(),
        issue_date=date(2026, 4, 2),
    )
    (invoice,) = run.invoices
    accounts = (
        PaymentAccount(PaymentScheme.BANKGIRO, "50501055"),
        PaymentAccount(PaymentScheme.PLUSGIRO, "9020033"),
    )
    supplier = replace(invoice.supplier, accounts=accounts)
    customer = replace(invoice.customer, buyer_reference="Ekonomi 4711")
    return with_party_details(invoice, supplier, customer)


def documents() -> dict[str, Invoice]:
    rental = rental_invoice()
    credit = credit_note(
        rental, credit_note_id="CN-1", issue_date=date(2026, 4, 5), reason="wrong hours"
    )
    exempt = replace(rental, vat=VatTreatment("E", "Exempt under the agreement"))
    return {
        "rental invoice with giro accounts": rental,
        "GB-ECO invoice, no account": gb_invoice(),
        "credit note": credit,
        "VAT category E": exempt,
    }


@pytest.mark.parametrize("case", list(documents()))
def test_produced_ubl_is_valid_against_the_ubl_2_1_schema(schema, case):
    schema.validate(to_ubl(documents()[case]).decode("utf-8"))


def test_the_schema_check_catches_a_misplaced_element(schema):
    text = to_ubl(rental_invoice()).decode("utf-8")
    start = text.index("<cac:PaymentMeans>")
    end = text.index("</cac:PaymentMeans>") + len("</cac:PaymentMeans>")
    moved = text[:start] + text[end:]
    moved = moved.replace("</Invoice>", text[start:end] + "</Invoice>")  # after the lines
    assert not schema.is_valid(moved)
    credit = to_ubl(
        credit_note(
            rental_invoice(), credit_note_id="CN-1", issue_date=date(2026, 4, 5), reason="x"
        )
    )
    assert not schema.is_valid(credit.decode("utf-8").replace("<cbc:ID>CN-1</cbc:ID>", ""))
