"""The order in which each agreement family applies its rules.

Rules are registered by ID in `rules`; a pipeline only decides which apply, and in what order.
"""

from __future__ import annotations

from collections.abc import Callable

from .draft import RuleContext
from .enums import DAY_ACTIVITY_FORMS, HousingForm, Outcome
from .rules import apply_rules

Pipeline = Callable[[RuleContext], RuleContext]
GENERAL = ("GEN-DOC", "GEN-SELF", "GEN-RES")
JH_OB = ("JH-OB-1", "JH-OB-2", "JH-OB-3", "JH-OB-4", "JH-OB", "JH-OB-PREF")
JH_MTP = ("JH-MTP", "JH-MTP-1", "JH-MTP-2", "JH-MTP-3", "JH-MTP-4", "JH-MTP-5", "JH-MTP-6")


def outcome(ctx: RuleContext, rule_id: str) -> Outcome | None:
    found = ctx.criterion_outcome(rule_id)
    return None if found is None else found.outcome


def jamtland(ctx: RuleContext) -> RuleContext:
    ctx = apply_rules(ctx, *GENERAL)
    resident = outcome(ctx, "GEN-RES")
    connected = ctx.situation.palliative_team_connected
    if resident is Outcome.MET:
        ctx = apply_rules(ctx, "JH-PAL-1")
        if connected is False:
            ctx = _jamtland_housing(ctx)
    if connected and resident is not Outcome.UNKNOWN:
        ctx = apply_rules(ctx, "JH-PAL-2", "JH-PAL-3")
    ctx = apply_rules(ctx, *JH_MTP)
    if connected and resident is not Outcome.UNKNOWN:
        ctx = apply_rules(ctx, "JH-PAL-4")
    ctx = apply_rules(ctx, "JH-PAL-5", "JH-INFO")
    if ctx.situation.overrides:
        ctx = apply_rules(ctx, "JH-OB-FLEX")
    return ctx


def _jamtland_housing(ctx: RuleContext) -> RuleContext:
    ctx = apply_rules(ctx, "JH-SB-1")
    housing = ctx.situation.housing_form
    if housing in DAY_ACTIVITY_FORMS:
        return apply_rules(ctx, "JH-SB-2")
    if housing in (HousingForm.SPECIAL_HOUSING, HousingForm.SHORT_TERM):
        return apply_rules(ctx, "JH-SB-3")
    if housing is HousingForm.LSS_HOUSING:
        return apply_rules(ctx, "JH-SB-4")
    if housing is HousingForm.ORDINARY:
        return apply_rules(ctx, *JH_OB)
    return ctx


def gavleborg(ctx: RuleContext) -> RuleContext:
    ctx = apply_rules(ctx, *GENERAL)
    if outcome(ctx, "GEN-RES") is Outcome.MET:
        ctx = apply_rules(ctx, "GB-CHILD", "GB-SEV")
    return ctx


def halland(ctx: RuleContext) -> RuleContext:
    ctx = apply_rules(ctx, *GENERAL)
    if outcome(ctx, "GEN-RES") is Outcome.MET:
        ctx = apply_rules(ctx, "HL-THRESH")
    return ctx


def orebro(ctx: RuleContext) -> RuleContext:
    ctx = apply_rules(ctx, *GENERAL)
    if outcome(ctx, "GEN-RES") is not Outcome.MET:
        return ctx
    ctx = apply_rules(ctx, "OR-CHILD")
    child = outcome(ctx, "OR-CHILD")
    if child is Outcome.NOT_MET:
        ctx = apply_rules(ctx, "OR-ENROL")
    if child is not Outcome.MET:
        ctx = apply_rules(ctx, "OR-SPEC7")
    return ctx


PIPELINES: dict[str, Pipeline] = {"JH": jamtland, "GB": gavleborg, "HL": halland, "OR": orebro}

FAMILY_RULES: dict[str, frozenset[str]] = {
    "JH": frozenset(
        {*GENERAL, "GEN-DISPUTE", *JH_OB, "JH-OB-FLEX", *JH_MTP, "JH-INFO"}
        | {f"JH-SB-{n}" for n in range(1, 5)}
        | {f"JH-PAL-{n}" for n in range(1, 6)}
    ),
    "GB": frozenset({*GENERAL, "GEN-DISPUTE", "GB-CHILD", "GB-SEV"}),
    "HL": frozenset({*GENERAL, "GEN-DISPUTE", "HL-THRESH"}),
    "OR": frozenset({*GENERAL, "GEN-DISPUTE", "OR-CHILD", "OR-ENROL", "OR-SPEC7"}),
}

REQUIRED_PARAMETERS: dict[str, dict[str, tuple[str, ...]]] = {
    "JH": {"JH-OB-2": ("min_days_exclusive",), "JH-OB-3": ("cfs_at_least", "cfs_with_cognition")},
    "GB": {"GB-CHILD": ("adult_age",), "GB-SEV": ("region_share_percent",)},
    "HL": {},
    "OR": {"OR-CHILD": ("adult_age",), "OR-SPEC7": ("days_after_discharge",)},
}
