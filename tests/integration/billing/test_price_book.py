"""Tariffs and indices as data (issue 4, item 1), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from billing.adapters.orm import IndexValueRow, TariffRow
from billing.adapters.price_book import seed_price_book
from billing.service_layer.reference import reference

from tests.integration.billing.conftest import GAVLEBORG, REGION
from tests.support.databases import count
from tests.support.identity import OPERATIONS, as_caller

pytestmark = pytest.mark.integration


def test_tariffs_and_indices_are_seeded_once_as_data(client) -> None:
    tariffs = client.get("/v1/tariffs", headers=REGION).json()["items"]
    rent = [t for t in tariffs if t["tariff_id"] == "JH-RENT-DAY-HOURLY"]
    assert [(t["amount"], t["index"], t["base_year"]) for t in rent] == [("640.00", "VPI", 2025)]
    indices = {
        (i["index"], i["year"]): i["value"]
        for i in client.get("/v1/indices", headers=REGION).json()["items"]
    }
    assert indices[("VPI", 2026)] == "102.90"
    assert client.get("/v1/tariffs").status_code == 401
    for reader in (OPERATIONS, as_caller("municipality:2380", "agreement-admin")):
        assert client.get("/v1/tariffs", headers=reader).status_code == 200
        assert client.get("/v1/prices/JH-RENT-DAY-HOURLY?on=2026-05-01", headers=reader).json()[
            "amount"
        ]
    assert client.get("/v1/indices", headers=as_caller("region:23", "auditor")).status_code == 403


def test_a_missing_index_year_is_named_and_entering_it_prices_the_year(client) -> None:
    missing = client.get("/v1/prices/JH-SIGHT-HOURLY?on=2027-05-01", headers=REGION)
    assert missing.status_code == 422
    (error,) = missing.json()["errors"]
    assert (error["field"], error["rule"]) == ("index", "MissingIndex")
    assert "OPI" in error["message"] and "2027" in error["message"]
    entered = client.put("/v1/indices/OPI/2027", json={"value": "104.00"}, headers=REGION)
    assert entered.status_code == 201
    again = client.put("/v1/indices/OPI/2027", json={"value": "104.0"}, headers=GAVLEBORG)
    assert again.status_code == 200
    changed = client.put("/v1/indices/OPI/2027", json={"value": "104.50"}, headers=REGION)
    assert changed.status_code == 409
    assert changed.json()["errors"][0]["rule"] == "INDEX-ENTERED"
    quote = client.get("/v1/prices/JH-SIGHT-HOURLY?on=2027-05-01", headers=REGION).json()
    assert quote["amount"] == "351.52"  # 338 × 104.00 / 100.00 (JH-SIGHT, OPI)
    assert "OPI(2027) 104.00" in quote["formula"]


@pytest.mark.parametrize(
    ("caller", "rule"),
    [
        (OPERATIONS, "ACCESS-ROLE"),  # operations changes no money
        (as_caller("region:23", "agreement-admin"), "ACCESS-ROLE"),
        (as_caller("municipality:0180", "finance"), "ACCESS-PARTY"),  # Stockholm: no agreement
    ],
)
def test_only_finance_of_a_billing_party_changes_the_price_book(client, engine, caller, rule):
    before = count(engine, TariffRow), count(engine, IndexValueRow)
    index = client.put("/v1/indices/LPIK/2027", json={"value": "108.10"}, headers=caller)
    assert (index.status_code, index.json()["errors"][0]["rule"]) == (403, rule)
    tariff = client.post("/v1/tariffs", json=NEW_MT_VERSION, headers=caller)
    assert (tariff.status_code, tariff.json()["errors"][0]["rule"]) == (403, rule)
    assert (count(engine, TariffRow), count(engine, IndexValueRow)) == before


def test_a_tariff_is_changed_only_by_the_parties_of_its_agreement(client, engine) -> None:
    before = count(engine, TariffRow)
    refused = client.post("/v1/tariffs", json=NEW_MT_VERSION, headers=GAVLEBORG)  # a JH tariff
    assert (refused.status_code, refused.json()["errors"][0]) == (
        403,
        {
            "field": "rule_id",
            "rule": "ACCESS-PARTY",
            "message": "region:21 is not a party of the agreement of JH-MT-VARIABLE",
        },
    )
    relabelled = {**NEW_MT_VERSION, "rule_id": "GB-ECO"}  # its own rule, another's tariff
    assert client.post("/v1/tariffs", json=relabelled, headers=GAVLEBORG).status_code == 403
    assert count(engine, TariffRow) == before


def test_amounts_are_strings(client) -> None:
    as_number = client.put("/v1/indices/LPIK/2027", json={"value": 108.1}, headers=REGION)
    assert as_number.json()["errors"][0] == {
        "field": "value",
        "rule": "DECIMAL-TEXT",
        "message": 'give amounts as strings, e.g. "640.00"',
    }


NEW_MT_VERSION = {
    "tariff_id": "JH-MT-HOURLY",
    "rule_id": "JH-MT-VARIABLE",
    "description": "MT hourly rate, new agreement",
    "amount": "1250.00",
    "unit": "hour",
    "base_year": 2028,
    "index": "VPI",
    "valid_from": "2028-01-01",
}


def test_a_new_tariff_version_closes_the_open_one_and_overlaps_are_refused(client) -> None:
    version = NEW_MT_VERSION
    added = client.post(
        "/v1/tariffs", json=version, headers=as_caller("municipality:2309", "finance")
    )
    assert added.status_code == 201
    assert [(t["valid_from"], t["valid_to"]) for t in added.json()] == [
        ("2025-01-01", "2027-12-31"),
        ("2028-01-01", None),
    ]
    overlap = client.post(
        "/v1/tariffs", json={**version, "valid_from": "2027-06-01"}, headers=REGION
    )
    assert overlap.status_code == 409
    assert overlap.json()["errors"][0]["rule"] == "OverlappingValidity"
    bad = client.post(
        "/v1/tariffs", json={**version, "rule_id": "X", "amount": "0"}, headers=REGION
    )
    assert {e["rule"] for e in bad.json()["errors"]} == {"RULE-ID", "TARIFF-AMOUNT"}


def test_the_seed_is_loaded_once_per_database(client, engine) -> None:
    before = count(engine, TariffRow), count(engine, IndexValueRow)
    assert seed_price_book(engine, reference().price_book) is False
    assert (count(engine, TariffRow), count(engine, IndexValueRow)) == before
