"""Seed reference data: loads, holds the brief's figures, and fails naming file and field."""

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from billing.domain import MissingIndex, Period, mt_fixed_statement
from billing.reference_data import ReferenceDataError, load_reference_data

D = Decimal


@pytest.fixture(scope="module")
def data():
    return load_reference_data()


def test_seed_tariffs_hold_the_agreed_base_amounts(data):
    book = data.price_book
    assert book.price("JH-RENT-DAY-HOURLY", date(2025, 5, 1)).amount == D("640.00")
    assert book.price("JH-SIGHT-HOURLY", date(2025, 5, 1)).amount == D("338.00")
    assert book.price("JH-MT-HOURLY", date(2025, 5, 1)).amount == D("1123.00")
    assert book.tariff("JH-TB-AMOUNT", date(2026, 1, 1)).base_amount == D("3735428.00")
    assert book.tariff("JH-TB-ADJUSTMENT", date(2026, 1, 1)).base_amount == D("25940.00")
    national = [
        book.price("LAW-PAY-NATIONAL-DAILY", date(y, 6, 1)).amount for y in (2019, 2020, 2022, 2023)
    ]
    assert national == [D("7800.00"), D("8200.00"), D("9300.00"), D("10500.00")]


def test_seed_has_no_vpi_for_2027_so_pricing_2027_fails_explicitly(data):
    with pytest.raises(MissingIndex):
        data.price_book.price("JH-RENT-DAY-HOURLY", date(2027, 1, 1))


def test_seed_models_match_the_brief(data):
    assert data.supplementary_model.normal_low == 129
    assert data.supplementary_model.normal_high == 169
    assert data.joint_funds.region_share == D("0.5")
    assert sum(data.device_register.devices.values()) == 923
    statement = mt_fixed_statement(
        data.mt_fixed_model, data.device_register, Period.half_year(2025, 2), data.price_book
    )
    assert statement.period_cost == D("126112.90")
    assert data.work_rules.gb_region_share == D("0.50")
    assert date(2026, 4, 3) in data.holidays  # Good Friday 2026
    assert data.payment_clock_models["example-somatic"].free_days == 2
    assert all(p.region_id in data.parties for p in data.parties.values())


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    source = resources.files("billing.reference_data")
    for entry in source.iterdir():
        if entry.name.endswith(".json"):
            (tmp_path / entry.name).write_text(entry.read_text(encoding="utf-8"), "utf-8")
    return tmp_path


def edit(directory: Path, name: str, change: Callable[[Any], object]) -> None:
    path = directory / name
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(json.dumps(content), encoding="utf-8")


def set_first_tariff(field: str, value: object) -> Callable[[Any], None]:
    return lambda content: content["tariffs"][0].__setitem__(field, value)


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("tariffs.json", set_first_tariff("amount", 640.0), "tariffs.json: tariffs[0].amount"),
        ("tariffs.json", set_first_tariff("amount", "6,40"), "not a decimal number"),
        ("tariffs.json", set_first_tariff("valid_from", "2025-13-01"), "tariffs[0].valid_from"),
        ("tariffs.json", set_first_tariff("unit", "fortnight"), "tariffs[0].unit"),
        ("tariffs.json", lambda c: c["tariffs"][0].pop("base_year"), "base_year: missing"),
        ("indices.json", lambda c: c["indices"][0].__setitem__("value", "-1"), "indices[0].value"),
        ("tariffs.json", lambda c: c["tariffs"].append(dict(c["tariffs"][0])), "overlap"),
        (
            "supplementary.json",
            lambda c: c["model"].__setitem__("normal_low", 200),
            "model.normal_high",
        ),
        (
            "mt_fixed.json",
            lambda c: c["device_register"]["devices"].__setitem__("kommun-berg", -1),
            "device_register.devices.kommun-berg",
        ),
        (
            "parties.json",
            lambda c: c["parties"][0].__setitem__("kind", "county"),
            "parties[0].kind",
        ),
        (
            "parties.json",
            lambda c: c["parties"][0].__setitem__("code", "2380"),
            "parties[0].code: a region code has 2 digits",
        ),
        (
            "parties.json",
            lambda c: c["parties"][22].__setitem__("code", "2326"),
            "parties[22].code: '2326' appears twice",
        ),
    ],
)
def test_errors_name_the_file_and_the_field(copy_dir, file, change, message):
    edit(copy_dir, file, change)
    with pytest.raises(ReferenceDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_reference_data(copy_dir)


def test_invalid_json_names_the_file_and_line(copy_dir):
    (copy_dir / "vat.json").write_text("{\n  oops\n}", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"vat\.json: line 2"):
        load_reference_data(copy_dir)


def test_copy_fixture_has_every_seed_file(copy_dir):
    assert len(list(copy_dir.glob("*.json"))) == 10
