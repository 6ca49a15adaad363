"""Issue 13 §2 and §7: every region a party; party details validated; invoices carry the
customer's buyer reference, the supplier's giro account, and a Swedish CSV attachment."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, datetime
from importlib import resources

import pytest
from billing.domain import (
    Invoice,
    Period,
    WorkKind,
    attachment_csv,
    run_monthly_invoices,
    to_ubl,
)
from billing.domain.invoicing.export_csv import SWEDISH_COLUMNS, CsvForm
from billing.domain.invoicing.invoices import with_party_details
from billing.domain.parties import (
    PaymentAccount,
    PaymentScheme,
    account_problem,
    detail_problems,
    org_number_problem,
)
from billing.domain.provenance import Status
from billing.service_layer.reference import directory
from stdnum.se import orgnr

from tests.unit.billing.builders import context, report

REGIONS = {
    "01": "Stockholm",
    "03": "Uppsala",
    "04": "Södermanland",
    "05": "Östergötland",
    "06": "Jönköping",
    "07": "Kronoberg",
    "08": "Kalmar",
    "09": "Gotland",
    "10": "Blekinge",
    "12": "Skåne",
    "13": "Halland",
    "14": "Västra Götaland",
    "17": "Värmland",
    "18": "Örebro",
    "19": "Västmanland",
    "20": "Dalarna",
    "21": "Gävleborg",
    "22": "Västernorrland",
    "23": "Jämtland Härjedalen",
    "24": "Västerbotten",
    "25": "Norrbotten",
}
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"


def shipped() -> list[dict[str, object]]:
    text = resources.files("billing.reference_data").joinpath("parties.json").read_text("utf-8")
    parties: list[dict[str, object]] = json.loads(text)["parties"]
    return parties


def test_every_region_is_a_party_by_its_county_code():
    parties = directory()
    regions = {i["code"]: i["county"] for i in shipped() if i["kind"] == "region"}
    assert regions == REGIONS
    for code in REGIONS:
        party_id = parties.party_of("region", code)
        assert party_id is not None, code
        assert parties.organisation(party_id) == f"region:{code}"
    assert parties.parties[parties.party_id("24") or ""].name == "Region Västerbotten"


def test_shipped_details_are_valid_and_marked_placeholder():
    for item in shipped():
        assert orgnr.is_valid(str(item["org_number"])), item["party_id"]
        assert org_number_problem(str(item["org_number"])) is None
        assert account_problem(PaymentScheme.BANKGIRO, str(item["bankgiro"])) is None
        assert item["buyer_reference"] and item["buyer_reference"] != item["party_id"]
        assert item["status"] == Status.PLACEHOLDER.value  # examples, not the real numbers


@pytest.mark.parametrize(
    ("org_number", "valid"),
    [
        ("232100-0016", True),
        ("2321000016", True),
        ("232100-0017", False),  # check digit
        ("556036-0793", False),  # a company: parties are public bodies (start with 2)
        ("23210000", False),
        ("２３２１００-００１６", False),
    ],
)
def test_organisation_numbers_are_checked(org_number, valid):
    problem = org_number_problem(org_number)
    assert (problem is None) == valid
    if problem is not None:
        assert (problem.field, problem.rule) == ("org_number", "PARTY-ORGNR")


def test_giro_numbers_are_checked_and_every_problem_is_named():
    assert account_problem(PaymentScheme.BANKGIRO, "5050-1055") is None
    assert account_problem(PaymentScheme.PLUSGIRO, "90 20 03-3") is None  # 2–8 digits
    problems = detail_problems(
        "232100-0017",
        " ",
        {PaymentScheme.BANKGIRO: "5050-1056", PaymentScheme.PLUSGIRO: "123456789"},
    )
    assert {(p.field, p.rule) for p in problems} == {
        ("org_number", "PARTY-ORGNR"),
        ("buyer_reference", "PARTY-BUYER-REF"),
        ("bankgiro", "PARTY-BANKGIRO"),
        ("plusgiro", "PARTY-PLUSGIRO"),
    }


def rental_invoice() -> Invoice:
    ctx = context()
    result = run_monthly_invoices(
        [report("r1")], month=Period.month(2026, 3), ctx=ctx, issue_date=date(2026, 4, 2)
    )
    (invoice,) = result.invoices
    return invoice


def issued(invoice: Invoice) -> Invoice:
    supplier = replace(
        invoice.supplier,
        org_number="212000-2411",
        accounts=(PaymentAccount(PaymentScheme.BANKGIRO, "50501055"),),
    )
    customer = replace(invoice.customer, buyer_reference="Ekonomi 4711")
    return with_party_details(invoice, supplier, customer)


def test_the_rental_invoice_carries_the_customers_own_buyer_reference():
    invoice = rental_invoice()
    assert invoice.buyer_reference == "region"  # the run's fallback: an internal id
    assert issued(invoice).buyer_reference == "Ekonomi 4711"
    sight = replace(invoice, buyer_reference="Syncentralen")  # fixed by the agreement: kept
    assert issued(sight).buyer_reference == "Syncentralen"


def test_the_invoice_says_where_it_is_paid():
    root = ET.fromstring(to_ubl(issued(rental_invoice())))
    (means,) = root.findall(f"{CAC}PaymentMeans")
    assert means.findtext(f"{CBC}PaymentMeansCode") == "30"
    account = means.find(f"{CAC}PayeeFinancialAccount")
    assert account is not None
    assert account.findtext(f"{CBC}ID") == "50501055"
    assert account.findtext(f"{CAC}FinancialInstitutionBranch/{CBC}ID") == "SE:BANKGIRO"
    assert root.findtext(f"{CBC}BuyerReference") == "Ekonomi 4711"


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


def test_the_swedish_attachment_opens_in_a_swedish_spreadsheet():
    text = attachment_csv(gb_invoice(), CsvForm.SWEDISH)
    assert text.startswith("\ufeff")  # UTF-8 with BOM once encoded
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == SWEDISH_COLUMNS
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["Antal"], first["Belopp"], first["Dokumenttyp"]) == ("45,00", "224,85", "Faktura")
    assert first["Patientreferens"] == "P-0"
    plain = attachment_csv(gb_invoice())
    assert plain.startswith("invoice_id,") and "224.85" in plain  # the plain one is unchanged
