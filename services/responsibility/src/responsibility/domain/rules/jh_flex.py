"""Jämtland Härjedalen person-centred exceptions: JH-OB-PREF and JH-OB-FLEX."""

from __future__ import annotations

from dataclasses import replace

from ..decision import AppliedOverride
from ..draft import RuleContext, RuleOutput
from ..enums import CARE_COMPONENTS, Outcome, PartyKind, RegionUnit
from ..parties import Party
from ..results import decided, unknown
from ..situation import Override
from .registry import rule
from .support import criterion


@rule("JH-OB-PREF", "The wish for care at the health centre is respected unless unsafe")
def preference_for_health_centre(ctx: RuleContext) -> RuleOutput:
    verdict = ctx.criterion_outcome("JH-OB")
    if verdict is None or verdict.outcome is not Outcome.MET:
        return RuleOutput()
    s = ctx.situation
    inputs = {
        "prefers_health_centre": s.prefers_health_centre,
        "preference_affects_patient_safety": s.preference_affects_patient_safety,
    }
    if not s.prefers_health_centre:
        sentence = "No wish for care at the health centre has been expressed."
        return RuleOutput(criteria=(criterion("JH-OB-PREF", Outcome.NOT_MET, sentence, inputs),))
    if s.preference_affects_patient_safety is None:
        missing = ("preference_affects_patient_safety",)
        sentence = "The person prefers the health centre; the effect on patient safety is unknown."
        results = tuple(unknown(ctx, c, "JH-OB-PREF", sentence, missing) for c in CARE_COMPONENTS)
        found = criterion("JH-OB-PREF", Outcome.UNKNOWN, sentence, inputs, missing)
        return RuleOutput(criteria=(found,), components=results)
    if s.preference_affects_patient_safety:
        sentence = "The wish for the health centre is not followed: it affects patient safety."
        return RuleOutput(criteria=(criterion("JH-OB-PREF", Outcome.NOT_MET, sentence, inputs),))
    sentence = "The person's wish for care at the health centre is respected."
    care = ctx.region(RegionUnit.HEALTH_CENTRE)
    results = tuple(decided(ctx, c, "JH-OB-PREF", sentence, care) for c in CARE_COMPONENTS)
    found = criterion("JH-OB-PREF", Outcome.MET, sentence, inputs)
    return RuleOutput(criteria=(found,), components=results)


@rule("JH-OB-FLEX", "A person-centred departure records who decided and why")
def overrides(ctx: RuleContext) -> RuleOutput:
    results, applied, found = [], [], []
    for override in ctx.situation.overrides:
        chosen = chosen_party(ctx, override)
        for component in sorted(override.components):
            previous = ctx.current(component)
            sentence = f"override by {override.decided_by}: {override.reason}"
            record = AppliedOverride(
                component, override.decided_by, override.reason, chosen, previous.responsible
            )
            result = decided(ctx, component, "JH-OB-FLEX", sentence, chosen)
            results.append(replace(result, override=record))
            applied.append(record)
        found.append(
            criterion(
                "JH-OB-FLEX",
                Outcome.MET,
                f"{override.decided_by} departed from the criteria: {override.reason}",
                {
                    "decided_by": override.decided_by,
                    "reason": override.reason,
                    "components": override.components,
                    "chosen": chosen.describe(),
                },
            )
        )
    return RuleOutput(criteria=tuple(found), components=tuple(results), overrides=tuple(applied))


def chosen_party(ctx: RuleContext, override: Override) -> Party:
    if override.principal is PartyKind.REGION:
        return ctx.region(override.unit)
    home = ctx.home_municipality()
    assert home is not None, "validated before the pipeline runs"
    return home
