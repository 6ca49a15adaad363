"""Swedish calendar months, exact rounding, who sees which municipality (issue 12 section 4)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from notification.domain.followup import Month, Viewer, known_municipality, months_until
from notification.domain.followup.exact import mean, median, rounded
from notification.domain.followup.months import days_within


def test_a_moment_belongs_to_its_swedish_month() -> None:
    # 31 March 22:30 UTC is already 1 April in Sweden (summer time, +02:00)
    assert Month.of_moment(datetime(2026, 3, 31, 22, 30, tzinfo=UTC)) == Month(2026, 4)
    # 31 January 23:30 UTC is 1 February 00:30 in Sweden (winter time, +01:00)
    assert Month.of_moment(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)) == Month(2026, 2)
    assert Month.of_moment(datetime(2026, 1, 31, 22, 59, tzinfo=UTC)) == Month(2026, 1)


def test_month_bounds_and_neighbours() -> None:
    march = Month.parse("2026-03")
    assert (march.first_day, march.last_day) == (date(2026, 3, 1), date(2026, 3, 31))
    assert Month(2028, 2).last_day == date(2028, 2, 29)
    assert march.starts_at() == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2026, 1).previous() == Month(2025, 12)
    labels = [m.label for m in months_until(Month(2026, 2), 4)]
    assert labels == ["2025-11", "2025-12", "2026-01", "2026-02"]


@pytest.mark.parametrize("label", ["2026-13", "2026-00", "26-03", "2026-3", "2026-03-01"])
def test_a_bad_month_is_refused(label: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(label)


def test_days_within_a_month_count_both_ends() -> None:
    march = Month(2026, 3)
    assert days_within(date(2026, 3, 3), date(2026, 3, 10), march) == 8
    assert days_within(date(2026, 3, 25), date(2026, 4, 5), march) == 7
    assert days_within(date(2026, 3, 25), date(2026, 4, 5), Month(2026, 4)) == 5
    assert days_within(date(2026, 2, 1), date(2026, 2, 28), march) == 0
    assert days_within(date(2026, 3, 9), date(2026, 3, 9), march) == 1


def test_rounding_is_exact_and_half_away_from_zero() -> None:
    assert rounded(Fraction(12345, 1000)) == Decimal("12.35")
    assert rounded(Fraction(1, 3)) == Decimal("0.33")
    assert rounded(Fraction(-1, 200)) == Decimal("-0.01")
    assert str(rounded(Fraction(25, 2))) == "12.50"


def test_median_and_mean() -> None:
    values = [Fraction(v) for v in (30, 10, 20, 45)]
    assert median(values) == 25 and mean(values) == Fraction(105, 4)
    assert median(values[:3]) == 20
    assert median([]) is None and mean([]) is None


def test_who_sees_which_municipality() -> None:
    own = Viewer("municipality", "2380", "municipal-nurse")
    assert own.sees("2380") and not own.sees("2326") and own.sees_one == "2380"
    county = Viewer("region", "23", "health-centre")
    assert county.sees("2380") and county.sees("2326") and not county.sees("2180")
    assert county.sees_one is None
    assert Viewer("operator", "drift", "operations").sees("0114")
    assert Viewer("municipality", "2380", "finance").sees("1280")
    assert "own" in own.refusal("2326")


def test_known_municipality_codes_start_with_a_county() -> None:
    assert known_municipality("2380") and known_municipality("0114")
    assert not known_municipality("9999") and not known_municipality("1180")
    assert not known_municipality("238") and not known_municipality("２３８０")
