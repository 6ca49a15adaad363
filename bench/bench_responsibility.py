"""Benchmark: in-process responsibility decisions over generated situations (default 20,000).

Prints decisions per second and the ratio to a ceiling measured in the same process: the
cost of constructing (and so validating) the same situations, the least work any decision
has to do. Also reports the cost of the machine-diffable form (`to_dict`). No assertion on
time.

    .venv/bin/python bench/bench_responsibility.py [--situations N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from responsibility.domain import (
    AgreementCatalogue,
    CareComponent,
    CareNeeds,
    CognitiveImpairment,
    HousingForm,
    SevereCareNeed,
    Situation,
    decide,
    load_catalogue,
)

T = TypeVar("T")
REGIONS: dict[str, tuple[date, tuple[str, ...]]] = {
    "23": (date(2026, 1, 1), ("2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380")),
    "21": (date(2018, 4, 1), ("2101", "2180", "2181", "2184")),
    "13": (date(2019, 1, 1), ("1315", "1380", "1383", "1384")),
    "18": (date(2025, 1, 1), ("1814", "1880", "1883", "1885")),
}
VISITOR = "0180"


def maybe(rng: random.Random, value: T, unknown: float = 0.1) -> T | None:
    return None if rng.random() < unknown else value


def facts(rng: random.Random) -> dict[str, Any]:
    """Keyword arguments for one Situation: mostly complete, sometimes unknown facts."""
    region = rng.choice(sorted(REGIONS))
    start, members = REGIONS[region]
    decided_on = start + timedelta(days=rng.randrange(600))
    products = [c for c in CareComponent if rng.random() < 0.1]
    return {
        "decision_date": decided_on,
        "region_code": region,
        "registered_municipality": VISITOR if rng.random() < 0.03 else rng.choice(members),
        "age_years": maybe(rng, rng.randrange(1, 100)),
        "housing_form": maybe(rng, rng.choice(list(HousingForm)), 0.05),
        "safe_at_home": maybe(rng, rng.random() < 0.9),
        "is_self_care": maybe(rng, rng.random() < 0.1),
        "digital_solutions_considered": maybe(rng, rng.random() < 0.9),
        "frequent_and_continuous": maybe(rng, rng.random() < 0.8),
        "expected_need_days": maybe(rng, rng.randrange(0, 120)),
        "cfs": maybe(rng, rng.randint(1, 9)),
        "cognitive_impairment": maybe(rng, rng.choice(list(CognitiveImpairment))),
        "can_reach_health_centre": maybe(rng, rng.random() < 0.4),
        "palliative_team_connected": maybe(rng, rng.random() < 0.1, 0.02),
        "severe_care_needs": frozenset({SevereCareNeed.RESPIRATOR})
        if rng.random() < 0.3
        else frozenset(),
        "specialised_treatment_responsibility": maybe(rng, rng.random() < 0.5),
        "coordination_need": maybe(rng, rng.random() < 0.6),
        "identified_risk": maybe(rng, rng.random() < 0.6),
        "long_term_medical_need": maybe(rng, rng.random() < 0.7),
        "discharge_date": decided_on - timedelta(days=rng.randrange(20))
        if rng.random() < 0.5
        else None,
        "care_needs": CareNeeds(
            physician_only_prescription=frozenset(
                p
                for p in products
                if p
                not in (
                    CareComponent.NURSING,
                    CareComponent.REHABILITATION,
                    CareComponent.PHYSICIAN,
                )
            ),
            specialised_equipment=rng.random() < 0.05,
            work_environment_consumables=rng.random() < 0.05,
        ),
    }


def timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    print(f"  {label:<34} {elapsed:8.3f} s")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--situations", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    inputs = [facts(rng) for _ in range(args.situations)]
    catalogue, _ = timed("load and validate agreements", load_catalogue)
    print(f"{args.situations:,} situations, seed {args.seed}")
    situations, ceiling = timed("ceiling: construct situations", lambda: build(inputs))
    unknown, spent = timed("decide", lambda: run(situations, catalogue, export=False))
    _, both = timed("decide + to_dict (machine form)", lambda: run(situations, catalogue, True))
    count = len(situations)
    print(f"decisions/second (decide):           {count / spent:12,.0f}")
    print(f"decisions/second (decide + to_dict): {count / both:12,.0f}")
    print(f"situations/second (ceiling):         {count / ceiling:12,.0f}")
    print(f"ratio decide / ceiling:              {spent / ceiling:12.1f}x")
    print(f"decisions with an unknown component: {unknown:,} ({unknown / count:.0%})")


def build(inputs: list[dict[str, Any]]) -> list[Situation]:
    return [Situation(**f) for f in inputs]


def run(situations: list[Situation], catalogue: AgreementCatalogue, export: bool) -> int:
    """Decide every situation, keeping only a count (as a service handling a stream would)."""
    unknown = 0
    for situation in situations:
        decision = decide(situation, catalogue)
        if export:
            decision.to_dict()
        unknown += bool(decision.unknown_components)
    return unknown


if __name__ == "__main__":
    main()
