"""Shared age test for the child rules (GB-CHILD, OR-CHILD)."""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import birthday
from ..decision import Criterion
from ..draft import RuleContext
from ..enums import Outcome
from .support import criterion


def child_status(ctx: RuleContext, rule_id: str) -> Criterion:
    """Met when the person is under the agreement's adult age on the decision date."""
    age = ctx.situation.age_on_decision_date()
    adult = ctx.param(rule_id, "adult_age")
    inputs = {"age_years": age, "birth_date": ctx.situation.birth_date, "adult_age": adult}
    if age is None:
        return criterion(rule_id, Outcome.UNKNOWN, "Age unknown.", inputs, ("age_years",))
    if age < adult:
        return criterion(rule_id, Outcome.MET, f"Under {adult} (age {age}).", inputs)
    return criterion(rule_id, Outcome.NOT_MET, f"Adult (age {age}).", inputs)


def adulthood(ctx: RuleContext, rule_id: str) -> date | None:
    """Last day as a child, when the birth date is known (re-evaluate on the birthday)."""
    birth = ctx.situation.birth_date
    if birth is None:
        return None
    return birthday(birth, ctx.param(rule_id, "adult_age")) - timedelta(days=1)
