"""Tariffs and indices as data (issue 4 item 1)."""

from datetime import date
from decimal import Decimal

import pytest
from billing.domain import (
    IndexValue,
    MissingIndex,
    MissingTariff,
    OverlappingValidity,
    PriceBook,
    PriceUnit,
)

from tests.unit.billing.builders import price_book, tariff

D = Decimal


def test_base_year_price_needs_no_index():
    assert price_book().price("RENT", date(2025, 6, 1)).amount == D("640.00")


def test_indexed_price_is_base_times_index_ratio_rounded_to_ore():
    # JH-RENT-DAY 640 (2025, VPI): 640 × 103 / 100 = 659.20
    quote = price_book().price("RENT", date(2026, 3, 10))
    assert quote.amount == D("659.20")
    assert quote.index_value == D("103")
    assert quote.base_index_value == D("100")
    assert "VPI(2026) 103" in quote.formula


def test_sight_hearing_is_indexed_by_opi():
    # JH-SIGHT 338 (2025, OPI): 338 × 102.5 / 100 = 346.45
    assert price_book().price("SIGHT", date(2026, 1, 1)).amount == D("346.45")


def test_indexed_price_rounds_half_up_once():
    book = PriceBook(
        tariffs=(tariff("X", "JH-RENT-DAY", "640", PriceUnit.HOUR, 2025, "VPI", date(2025, 1, 1)),),
        index_values=(IndexValue("VPI", 2025, D("300")), IndexValue("VPI", 2026, D("301"))),
    )
    # 640 × 301 / 300 = 642.1333… → 642.13
    assert book.price("X", date(2026, 1, 1)).amount == D("642.13")


def test_missing_index_year_is_an_explicit_error_never_the_base_price():
    with pytest.raises(MissingIndex) as error:
        price_book().price("RENT", date(2027, 1, 15))
    assert (error.value.index, error.value.year) == ("VPI", 2027)
    assert "MissingIndex(index='VPI', year=2027)" in str(error.value)


def test_missing_base_year_index_is_an_error_too():
    book = PriceBook(
        tariffs=(tariff("X", "JH-RENT-DAY", "640", PriceUnit.HOUR, 2025, "VPI", date(2025, 1, 1)),),
        index_values=(IndexValue("VPI", 2026, D("103")),),
    )
    with pytest.raises(MissingIndex) as error:
        book.price("X", date(2026, 1, 1))
    assert (error.value.index, error.value.year) == ("VPI", 2025)


def test_finance_adds_an_index_value_to_get_a_new_book():
    book = price_book().with_index_value(IndexValue("VPI", 2027, D("106")))
    assert book.price("RENT", date(2027, 1, 15)).amount == D("678.40")
    with pytest.raises(MissingIndex):
        price_book().price("RENT", date(2027, 1, 15))  # the old book is unchanged


def test_entering_the_same_index_year_twice_is_refused():
    with pytest.raises(OverlappingValidity):
        price_book().with_index_value(IndexValue("VPI", 2026, D("104")))


def test_unindexed_tariffs_have_one_version_per_period():
    # GB-ECO: Försäkringskassan's yearly rate; LAW-PAY national daily amounts
    book = price_book()
    assert book.price("GB", date(2018, 5, 1)).amount == D("295.40")
    assert book.price("GB", date(2019, 5, 1)).amount == D("299.80")
    assert book.price("PAY", date(2023, 2, 1)).amount == D("10500.00")


def test_no_version_valid_is_missing_tariff():
    with pytest.raises(MissingTariff):
        price_book().price("GB", date(2020, 1, 1))
    with pytest.raises(MissingTariff):
        price_book().price("GB", date(2018, 3, 31))  # before GB-2018 economics


def test_overlapping_versions_are_refused():
    with pytest.raises(OverlappingValidity):
        price_book().with_tariff(
            tariff("GB", "GB-ECO", "300", PriceUnit.HOUR, 2019, None, date(2019, 6, 1))
        )
