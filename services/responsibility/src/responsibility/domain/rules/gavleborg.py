"""Gävleborg (section 4.7): GB-CHILD and GB-SEV."""

from __future__ import annotations

from collections.abc import Mapping

from ..decision import ComponentDecision
from ..draft import RuleContext, RuleOutput
from ..enums import CARE_COMPONENTS, CareComponent, Outcome, RegionUnit
from ..parties import Compensation, health_centre
from ..results import decided, not_covered, unknown
from .ages import adulthood, child_status
from .registry import rule
from .support import criterion, obligation

SEV_DUTIES = (
    (
        "sip_with_fixed_contacts",
        "Hold a SIP that appoints fixed contacts with clear responsibilities.",
    ),
    ("discharge_checklist", "Follow the checklist before discharge."),
    ("risk_analysis", "Make a risk analysis together with all providers."),
    ("staff_introduction", "Train staff and introduce them in the home before they work alone."),
)


@rule("GB-CHILD", "Children under 18: no municipal health care responsibility")
def children(ctx: RuleContext) -> RuleOutput:
    status = child_status(ctx, "GB-CHILD")
    if status.outcome is not Outcome.MET:
        results: tuple[ComponentDecision, ...] = ()
        if status.outcome is Outcome.UNKNOWN:
            text = "age unknown: cannot tell whether the municipality can be responsible"
            results = tuple(
                unknown(ctx, c, "GB-CHILD", text, ("age_years",)) for c in CARE_COMPONENTS
            )
        return RuleOutput(criteria=(status,), components=results)
    text = (
        "a child: home health care is not transferred to the municipality (region; unit not named)"
    )
    results = tuple(decided(ctx, c, "GB-CHILD", text, ctx.region(None)) for c in CARE_COMPONENTS)
    duties = (
        obligation(
            "GB-CHILD",
            "guardians_self_care",
            None,
            "Self-care for a child is the guardians' responsibility; they may hand over the "
            "practical care but not the responsibility without a new assessment by a licensed "
            "professional.",
        ),
        obligation(
            "GB-CHILD",
            "municipal_sol_lss_support",
            ctx.home_municipality(),
            "The municipality may still owe support under SoL or LSS.",
        ),
    )
    return RuleOutput(
        criteria=(status,),
        components=results,
        obligations=duties,
        valid_until=adulthood(ctx, "GB-CHILD"),
    )


@rule("GB-SEV", "Severely ill at home (respirator, tracheostomy, peritoneal dialysis)")
def severely_ill(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    inputs = {"severe_care_needs": s.severe_care_needs, "coordination_need": s.coordination_need}
    if s.severe_care_needs == frozenset() or s.coordination_need is False:
        text = "outside the GB-2018 target group; the general home-care agreement is not loaded"
        results = tuple(not_covered(ctx, c, "GB-SEV", text) for c in CARE_COMPONENTS if _adult(ctx))
        found = criterion("GB-SEV", Outcome.NOT_MET, "Not in the target group.", inputs)
        return RuleOutput(criteria=(found,), components=results)
    if s.severe_care_needs is None or s.coordination_need is None:
        missing = tuple(n for n, v in inputs.items() if v is None)
        text = "unknown whether the person is in the target group"
        results = tuple(
            unknown(ctx, c, "GB-SEV", text, missing) for c in CARE_COMPONENTS if _adult(ctx)
        )
        found = criterion("GB-SEV", Outcome.UNKNOWN, text.capitalize() + ".", inputs, missing)
        return RuleOutput(criteria=(found,), components=results)
    return _target_group(ctx, inputs)


def _target_group(ctx: RuleContext, inputs: Mapping[str, object]) -> RuleOutput:
    s = ctx.situation
    duties = [obligation("GB-SEV", duty, None, text) for duty, text in SEV_DUTIES]
    results = []
    if s.listed_health_centre is not None:
        listed = health_centre(s.region_code, s.listed_health_centre)
        text = "a designated physician at the listed health centre coordinates discharge and care"
        results.append(decided(ctx, CareComponent.PHYSICIAN, "GB-SEV", text, listed))
    else:
        text = "Name the listed health centre: its designated physician coordinates."
        duties.append(
            obligation(
                "GB-SEV",
                "designate_coordinating_physician",
                ctx.region(RegionUnit.HEALTH_CENTRE),
                text,
            )
        )
    if _adult(ctx):
        results += [_care(ctx, c) for c in CARE_COMPONENTS]
    found = criterion("GB-SEV", Outcome.MET, "In the target group of GB-2018.", inputs)
    return RuleOutput(criteria=(found,), components=tuple(results), obligations=tuple(duties))


def _care(ctx: RuleContext, component: CareComponent) -> ComponentDecision:
    treatment = ctx.situation.specialised_treatment_responsibility
    if treatment is None:
        missing = ("specialised_treatment_responsibility",)
        return unknown(
            ctx, component, "GB-SEV", "unknown where the treatment responsibility lies", missing
        )
    if not treatment:
        text = "treatment at primary care level: the general home-care agreement is not loaded"
        return not_covered(ctx, component, "GB-SEV", text)
    home = ctx.home_municipality()
    assert home is not None
    share = ctx.param("GB-SEV", "region_share_percent")
    paid = Compensation(ctx.region(None), "GB-ECO", share, f"the region pays {share} % of the time")
    text = (
        f"specialised care holds treatment responsibility; {home.describe()} performs and employs"
    )
    specialised = ctx.region(RegionUnit.SPECIALISED_CARE)
    return decided(ctx, component, "GB-SEV", text, specialised, home, home, compensation=paid)


def _adult(ctx: RuleContext) -> bool:
    found = ctx.criterion_outcome("GB-CHILD")
    return found is not None and found.outcome is Outcome.NOT_MET
