"""Jämtland Härjedalen, special housing and day activities (section 4.3): JH-SB-1..4."""

from __future__ import annotations

from ..decision import ComponentDecision
from ..draft import RuleContext, RuleOutput
from ..enums import (
    CARE_COMPONENTS,
    DAY_ACTIVITY_FORMS,
    SPECIAL_HOUSING_FORMS,
    CareComponent,
    HousingForm,
    Outcome,
    RegionUnit,
)
from ..parties import Party, health_centre
from ..results import decided, unknown
from .registry import rule
from .support import criterion, obligation


@rule("JH-SB-1", "Special housing, short-term and LSS housing: the municipality up to physician")
def special_housing(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    inputs = {"housing_form": s.housing_form, "prefers_health_centre": s.prefers_health_centre}
    if s.housing_form is None:
        sentence = "The housing form is unknown, so JH-SB or JH-OB cannot be chosen."
        missing = ("housing_form",)
        results = tuple(unknown(ctx, c, "JH-SB-1", sentence, missing) for c in CARE_COMPONENTS)
        found = criterion("JH-SB-1", Outcome.UNKNOWN, sentence, inputs, missing)
        return RuleOutput(criteria=(found,), components=results)
    if s.housing_form not in SPECIAL_HOUSING_FORMS:
        sentence = f"Not special housing ({s.housing_form.value})."
        return RuleOutput(criteria=(criterion("JH-SB-1", Outcome.NOT_MET, sentence, inputs),))
    home = _home(ctx)
    responsible: Party = home
    sentence = f"{s.housing_form.value}: {home.describe()} up to physician level."
    if s.prefers_health_centre:
        responsible = ctx.region(RegionUnit.HEALTH_CENTRE)
        sentence = "The person's wish for care at the region's open clinic is respected."
    results = tuple(decided(ctx, c, "JH-SB-1", sentence, responsible) for c in CARE_COMPONENTS)
    duty = obligation(
        "JH-SB-1",
        "moving_in_information",
        home,
        "On moving in, the municipal nurse updates the care form, starts a coordination case "
        "when needed and notifies the physician.",
    )
    found = criterion("JH-SB-1", Outcome.MET, sentence, inputs)
    return RuleOutput(criteria=(found,), components=results, obligations=(duty,))


@rule("JH-SB-2", "Daily activity (LSS) and day activity (SoL): the municipality while there")
def day_activity(ctx: RuleContext) -> RuleOutput:
    form = ctx.situation.housing_form
    if form not in DAY_ACTIVITY_FORMS:
        return RuleOutput()
    assert form is not None
    home = _home(ctx)
    scope = f"while the person is at the {form.value.replace('_', ' ')}"
    sentence = f"{home.describe()} is responsible {scope}."
    results = tuple(
        decided(ctx, c, "JH-SB-2", sentence, home, scope=scope) for c in CARE_COMPONENTS
    )
    duty = obligation(
        "JH-SB-2",
        "assess_residence_separately",
        None,
        "Outside the activity the housing form or the JH-OB criteria decide: assess separately.",
    )
    found = criterion("JH-SB-2", Outcome.MET, sentence, {"housing_form": form})
    return RuleOutput(criteria=(found,), components=results, obligations=(duty,))


@rule("JH-SB-3", "Listed health centre does planned care; the housing's does acute care")
def housing_health_centre(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    listed, housing = s.listed_health_centre, s.housing_health_centre
    inputs = {"listed_health_centre": listed, "housing_health_centre": housing}
    if listed is None or housing is None:
        missing = tuple(n for n, v in inputs.items() if v is None)
        sentence = "Unknown which health centres are involved; the physician stays the region's."
        found = criterion("JH-SB-3", Outcome.UNKNOWN, sentence, inputs, missing)
        return RuleOutput(criteria=(found,))
    if listed == housing:
        sentence = f"Listed at the housing's health centre {housing}."
        result = _physician(ctx, listed, sentence, None)
        found = criterion("JH-SB-3", Outcome.NOT_MET, sentence, inputs)
        return RuleOutput(criteria=(found,), components=(result,))
    sentence = (
        f"Listed at {listed}: planned measures and fixed physician contact; "
        f"the housing's health centre {housing}: acute and unplanned measures."
    )
    scope = f"planned measures; acute and unplanned: health centre {housing}"
    acute = health_centre(s.region_code, housing)
    duty = obligation("JH-SB-3", "acute_and_unplanned_care", acute, sentence)
    found = criterion("JH-SB-3", Outcome.MET, sentence, inputs)
    result = _physician(ctx, listed, sentence, scope)
    return RuleOutput(criteria=(found,), components=(result,), obligations=(duty,))


@rule("JH-SB-4", "LSS housing: yearly health talk; long-term illness: yearly physician review")
def lss_health_talk(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    if s.housing_form is not HousingForm.LSS_HOUSING:
        return RuleOutput()
    home = _home(ctx)
    talk = "Offer a yearly health talk with a health check."
    duties = [obligation("JH-SB-4", "yearly_health_talk", home, talk)]
    if s.long_term_medical_need:
        text = "Put the person forward for a yearly physician assessment (listed health centre)."
        duties.append(obligation("JH-SB-4", "yearly_physician_assessment", home, text))
    missing = ("long_term_medical_need",) if s.long_term_medical_need is None else ()
    sentence = "LSS housing: " + " ".join(d.sentence for d in duties)
    inputs = {"long_term_medical_need": s.long_term_medical_need}
    found = criterion("JH-SB-4", Outcome.MET, sentence, inputs, missing)
    return RuleOutput(criteria=(found,), obligations=tuple(duties))


def _physician(
    ctx: RuleContext, centre: str, sentence: str, scope: str | None
) -> ComponentDecision:
    listed = health_centre(ctx.situation.region_code, centre)
    return decided(ctx, CareComponent.PHYSICIAN, "JH-SB-3", sentence, listed, scope=scope)


def _home(ctx: RuleContext) -> Party:
    home = ctx.home_municipality()
    assert home is not None, "housing rules run only for registered residents"
    return home
