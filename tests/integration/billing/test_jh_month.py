"""Issue 13, "done when": one month of Jämtland Härjedalen, March 2026, as finance runs it.

Only the HTTP API, with each organisation's own token (the hospital's stay notices reach billing
as events, through the consumer's handlers, as they do in production):

1. finance lists the placeholders and enters every value the month needs: the indices of 2025
   and 2026, the national LAW-PAY daily amount of 2026, the region's LAW-PAY agreement and
   model, and each party's organisation number, buyer reference and bankgiro;
2. the performers report the month's work, the hospital's stay notices arrive;
3. each supplier's finance runs its invoices with ``refuse_placeholders: true``;
4. every invoice goes to the right customer with the reference that customer entered, is valid
   UBL 2.1, its Swedish attachment opens, and the amounts are as computed by hand below.

EXAMPLE FIGURES: the index values, the LAW-PAY daily amount and the municipalities' organisation
and bankgiro numbers below are examples with the right form (valid check digits), not published
or registered figures: finance enters the real ones the same way.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from handover_common.inbox import apply_once
from handover_contracts.events import PatientDischarged
from handover_contracts.stay_events import PatientAdmitted, PatientReadyForDischarge

from tests.integration.billing.conftest import OSTERSUND, REGION
from tests.integration.billing.test_distribution_runs import stay
from tests.support.identity import HEALTH_CENTRE_23, NURSE_2380, as_caller
from tests.support.people import patient_ref
from tests.support.ubl import validate_ubl

pytestmark = pytest.mark.integration

MONTH, ISSUED = "2026-03", "2026-04-02"
VASTERBOTTEN = as_caller("region:24", "finance")
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"

# --- 1. reference values ----------------------------------------------------------------------
# Only the ratio index(2026) / index(2025) is used; 2025 = 100 (EXAMPLE values, SKR publishes
# the real ones). Entering 2025's 100.00 is what makes the shipped placeholder real.
INDICES = {"VPI/2025": "100.00", "VPI/2026": "103.20", "OPI/2025": "100.00", "OPI/2026": "102.80"}
LAW_PAY_DAILY_2026 = {
    "tariff_id": "LAW-PAY-NATIONAL-DAILY",
    "rule_id": "LAW-PAY",
    "description": "National daily amount (Socialstyrelsen) 2026",
    "amount": "11200.00",  # EXAMPLE: Socialstyrelsen's 2026 figure is entered here
    "unit": "day",
    "base_year": 2026,
    "valid_from": "2026-01-01",
    "valid_to": "2026-12-31",
    "note": "example figure in the test",
}
# LAW-PAY-AGREEMENT: the region's own agreement and model, entered by its finance (the values
# the shipped example has: individual clock, 2 free calendar days somatic, 5 psychiatry, day 0
# when the ready notice was sent before 12:00); it becomes agreement "region-jh/2026".
LAW_PAY_CLOCK = {
    "kind": "individual",
    "free_days": 2,
    "psychiatry_free_days": 5,
    "day_basis": "calendar",
    "notice_cutoff": "12:00",
    "daily_tariff_id": "LAW-PAY-NATIONAL-DAILY",
    "valid_from": "2026-01-01",
}
# code → (organisation number, buyer reference, bankgiro); each entered by that party's finance.
# The regions' numbers are the regions' own (232100-0214 Jämtland Härjedalen, 232100-0222
# Västerbotten); the municipalities' are EXAMPLES with valid check digits.
PARTIES = {
    "23": ("232100-0214", "Ekonomi HS 1150", "5412-0019"),
    "24": ("232100-0222", "Ekonomi 4711", None),
    "2380": ("212000-2411", "Vård och omsorg 3001", "5412-0118"),
    "2326": ("212000-2270", "Berg SOC 12", None),
    "2305": ("212000-2437", "Bräcke VO 7", None),
    "2361": ("212000-2312", "Härjedalen HSL 2", None),
    "2309": ("212000-2353", "Krokom VO 44", None),
    "2303": ("212000-2379", "Ragunda SOC 5", None),
    "2313": ("212000-2387", "Strömsund HSL 9", None),
    "2321": ("212000-2395", "Åre VO 31", None),
}
JH_MUNICIPALITIES = tuple(code for code in PARTIES if len(code) == 4)


def finance(code: str) -> dict[str, str]:
    return as_caller(f"{'region' if len(code) == 2 else 'municipality'}:{code}", "finance")


def enter_reference_values(client: Any) -> None:
    todo = {
        p["key"]
        for p in client.get("/v1/reference-values/placeholders", headers=REGION).json()["items"]
    }
    assert set(INDICES) <= todo  # shipped examples: finance replaces them before the month
    for key, value in INDICES.items():
        entered = client.put(f"/v1/indices/{key}", json={"value": value}, headers=REGION)
        assert entered.status_code == 200, entered.json()
        assert entered.json()["provenance"]["status"] == "entered"
    daily = client.post("/v1/tariffs", json=LAW_PAY_DAILY_2026, headers=REGION)
    assert daily.status_code == 201, daily.json()  # 2026 had no daily amount at all
    assert {"LAW-PAY/region-jh", "LAW-PAY/example-somatic"} <= todo
    clock = client.put("/v1/payment-clock/agreements/23", json=LAW_PAY_CLOCK, headers=REGION)
    assert clock.status_code == 200, clock.json()
    assert (clock.json()["agreement_id"], clock.json()["provenance"]["status"]) == (
        "region-jh/2026",
        "entered",
    )
    for code, (org_number, reference, bankgiro) in PARTIES.items():
        details = {"org_number": org_number, "buyer_reference": reference, "bankgiro": bankgiro}
        put = client.put(f"/v1/parties/{code}", json=details, headers=finance(code))
        assert put.status_code == 200, put.json()
        assert put.json()["provenance"]["status"] == "entered"


# --- 2. the month's work ----------------------------------------------------------------------
def work(report_id: str, day: str, start: str, minutes: tuple[int, int, int, int], **fields: Any):
    """One job: (intervention, administration, reporting back, travel) minutes from ``start``."""
    intervention, administration, reporting_back, travel = minutes
    hours, mins = divmod(int(start[:2]) * 60 + int(start[3:]) + sum(minutes), 60)
    body = {
        "report_id": report_id,
        "patient_ref": patient_ref(report_id),
        "started_at": f"{day}T{start}:00+01:00",
        "ended_at": f"{day}T{hours:02d}:{mins:02d}:00+01:00",  # the same day
        "intervention_minutes": intervention,
        "administration_minutes": administration,
        "reporting_back_minutes": reporting_back,
        "travel_minutes": travel,
    }
    return body | fields


OSTERSUND_FOR_REGION = {
    "performer_code": "2380",
    "counterparty_code": "23",
    "responsible_code": "23",
}
REGION_FOR_OSTERSUND = {
    "performer_code": "23",
    "counterparty_code": "2380",
    "responsible_code": "2380",
}


def cost(kind: str, description: str, quantity: str, unit_price: str) -> dict[str, str]:
    return {
        "kind": kind,
        "description": description,
        "quantity": quantity,
        "unit_price": unit_price,
    }


# (report, who reports it)
REPORTS = [
    # JH-RENT-DAY: Östersund's nurse works for the region's primary care in daytime
    (
        work(
            "mar-rent-1",
            "2026-03-03",
            "09:00",
            (60, 15, 5, 20),
            kind="staff-rental",
            task_type="wound-care",
            **OSTERSUND_FOR_REGION,
        ),
        NURSE_2380,
    ),  # 100 min → 2 started hours
    (
        work(
            "mar-rent-2",
            "2026-03-12",
            "14:30",
            (30, 10, 5, 15),
            kind="staff-rental",
            task_type="catheter-care",
            combined_with_ordinary_visit=True,
            **OSTERSUND_FOR_REGION,
        ),
        NURSE_2380,
    ),  # 45 min (travel combined with an ordinary visit: not billed) → 1 started hour
    # JH-RENT-NIGHT: evening and night work is done without compensation
    (
        work(
            "mar-night",
            "2026-03-14",
            "22:10",
            (40, 10, 5, 0),
            kind="staff-rental",
            task_type="medication-administration",
            **OSTERSUND_FOR_REGION,
        ),
        NURSE_2380,
    ),
    # JH-SIGHT: sight and hearing, listed task types only (GET /v1/work-kinds)
    (
        work(
            "mar-sight",
            "2026-03-05",
            "10:00",
            (60, 15, 5, 20),
            kind="sight",
            task_type="reading-tv",
            **OSTERSUND_FOR_REGION,
        ),
        NURSE_2380,
    ),  # 100 min → 2 started hours
    (
        work(
            "mar-glasses",
            "2026-03-05",
            "13:00",
            (20, 5, 0, 0),
            kind="sight",
            task_type="cleaning-glasses",
            **OSTERSUND_FOR_REGION,
        ),
        NURSE_2380,
    ),  # not a listed task: not billed
    (
        work(
            "mar-hearing",
            "2026-03-10",
            "13:00",
            (40, 10, 5, 0),
            kind="hearing",
            task_type="hearing-aid-handling-training",
            **OSTERSUND_FOR_REGION,
        ),
        NURSE_2380,
    ),  # 55 min → 1 started hour
    # JH-HOSP-STAFF: Östersund's staff accompany a resident in hospital (agreed in writing)
    (
        work(
            "mar-hosp",
            "2026-03-18",
            "08:00",
            (240, 0, 0, 0),
            kind="hospital-accompaniment",
            task_type="accompaniment",
            written_agreement_ref="JH-HOSP-2026-014",
            costs=[
                cost("salary", "undersköterska 4 h", "4", "285.00"),
                cost("travel", "car, 18 km", "1", "180.00"),
                cost("travel-time-pay", "1 h", "1", "142.50"),
            ],
            **OSTERSUND_FOR_REGION,
        ),
        NURSE_2380,
    ),
    # JH-MT-VARIABLE: the region's MT services a pump Östersund ordered
    (
        work(
            "mar-mt",
            "2026-03-09",
            "09:00",
            (60, 15, 5, 20),
            kind="mt-service",
            task_type="pump-service",
            costs=[
                cost("travel", "car to the unit", "1", "250.00"),
                cost("spare-part", "filter", "1", "149.00"),
            ],
            **REGION_FOR_OSTERSUND,
        ),
        REGION,
    ),
    # GEN-RES: a person registered in Västerbotten cared for by the region's health centre
    (
        work(
            "mar-visitor",
            "2026-03-20",
            "11:00",
            (30, 0, 0, 0),
            kind="non-resident-care",
            task_type="home-visit",
            performer_code="23",
            counterparty_code="24",
            responsible_code="23",
            costs=[cost("other", "home visit", "1", "1450.00")],
        ),
        HEALTH_CENTRE_23,
    ),
]


def stay_notices() -> list[Any]:
    """A somatic stay at Östersund hospital of a resident of Östersund: admitted 2 March (notice
    within the hour, LAW-ADM24), ready 16 March with the notice sent at 09:00 (before 12:00: day
    0 is the 16th), no SIP needed, discharged 24 March."""
    stay_id = "mar-stay"
    admitted = datetime.fromisoformat("2026-03-02T08:00:00+01:00")
    ready = datetime.fromisoformat("2026-03-16T09:00:00+01:00")
    discharge = {"discharge_id": "00000000-0000-0000-0000-000000000313", "age_years": 84}
    discharge |= {"discharged_at": datetime.fromisoformat("2026-03-24T10:00:00+01:00")}
    discharge |= {"care": {"needs": {"components": ["nursing"]}}}
    return [
        stay(PatientAdmitted, stay_id, admitted_at=admitted, notice_sent_at=admitted),
        stay(
            PatientReadyForDischarge,
            stay_id,
            ready_at=ready,
            notice_sent_at=ready,
            sip_needed=False,
        ),
        stay(PatientDischarged, stay_id, **discharge),
    ]


def report_the_month(client: Any) -> None:
    for body, performer in REPORTS:
        posted = client.post("/v1/work-reports", json=body, headers=performer)
        assert posted.status_code == 201, posted.json()
    runtime = client.app.state.runtime
    for envelope in stay_notices():
        assert apply_once(runtime.engine, "billing", envelope, runtime.handlers) == "applied"


# --- 3. the runs --------------------------------------------------------------------------------
def run(client: Any, path: str, body: dict[str, Any], supplier: dict[str, str]) -> dict[str, Any]:
    answer = client.post(
        f"/v1/invoice-runs{path}", json={**body, "refuse_placeholders": True}, headers=supplier
    )
    assert answer.status_code == 200, answer.json()
    result: dict[str, Any] = answer.json()
    return result


@pytest.fixture(scope="module")
def month(client) -> dict[str, dict[str, Any]]:
    """Every run of March 2026, by name (each supplier runs what it supplies)."""
    enter_reference_values(client)
    report_the_month(client)
    monthly = {"month": MONTH, "issue_date": ISSUED}
    runs = {
        "ostersund": run(client, "", monthly, OSTERSUND),
        "region": run(client, "", monthly, REGION),
        # JH-MT-FIXED is invoiced in advance: the second half-year, issued with March's invoices
        "mt-fixed": run(
            client, "/mt-fixed", {"year": 2026, "half": 2, "issue_date": ISSUED}, REGION
        ),
        # LAW-PAY: clocked under the region's own agreement as its finance entered it
        "payment-clock": run(client, "/payment-clock", monthly, REGION),
    }
    return runs


def invoices(month: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [invoice for result in month.values() for invoice in result["invoices"]]


def one(month: dict[str, dict[str, Any]], run_name: str, stream: str) -> dict[str, Any]:
    invoice: dict[str, Any]
    (invoice,) = [i for i in month[run_name]["invoices"] if i["stream"] == stream]
    return invoice


def lines(client: Any, invoice: dict[str, Any]) -> list[tuple[str, Decimal, Decimal]]:
    """(report or stay, quantity, amount) of each line, as the region's finance opens it."""
    opened = client.get(f"/v1/invoices/{invoice['invoice_id']}", headers=REGION)
    return [
        (line["source_ids"][0], Decimal(line["quantity"]), Decimal(line["amount"]))
        for line in opened.json()["lines"]
    ]


