"""Örebro (section 4.7): OR-CHILD, OR-ENROL and OR-SPEC7.

OR-SPEC7 counting: the seed says only "Förlängt ansvar för specialiserad vård efter
sjukhusvistelse (7 dagar)" (seeds/orebro-overenskommelse-hemsjukvard.txt). We count the
discharge day as day 0, the convention of the discharge law's individual clock (domain brief
5.1, LAW-PAY "day 0"): specialised care is responsible through discharge + 7 days (day 7);
on day 8 the ordinary rules (OR-ENROL) decide again. The window length is agreement data.
"""

from __future__ import annotations

from datetime import timedelta

from ..draft import RuleContext, RuleOutput
from ..enums import CARE_COMPONENTS, CareComponent, Outcome, RegionUnit
from ..results import decided, unknown
from .ages import adulthood, child_status
from .registry import rule
from .support import criterion, missing_facts, obligation

CARE_AND_PHYSICIAN = (*CARE_COMPONENTS, CareComponent.PHYSICIAN)


@rule("OR-CHILD", "Children under 18: specialised care is responsible")
def children(ctx: RuleContext) -> RuleOutput:
    status = child_status(ctx, "OR-CHILD")
    if status.outcome is Outcome.NOT_MET:
        return RuleOutput(criteria=(status,))
    if status.outcome is Outcome.UNKNOWN:
        text = "age unknown: cannot tell whether specialised care is responsible"
        results = tuple(unknown(ctx, c, "OR-CHILD", text, ("age_years",)) for c in CARE_COMPONENTS)
        return RuleOutput(criteria=(status,), components=results)
    text = "a child: specialised care is responsible"
    care = ctx.region(RegionUnit.SPECIALISED_CARE)
    results = tuple(decided(ctx, c, "OR-CHILD", text, care) for c in CARE_AND_PHYSICIAN)
    return RuleOutput(
        criteria=(status,), components=results, valid_until=adulthood(ctx, "OR-CHILD")
    )


@rule("OR-ENROL", "Enrolment when the person needs coordination and has an identified risk")
def enrolment(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    inputs = {"coordination_need": s.coordination_need, "identified_risk": s.identified_risk}
    if s.coordination_need is False or s.identified_risk is False:
        text = (
            "no coordination need or no identified risk: regional primary care "
            "(enrolment would be a costly intervention for the system)"
        )
        care = ctx.region(RegionUnit.HEALTH_CENTRE)
        results = tuple(decided(ctx, c, "OR-ENROL", text, care) for c in CARE_COMPONENTS)
        found = criterion("OR-ENROL", Outcome.NOT_MET, text.capitalize() + ".", inputs)
        return RuleOutput(criteria=(found,), components=results)
    missing = missing_facts(**inputs)
    if missing:
        text = "unknown whether the enrolment criteria are met"
        results = tuple(unknown(ctx, c, "OR-ENROL", text, missing) for c in CARE_COMPONENTS)
        found = criterion("OR-ENROL", Outcome.UNKNOWN, text.capitalize() + ".", inputs, missing)
        return RuleOutput(criteria=(found,), components=results)
    home = ctx.home_municipality()
    assert home is not None, "OR-ENROL runs only for registered residents"
    text = (
        f"coordination need and identified risk: enrolment in home health care ({home.describe()})"
    )
    results = tuple(decided(ctx, c, "OR-ENROL", text, home) for c in CARE_COMPONENTS)
    duty = obligation(
        "OR-ENROL", "enrolment_and_planning", home, "Enrol and plan individually (SIP when needed)."
    )
    found = criterion("OR-ENROL", Outcome.MET, text.capitalize() + ".", inputs)
    return RuleOutput(criteria=(found,), components=results, obligations=(duty,))


@rule("OR-SPEC7", "Specialised care keeps responsibility for 7 days after a hospital stay")
def after_hospital_stay(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    window = ctx.param("OR-SPEC7", "days_after_discharge")
    inputs = {
        "discharge_date": s.discharge_date,
        "decision_date": s.decision_date,
        "window_days": window,
    }
    if s.discharge_date is None:
        text = "No hospital stay recorded."
        return RuleOutput(criteria=(criterion("OR-SPEC7", Outcome.NOT_MET, text, inputs),))
    last_day = s.discharge_date + timedelta(days=window)
    day = (s.decision_date - s.discharge_date).days
    if day > window:
        text = (
            f"Day {day} after discharge: the {window}-day window ended on {last_day.isoformat()}."
        )
        return RuleOutput(criteria=(criterion("OR-SPEC7", Outcome.NOT_MET, text, inputs),))
    when = f"day {day} after discharge" if day >= 0 else f"{-day} day(s) before discharge"
    text = (
        f"{when} (discharge day = day 0): specialised care keeps responsibility "
        f"through {last_day.isoformat()}"
    )
    care = ctx.region(RegionUnit.SPECIALISED_CARE)
    results = tuple(decided(ctx, c, "OR-SPEC7", text, care) for c in CARE_AND_PHYSICIAN)
    found = criterion("OR-SPEC7", Outcome.MET, text.capitalize() + ".", inputs)
    return RuleOutput(criteria=(found,), components=results, valid_until=last_day)
