"""Exact arithmetic for figures: sums and medians as fractions, rounded once when shown."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction


def rounded(value: Fraction, places: int = 2) -> Decimal:
    """Half away from zero at ``places`` decimals: 12.345 → 12.35, -0.005 → -0.01."""
    scaled = abs(value) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def median(values: Sequence[Fraction]) -> Fraction | None:
    """The middle value; with an even count the mean of the two middle ones."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None