# --- 4. what finance checks ---------------------------------------------------------------------
def test_every_run_is_made_refusing_placeholders_and_uses_none(month) -> None:
    for name, result in month.items():
        assert result["placeholders"] == [], name
        assert not [w for w in result["warnings"] if "REF-PLACEHOLDER" in w], name


def test_the_values_entered_are_no_longer_placeholders(client, month) -> None:
    left = {
        p["key"]
        for p in client.get("/v1/reference-values/placeholders", headers=REGION).json()["items"]
    }
    assert not left & {*INDICES, "LAW-PAY-NATIONAL-DAILY/2026-01-01", "LAW-PAY/region-jh"}
    for code, (org_number, reference, _) in PARTIES.items():
        party = client.get(f"/v1/parties/{code}", headers=REGION).json()
        assert (party["org_number"], party["buyer_reference"]) == (org_number, reference)


def test_each_invoice_goes_to_its_customer_with_the_reference_it_entered(month) -> None:
    issued = {
        (
            i["rule_id"],
            i["stream"],
            i["supplier"]["organisation"],
            i["customer"]["organisation"],
            i["buyer_reference"],
        )
        for i in invoices(month)
    }
    mt_fixed = {
        ("JH-MT-FIXED", "mt-fixed", "region:23", f"municipality:{code}", PARTIES[code][1])
        for code in JH_MUNICIPALITIES
    }
    assert issued == {
        ("JH-RENT-DAY", "staff-rental", "municipality:2380", "region:23", "Ekonomi HS 1150"),
        ("JH-SIGHT", "sight", "municipality:2380", "region:23", "Syncentralen"),  # the agreement's
        ("JH-SIGHT", "hearing", "municipality:2380", "region:23", "Hörselvården"),
        (
            "JH-HOSP-STAFF",
            "hospital-accompaniment",
            "municipality:2380",
            "region:23",
            "Ekonomi HS 1150",
        ),
        ("JH-MT-VARIABLE", "mt-service", "region:23", "municipality:2380", "Vård och omsorg 3001"),
        ("GEN-RES", "non-resident-care", "region:23", "region:24", "Ekonomi 4711"),
        ("LAW-PAY", "payment-clock", "region:23", "municipality:2380", "Vård och omsorg 3001"),
        *mt_fixed,
    }
    for invoice in invoices(month):  # as entered, not the shipped placeholders
        for side in ("supplier", "customer"):
            code = invoice[side]["organisation"].split(":")[1]
            assert invoice[side]["org_number"] == PARTIES[code][0]
    excluded = {(e["item_id"], e["rule_id"], e["reason"]) for e in month["ostersund"]["exclusions"]}
    assert excluded == {
        ("mar-night", "JH-RENT-NIGHT", "outside-daytime"),  # without compensation
        ("mar-glasses", "JH-SIGHT", "task-not-listed"),
    }


