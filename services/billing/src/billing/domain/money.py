"""Money in SEK with öre.

The one rounding rule of the billing domain: ``ROUND_HALF_UP`` to whole öre (0.01 SEK),
applied once to every indexed unit price (the yearly price list) and once to every invoice
line amount. Totals are sums of already-rounded lines, so they need no rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
CURRENCY = "SEK"


def round_ore(value: Decimal) -> Decimal:
    """Round to whole öre, half away from zero (ROUND_HALF_UP)."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def is_whole_ore(value: Decimal) -> bool:
    """True when ``value`` has no fraction of an öre."""
    return value == value.quantize(ORE)


def sum_money(values: Iterable[Decimal]) -> Decimal:
    """Sum amounts that are already in whole öre; the result is shown with two decimals."""
    return sum(values, ZERO).quantize(ORE)


def parse_amount(text: str) -> Decimal:
    """Parse an amount written as a string ("640", "3735428.00"); never accept a float."""
    if not isinstance(text, str):
        raise TypeError(f"amounts are given as strings, got {type(text).__name__}")
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {text!r}")
    return value


def format_percent(share: Decimal) -> str:
    """0.5 → "50 %", 0.125 → "12.5 %" (for line texts and statements)."""
    text = f"{share * 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %"
