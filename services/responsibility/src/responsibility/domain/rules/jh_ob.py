"""Jämtland Härjedalen, ordinary housing (section 4.2): JH-OB-1..4, JH-OB, JH-OB-PREF."""

from __future__ import annotations

from collections.abc import Mapping

from ..draft import RuleContext, RuleOutput
from ..enums import CARE_COMPONENTS, CognitiveImpairment, Outcome, RegionUnit
from ..results import decided, unknown
from .registry import rule
from .support import criterion, missing_facts

CRITERIA_IDS = ("JH-OB-1", "JH-OB-2", "JH-OB-3", "JH-OB-4")


@rule("JH-OB-1", "Safe at home, not self-care, digital solutions considered")
def safe_at_home(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    inputs = {
        "safe_at_home": s.safe_at_home,
        "is_self_care": s.is_self_care,
        "digital_solutions_considered": s.digital_solutions_considered,
    }
    failed = [
        text
        for failed_fact, text in (
            (s.safe_at_home is False, "the care cannot be given safely at home"),
            (s.is_self_care is True, "the care can be done as self-care"),
            (s.digital_solutions_considered is False, "digital solutions have not been considered"),
        )
        if failed_fact
    ]
    if failed:
        return _result("JH-OB-1", Outcome.NOT_MET, "Not met: " + "; ".join(failed) + ".", inputs)
    missing = missing_facts(**inputs)
    if missing:
        return _result("JH-OB-1", Outcome.UNKNOWN, "Unknown: facts missing.", inputs, missing)
    sentence = "Met: safe at home, not self-care, digital solutions considered."
    return _result("JH-OB-1", Outcome.MET, sentence, inputs)


@rule("JH-OB-2", "Frequent and continuous need (benchmark: more than N days)")
def frequent_need(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    limit = ctx.param("JH-OB-2", "min_days_exclusive")
    inputs = {
        "frequent_and_continuous": s.frequent_and_continuous,
        "expected_need_days": s.expected_need_days,
        "benchmark_more_than_days": limit,
    }
    days = s.expected_need_days
    if s.frequent_and_continuous is False or (days is not None and days <= limit):
        sentence = f"Not met: the need is not frequent and continuous over more than {limit} days."
        return _result("JH-OB-2", Outcome.NOT_MET, sentence, inputs)
    missing = missing_facts(
        frequent_and_continuous=s.frequent_and_continuous, expected_need_days=days
    )
    if missing:
        return _result("JH-OB-2", Outcome.UNKNOWN, "Unknown: facts missing.", inputs, missing)
    sentence = f"Met: frequent and continuous need for {days} days (more than {limit})."
    return _result("JH-OB-2", Outcome.MET, sentence, inputs)


@rule("JH-OB-3", "Clinical Frailty Scale >= 6, or 5 with cognitive impairment")
def frailty(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    frail, mild = ctx.param("JH-OB-3", "cfs_at_least"), ctx.param("JH-OB-3", "cfs_with_cognition")
    inputs = {"cfs": s.cfs, "cognitive_impairment": s.cognitive_impairment}
    if s.cfs is None:
        return _result("JH-OB-3", Outcome.UNKNOWN, "Unknown: CFS not assessed.", inputs, ("cfs",))
    if s.cfs >= frail:
        return _result("JH-OB-3", Outcome.MET, f"Met: CFS {s.cfs} (>= {frail}).", inputs)
    if s.cfs != mild:
        return _result("JH-OB-3", Outcome.NOT_MET, f"Not met: CFS {s.cfs} (< {mild}).", inputs)
    if s.cognitive_impairment is None:
        sentence = f"Unknown: CFS {mild} needs the cognitive impairment status."
        return _result("JH-OB-3", Outcome.UNKNOWN, sentence, inputs, ("cognitive_impairment",))
    if s.cognitive_impairment is CognitiveImpairment.NONE:
        sentence = f"Not met: CFS {mild} without cognitive impairment."
        return _result("JH-OB-3", Outcome.NOT_MET, sentence, inputs)
    sentence = f"Met: CFS {mild} with cognitive impairment ({s.cognitive_impairment.value})."
    return _result("JH-OB-3", Outcome.MET, sentence, inputs)


@rule("JH-OB-4", "Cannot get to the health centre")
def cannot_reach_health_centre(ctx: RuleContext) -> RuleOutput:
    value = ctx.situation.can_reach_health_centre
    inputs = {"can_reach_health_centre": value}
    if value is None:
        sentence = "Unknown: whether the person can get to the health centre."
        return _result("JH-OB-4", Outcome.UNKNOWN, sentence, inputs, ("can_reach_health_centre",))
    if value:
        sentence = "Not met: the person can get to the health centre (alone or with help)."
        return _result("JH-OB-4", Outcome.NOT_MET, sentence, inputs)
    return _result("JH-OB-4", Outcome.MET, "Met: cannot get to the health centre.", inputs)


@rule("JH-OB", "Municipal responsibility in ordinary housing when all four criteria are met")
def ordinary_housing(ctx: RuleContext) -> RuleOutput:
    found = [ctx.criterion_outcome(rule_id) for rule_id in CRITERIA_IDS]
    outcomes = {c.rule_id: c.outcome for c in found if c is not None}
    inputs = {rule_id: outcomes.get(rule_id) for rule_id in CRITERIA_IDS}
    unmet = [rule_id for rule_id, outcome in outcomes.items() if outcome is Outcome.NOT_MET]
    if unmet:
        sentence = f"Not all criteria are met ({', '.join(unmet)}): the region's health centre."
        care = ctx.region(RegionUnit.HEALTH_CENTRE)
        cites = tuple(unmet)
        results = tuple(
            decided(ctx, c, "JH-OB", sentence, care, cites=cites) for c in CARE_COMPONENTS
        )
        verdict = criterion("JH-OB", Outcome.NOT_MET, sentence, inputs)
        return RuleOutput(criteria=(verdict,), components=results)
    if len(outcomes) == len(CRITERIA_IDS) and set(outcomes.values()) == {Outcome.MET}:
        home = ctx.home_municipality()
        assert home is not None, "JH-OB runs only for registered residents"
        sentence = f"All four criteria are met: {home.describe()}."
        results = tuple(
            decided(ctx, c, "JH-OB", sentence, home, cites=CRITERIA_IDS) for c in CARE_COMPONENTS
        )
        verdict = criterion("JH-OB", Outcome.MET, sentence, inputs)
        return RuleOutput(criteria=(verdict,), components=results)
    missing = tuple(m for c in found if c is not None for m in c.missing_facts)
    cites = tuple(r for r, outcome in outcomes.items() if outcome is Outcome.UNKNOWN)
    sentence = "No criterion is unmet but some are unknown: not decided."
    results = tuple(unknown(ctx, c, "JH-OB", sentence, missing, cites) for c in CARE_COMPONENTS)
    verdict = criterion("JH-OB", Outcome.UNKNOWN, sentence, inputs, missing)
    return RuleOutput(criteria=(verdict,), components=results)


def _result(
    rule_id: str,
    outcome: Outcome,
    sentence: str,
    inputs: Mapping[str, object],
    missing: tuple[str, ...] = (),
) -> RuleOutput:
    return RuleOutput(criteria=(criterion(rule_id, outcome, sentence, inputs, missing),))