def test_the_amounts_are_as_computed_by_hand(client, month) -> None:
    # JH-RENT-DAY: 640.00 (2025) × VPI 103.20 / 100.00 = 660.48 per started hour;
    # mar-rent-1 100 min → 2 h = 1320.96, mar-rent-2 45 min → 1 h = 660.48
    rent = one(month, "ostersund", "staff-rental")
    assert lines(client, rent) == [
        ("mar-rent-1", Decimal(2), Decimal("1320.96")),
        ("mar-rent-2", Decimal(1), Decimal("660.48")),
    ]
    assert Decimal(rent["total"]) == Decimal("1981.44")
    # JH-SIGHT: 338.00 (2025) × OPI 102.80 / 100.00 = 347.464 → 347.46 per started hour;
    # sight 100 min → 2 h = 694.92; hearing 55 min → 1 h = 347.46 (its own invoice)
    assert Decimal(one(month, "ostersund", "sight")["total"]) == Decimal("694.92")
    assert Decimal(one(month, "ostersund", "hearing")["total"]) == Decimal("347.46")
    # JH-HOSP-STAFF: the costs as reported: 4 × 285.00 + 180.00 + 142.50 = 1462.50
    assert Decimal(one(month, "ostersund", "hospital-accompaniment")["total"]) == Decimal("1462.50")
    # JH-MT-VARIABLE: 1123.00 (2025) × 103.20 / 100.00 = 1158.936 → 1158.94 per hour, by the
    # minute without travel time: 80 min × 1158.94 / 60 = 1545.2533 → 1545.25; travel 250.00
    # and the filter 149.00 as reported: 1944.25
    mt = one(month, "region", "mt-service")
    assert lines(client, mt) == [
        ("mar-mt", Decimal(80), Decimal("1545.25")),
        ("mar-mt", Decimal(1), Decimal("250.00")),
        ("mar-mt", Decimal(1), Decimal("149.00")),
    ]
    assert Decimal(mt["total"]) == Decimal("1944.25")
    # GEN-RES: no tariff in the agreements, the reported cost: 1450.00
    assert Decimal(one(month, "region", "non-resident-care")["total"]) == Decimal("1450.00")
    # JH-MT-FIXED 2026-H2: (40 h + 12 min × 923 devices / 60) = 224.6 h a year;
    # 224.6 × 1158.94 / 2 = 130148.962 → 130148.96, split by device share (Östersund 381/923)
    fixed = month["mt-fixed"]["invoices"]
    assert sum(Decimal(i["total"]) for i in fixed) == Decimal("130148.96")
    # LAW-PAY: day 0 = 16 March (notice sent 09:00, before 12:00), 17–18 free, 19–23 payable,
    # the discharge day 24 not: 5 days × 11200.00 = 56000.00
    law_pay = one(month, "payment-clock", "payment-clock")
    assert lines(client, law_pay) == [("mar-stay", Decimal(5), Decimal("56000.00"))]
    assert Decimal(law_pay["total"]) == Decimal("56000.00")


