"""Percentiles and the small numeric helpers the report needs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Percentiles:
    p50: float
    p95: float
    p99: float
    max: float

    def cells(self, digits: int = 1) -> list[str]:
        return [f"{v:,.{digits}f}" for v in (self.p50, self.p95, self.p99)]


NONE = Percentiles(math.nan, math.nan, math.nan, math.nan)


def quantile(ordered: Sequence[float], q: float) -> float:
    """Nearest-rank quantile of sorted values."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def percentiles(values: Sequence[float]) -> Percentiles:
    ordered = sorted(values)
    if not ordered:
        return NONE
    return Percentiles(
        quantile(ordered, 0.50), quantile(ordered, 0.95), quantile(ordered, 0.99), ordered[-1]
    )
