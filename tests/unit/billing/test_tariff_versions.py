"""A new tariff version follows an open-ended one; any other overlap is refused (item 1)."""

from datetime import date

import pytest
from billing.domain import OverlappingValidity, PriceUnit, Tariff, add_tariff_version

from tests.unit.billing.builders import price_book, tariff


def mt(start: date, end: date | None = None, amount: str = "1200") -> Tariff:
    return tariff("MT", "JH-MT-VARIABLE", amount, PriceUnit.HOUR, start.year, "VPI", start, end)


def test_a_later_version_closes_the_open_ended_one_the_day_before():
    book, closed = add_tariff_version(price_book(), mt(date(2027, 1, 1)))
    assert closed is not None
    assert (closed.validity.valid_from, closed.validity.valid_to) == (
        date(2025, 1, 1),
        date(2026, 12, 31),
    )
    assert book.tariff("MT", date(2026, 12, 31)).base_amount == 1123
    assert book.tariff("MT", date(2027, 1, 1)).base_amount == 1200


def test_a_version_for_a_free_period_closes_nothing():
    book, closed = add_tariff_version(
        price_book(),
        tariff(
            "GB",
            "GB-ECO",
            "310.00",
            PriceUnit.HOUR,
            2020,
            None,
            date(2020, 1, 1),
            date(2020, 12, 31),
        ),
    )
    assert closed is None
    assert book.price("GB", date(2020, 6, 1)).amount == 310


@pytest.mark.parametrize(
    "version",
    [
        mt(date(2025, 1, 1)),  # same start as the open-ended version
        mt(date(2024, 6, 1), date(2025, 6, 30)),  # starts before it
    ],
)
def test_other_overlaps_are_refused(version):
    with pytest.raises(OverlappingValidity, match="MT"):
        add_tariff_version(price_book(), version)


def test_a_version_overlapping_two_closed_ones_is_refused():
    gb = tariff("GB", "GB-ECO", "300", PriceUnit.HOUR, 2018, None, date(2018, 6, 1))
    with pytest.raises(OverlappingValidity):
        add_tariff_version(price_book(), gb)