def test_the_home_region_sees_its_gen_res_invoice(client, month) -> None:
    gen_res = one(month, "region", "non-resident-care")
    seen = client.get("/v1/invoices", params={"period": MONTH}, headers=VASTERBOTTEN).json()[
        "items"
    ]
    assert [i["invoice_id"] for i in seen] == [gen_res["invoice_id"]]
    path = f"/v1/invoices/{gen_res['invoice_id']}/ubl"
    document = ET.fromstring(client.get(path, headers=VASTERBOTTEN).content)
    assert document.findtext(f"{CBC}BuyerReference") == "Ekonomi 4711"
    assert document.findtext(f"{CAC}AccountingCustomerParty//{CBC}CompanyID") == "2321000222"


def test_every_invoice_is_valid_ubl_2_1_with_the_suppliers_bankgiro(client, month) -> None:
    for invoice in invoices(month):
        headers = finance(invoice["supplier"]["organisation"].split(":")[1])
        ubl = client.get(f"/v1/invoices/{invoice['invoice_id']}/ubl", headers=headers)
        assert ubl.status_code == 200
        validate_ubl(ubl.content)
        document = ET.fromstring(ubl.content)
        assert document.findtext(f"{CBC}BuyerReference") == invoice["buyer_reference"]
        code = invoice["supplier"]["organisation"].split(":")[1]
        giro = PARTIES[code][2]
        assert giro is not None  # every supplier of the month has a bankgiro
        assert document.findtext(f"{CAC}PaymentMeans/{CAC}PayeeFinancialAccount/{CBC}ID") == (
            giro.replace("-", "")
        )


def test_every_attachment_opens_in_the_swedish_form(client, month) -> None:
    for invoice in invoices(month):
        headers = finance(invoice["supplier"]["organisation"].split(":")[1])
        path = f"/v1/invoices/{invoice['invoice_id']}/attachment.csv"
        answer = client.get(path, params={"form": "swedish"}, headers=headers)
        assert answer.status_code == 200
        assert answer.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads å, ä, ö
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
        header, *body = rows
        assert header[:3] == ["Fakturanummer", "Dokumenttyp", "Rad"]
        amounts = [Decimal(row[header.index("Belopp")].replace(",", ".")) for row in body]
        assert sum(amounts) == Decimal(invoice["total"])
