"""Halland (section 4.7): HL-THRESH, the threshold principle (tröskelprincipen)."""

from __future__ import annotations

from collections.abc import Mapping

from ..draft import RuleContext, RuleOutput
from ..enums import CARE_COMPONENTS, CareComponent, HousingForm, Outcome, RegionUnit
from ..results import decided, not_covered, unknown
from .registry import rule
from .support import criterion, missing_facts, obligation

REHAB_SCOPE = "daytime, not on public holidays"


@rule("HL-THRESH", "Long-term need and cannot get to the health centre: the municipality")
def threshold(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    inputs = {
        "housing_form": s.housing_form,
        "long_term_medical_need": s.long_term_medical_need,
        "can_reach_health_centre": s.can_reach_health_centre,
        "age_years": s.age_on_decision_date(),
    }
    if s.housing_form is not HousingForm.ORDINARY:
        return _outside_ordinary_housing(ctx, inputs)
    if s.long_term_medical_need is False or s.can_reach_health_centre is True:
        text = (
            "below the threshold: the region is responsible for care outside the municipal mission"
        )
        care = ctx.region(RegionUnit.HEALTH_CENTRE)
        results = tuple(decided(ctx, c, "HL-THRESH", text, care) for c in CARE_COMPONENTS)
        found = criterion("HL-THRESH", Outcome.NOT_MET, text.capitalize() + ".", inputs)
        return RuleOutput(criteria=(found,), components=results)
    missing = missing_facts(
        long_term_medical_need=s.long_term_medical_need,
        can_reach_health_centre=s.can_reach_health_centre,
    )
    if missing:
        text = "unknown whether the threshold is reached"
        results = tuple(unknown(ctx, c, "HL-THRESH", text, missing) for c in CARE_COMPONENTS)
        found = criterion("HL-THRESH", Outcome.UNKNOWN, text.capitalize() + ".", inputs, missing)
        return RuleOutput(criteria=(found,), components=results)
    return _municipal_home_care(ctx, inputs)


def _municipal_home_care(ctx: RuleContext, inputs: Mapping[str, object]) -> RuleOutput:
    home = ctx.home_municipality()
    assert home is not None, "HL-THRESH runs only for registered residents"
    text = (
        f"long-term need, cannot get to the health centre: {home.describe()}, "
        "all ages, around the clock"
    )
    nursing = decided(ctx, CareComponent.NURSING, "HL-THRESH", text, home)
    rehab = decided(ctx, CareComponent.REHABILITATION, "HL-THRESH", text, home, scope=REHAB_SCOPE)
    duties = (
        obligation(
            "HL-THRESH",
            "enrol_after_care_planning",
            home,
            "Enrol in home health care after care planning.",
        ),
        obligation(
            "HL-THRESH",
            "joint_competence_plan",
            None,
            "Where the municipality lacks the competence needed, make a joint plan to obtain it.",
        ),
        obligation(
            "HL-THRESH",
            "physician_resources",
            ctx.region(RegionUnit.HEALTH_CENTRE),
            "The region guarantees physicians and supports with medical competence when needed.",
        ),
    )
    found = criterion("HL-THRESH", Outcome.MET, text.capitalize() + ".", inputs)
    return RuleOutput(criteria=(found,), components=(nursing, rehab), obligations=duties)


def _outside_ordinary_housing(ctx: RuleContext, inputs: Mapping[str, object]) -> RuleOutput:
    if ctx.situation.housing_form is None:
        text = "housing form unknown: the threshold applies in ordinary housing"
        missing = ("housing_form",)
        results = tuple(unknown(ctx, c, "HL-THRESH", text, missing) for c in CARE_COMPONENTS)
        found = criterion("HL-THRESH", Outcome.UNKNOWN, text.capitalize() + ".", inputs, missing)
        return RuleOutput(criteria=(found,), components=results)
    text = "the threshold principle covers ordinary housing; this housing form is not covered"
    results = tuple(not_covered(ctx, c, "HL-THRESH", text) for c in CARE_COMPONENTS)
    found = criterion("HL-THRESH", Outcome.NOT_MET, text.capitalize() + ".", inputs)
    return RuleOutput(criteria=(found,), components=results)
