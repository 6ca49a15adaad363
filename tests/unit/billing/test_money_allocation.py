"""Rounding (ROUND_HALF_UP to öre) and exact distribution (largest remainder)."""

from decimal import Decimal

import pytest
from billing.domain import allocate, allocate_by_key, round_ore
from billing.domain.money import format_percent, parse_amount
from hypothesis import given
from hypothesis import strategies as st

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.005", "1.01"), ("1.004", "1.00"), ("-1.005", "-1.01"), ("658.5599", "658.56")],
)
def test_round_ore_is_half_up_to_two_decimals(value, expected):
    assert round_ore(D(value)) == D(expected)


def test_allocate_gives_leftover_ore_to_largest_remainders():
    # 1.00 over three equal weights: 0.33 each + 1 öre to the first (ties → earlier part)
    assert allocate(D("1.00"), [D(1), D(1), D(1)]) == (D("0.34"), D("0.33"), D("0.33"))


def test_allocate_negative_amount_and_zero_weight():
    assert allocate(D("-10.00"), [D(1), D(0), D(3)]) == (D("-2.50"), D("0.00"), D("-7.50"))


@pytest.mark.parametrize("weights", [[], [D(0), D(0)], [D(1), D(-1)]])
def test_allocate_rejects_bad_weights(weights):
    with pytest.raises(ValueError):
        allocate(D("1.00"), weights)


def test_allocate_rejects_fractions_of_ore():
    with pytest.raises(ValueError, match="whole öre"):
        allocate(D("1.001"), [D(1)])


def test_allocate_by_key_keeps_names():
    assert allocate_by_key(D("100.00"), {"a": D(1), "b": D(3)}) == {
        "a": D("25.00"),
        "b": D("75.00"),
    }


amounts = st.integers(min_value=-(10**12), max_value=10**12).map(lambda ore: D(ore) / 100)
weights = st.lists(
    st.decimals(min_value=D("0.0001"), max_value=D("1000000"), places=4),
    min_size=1,
    max_size=30,
)


@given(amount=amounts, weights=weights)
def test_parts_always_sum_exactly_to_the_amount(amount, weights):
    parts = allocate(amount, weights)
    assert sum(parts, D(0)) == amount
    assert len(parts) == len(weights)
    total_weight = sum(weights, D(0))
    for part, weight in zip(parts, weights, strict=True):
        exact = amount * weight / total_weight
        assert abs(part - exact) < D("0.01")  # each part within one öre of its exact share


def test_amounts_are_parsed_from_strings_only():
    assert parse_amount("640.00") == D("640.00")
    with pytest.raises(TypeError):
        parse_amount(640.0)  # type: ignore[arg-type]


def test_format_percent():
    assert format_percent(D("0.50")) == "50 %"
    assert format_percent(D("0.125")) == "12.5 %"
