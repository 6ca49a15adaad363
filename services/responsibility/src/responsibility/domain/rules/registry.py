"""The rule registry: every rule ID is registered exactly once, next to its implementation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..draft import RuleContext, RuleOutput
from .lapsed import lapsed

RuleFn = Callable[[RuleContext], RuleOutput]


@dataclass(frozen=True)
class RuleSpec:
    rule_id: str
    title: str
    fn: RuleFn | None  # None: a process rule implemented outside the decision pipeline
    implemented_in: str


RULES: dict[str, RuleSpec] = {}


class DuplicateRule(RuntimeError):
    pass


def _register(spec: RuleSpec) -> None:
    if spec.rule_id in RULES:
        raise DuplicateRule(f"{spec.rule_id} is registered twice")
    RULES[spec.rule_id] = spec


def rule(rule_id: str, title: str) -> Callable[[RuleFn], RuleFn]:
    """Register a decision rule under its ID."""

    def register(fn: RuleFn) -> RuleFn:
        _register(RuleSpec(rule_id, title, fn, f"{fn.__module__}.{fn.__qualname__}"))
        return fn

    return register


def process_rule(rule_id: str, title: str, implemented_in: str) -> None:
    """Register a rule that is a process (e.g. GEN-DISPUTE) rather than a decision step."""
    _register(RuleSpec(rule_id, title, None, implemented_in))


def apply_rules(ctx: RuleContext, *rule_ids: str) -> RuleContext:
    """Run rules in order; each sees the draft left by the previous one."""
    for rule_id in rule_ids:
        fn = RULES[rule_id].fn
        if fn is None or not ctx.agreement.has_rule(rule_id):
            raise RuntimeError(f"{rule_id} cannot run under {ctx.agreement.id}")
        output = fn(ctx)
        if not ctx.agreement.rule_in_force(rule_id, ctx.situation.decision_date):
            output = lapsed(ctx, rule_id, output)  # AG-RENEW: every part of it has ended
        ctx = RuleContext(ctx.situation, ctx.agreement, ctx.draft.merged(output))
    return ctx
