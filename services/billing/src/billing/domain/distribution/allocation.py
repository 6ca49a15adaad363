"""Exact distribution of an amount over weights (largest-remainder allocation of öre).

Used by JH-MT-FIXED (device shares), JH-TB (factor key), JH-ECO (50/50 and the municipal
key). The parts always sum exactly to the amount distributed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from billing.domain.money import ORE, is_whole_ore


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Split ``amount`` (whole öre) in proportion to ``weights``.

    Each part first gets the floor of its exact share in öre; the öre left over go one by
    one to the parts with the largest remainders (ties: the earlier part). Zero weights get
    zero. A negative amount is split as its absolute value and negated.
    """
    if not is_whole_ore(amount):
        raise ValueError(f"amount must be in whole öre: {amount}")
    if not weights:
        raise ValueError("at least one weight is needed")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    total_weight = sum((Fraction(weight) for weight in weights), Fraction(0))
    if total_weight == 0:
        raise ValueError("the weights sum to zero")
    sign = -1 if amount < 0 else 1
    total_ore = int(abs(amount) / ORE)
    exact = [Fraction(total_ore) * Fraction(weight) / total_weight for weight in weights]
    floors = [int(share) for share in exact]
    leftover = total_ore - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:leftover]:
        floors[index] += 1
    return tuple((Decimal(sign * part) * ORE).quantize(ORE) for part in floors)


def allocate_by_key(amount: Decimal, key: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Allocate over a named key; the order of ``key`` breaks ties."""
    names = list(key)
    parts = allocate(amount, [key[name] for name in names])
    return dict(zip(names, parts, strict=True))
