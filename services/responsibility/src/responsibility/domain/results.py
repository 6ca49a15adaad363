"""Builders for component results; each extends the component's rule trail."""

from __future__ import annotations

from dataclasses import replace

from .decision import ComponentDecision
from .draft import RuleContext, blank
from .enums import CareComponent, ComponentStatus
from .parties import Compensation, Party


def decided(
    ctx: RuleContext,
    component: CareComponent,
    rule_id: str,
    sentence: str,
    responsible: Party,
    performer: Party | None = None,
    cost_bearer: Party | None = None,
    *,
    compensation: Compensation | None = None,
    scope: str | None = None,
    cites: tuple[str, ...] = (),
) -> ComponentDecision:
    """A decided result that extends the component's rule trail (after any cited criteria)."""
    previous = ctx.current(component)
    return ComponentDecision(
        component=component,
        status=ComponentStatus.DECIDED,
        responsible=responsible,
        performer=performer or responsible,
        cost_bearer=cost_bearer or responsible,
        rule_ids=(*previous.rule_ids, *cites, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
        compensation=compensation,
        scope=scope,
    )


def unknown(
    ctx: RuleContext,
    component: CareComponent,
    rule_id: str,
    sentence: str,
    missing: tuple[str, ...],
    cites: tuple[str, ...] = (),
) -> ComponentDecision:
    previous = ctx.current(component)
    return ComponentDecision(
        component=component,
        status=ComponentStatus.UNKNOWN,
        responsible=None,
        performer=None,
        cost_bearer=None,
        rule_ids=(*previous.rule_ids, *cites, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
        missing_facts=tuple(sorted(set(missing))),
    )


def not_covered(
    ctx: RuleContext, component: CareComponent, rule_id: str, sentence: str
) -> ComponentDecision:
    previous = ctx.current(component)
    return replace(
        blank(component),
        rule_ids=(*previous.rule_ids, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
    )


def annotate(
    ctx: RuleContext, component: CareComponent, rule_id: str, sentence: str
) -> ComponentDecision:
    """Keep the result as it is, but add a rule that confirmed it to its trail."""
    previous = ctx.current(component)
    return replace(
        previous,
        rule_ids=(*previous.rule_ids, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
    )
