"""JH-TB distribution key from the resource-allocation factors (data).

Each factor (share of elderly, sparsity/access to care, socio-economics/GNI) has a value per
municipality and a weight. A municipality's key is

    key(m) = Σ_f  (weight_f / Σ weights) × value_f(m) / Σ_m' value_f(m')

i.e. the weighted average of its share of each factor; the keys sum to 1. Factor values are
non-negative numbers whose relative size matters (e.g. weighted population counts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FactorKey:
    weights: Mapping[str, Decimal]
    factor_shares: Mapping[str, Mapping[str, Decimal]]  # municipality → factor → share
    shares: Mapping[str, Decimal]  # municipality → combined key

    def steps(self, start: int) -> tuple[str, ...]:
        weights = ", ".join(f"{f} {w}" for f, w in self.weights.items())
        lines = [f"{start}. factor weights: {weights}; key = Σ weight × factor share"]
        for municipality, by_factor in self.factor_shares.items():
            parts = ", ".join(f"{f} {s:.4%}" for f, s in by_factor.items())
            lines.append(f"   {municipality}: {parts} → key {self.shares[municipality]:.4%}")
        lines.append(f"{start + 1}. distribution (largest remainder, sums exactly):")
        return tuple(lines)


def distribution_key(
    factor_values: Mapping[str, Mapping[str, Decimal]], weights: Mapping[str, Decimal]
) -> FactorKey:
    """The combined key per municipality; raises if a factor is missing or all zero."""
    if not factor_values:
        raise ValueError("JH-TB: no municipalities in the factor data")
    total_weight = sum(weights.values(), Decimal(0))
    if total_weight <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError("JH-TB: factor weights must be non-negative with a positive sum")
    factor_totals: dict[str, Decimal] = {}
    for factor in weights:
        values = [by_factor.get(factor) for by_factor in factor_values.values()]
        if any(v is None or v < 0 for v in values):
            raise ValueError(f"JH-TB: factor {factor!r} missing or negative for a municipality")
        factor_totals[factor] = sum((v for v in values if v is not None), Decimal(0))
        if factor_totals[factor] == 0:
            raise ValueError(f"JH-TB: factor {factor!r} is zero for every municipality")
    factor_shares = {
        m: {f: by_factor[f] / factor_totals[f] for f in weights}
        for m, by_factor in factor_values.items()
    }
    shares = {
        m: sum((weights[f] / total_weight * share for f, share in by_f.items()), Decimal(0))
        for m, by_f in factor_shares.items()
    }
    return FactorKey(dict(weights), factor_shares, shares)
