"""General rules for all regions (section 4.1): GEN-DOC, GEN-RES, GEN-SELF.

GEN-DISPUTE is a process, implemented in `responsibility.domain.dispute`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..decision import Obligation
from ..draft import RuleContext, RuleOutput
from ..enums import CARE_COMPONENTS, CareComponent, Outcome, RegionUnit
from ..parties import Party, region
from ..results import decided, unknown
from ..validation import county_of
from .registry import rule
from .support import criterion, obligation, outcome_of


@rule("GEN-DOC", "Physicians are always the region's")
def physicians_are_regional(ctx: RuleContext) -> RuleOutput:
    sentence = "physician care (läkarmedverkan) is always the region's"
    result = decided(
        ctx, CareComponent.PHYSICIAN, "GEN-DOC", sentence, ctx.region(RegionUnit.HEALTH_CENTRE)
    )
    met = criterion(
        "GEN-DOC",
        Outcome.MET,
        "Physicians are always the region's; the municipality's responsibility reaches up to "
        "physician level (nurses, occupational therapists, physiotherapists).",
        {},
    )
    return RuleOutput(criteria=(met,), components=(result,))


@rule("GEN-RES", "Municipal responsibility follows the registered municipality")
def residence(ctx: RuleContext) -> RuleOutput:
    s = ctx.situation
    code, in_county = s.registered_municipality, residence_in_county(ctx)
    inputs = {"registered_municipality": code, "registered_in_county": in_county}
    if in_county and code is not None:
        sentence = f"Registered in municipality {code}, a party to {ctx.agreement.id}."
        return RuleOutput(criteria=(criterion("GEN-RES", Outcome.MET, sentence, inputs),))
    if in_county is False:
        return _not_registered_in_county(ctx, inputs)
    missing = ("registered_municipality",)
    sentence = "The registered municipality is unknown, so the municipality cannot be named."
    results = tuple(unknown(ctx, c, "GEN-RES", sentence, missing) for c in CARE_COMPONENTS)
    return RuleOutput(
        criteria=(criterion("GEN-RES", Outcome.UNKNOWN, sentence, inputs, missing),),
        components=results,
    )


def residence_in_county(ctx: RuleContext) -> bool | None:
    s = ctx.situation
    if s.registered_municipality is not None:
        return county_of(s.registered_municipality) == s.region_code
    return s.registered_in_county


def _not_registered_in_county(ctx: RuleContext, inputs: Mapping[str, object]) -> RuleOutput:
    code = ctx.situation.registered_municipality
    home = region(county_of(code), None) if code is not None else None
    payer = home or ctx.region(None)
    invoiced_to = f"home region {home.code}" if home else "the person's home region"
    care = ctx.region(RegionUnit.HEALTH_CENTRE)
    hired = ctx.hired_municipality()
    sentence = _non_resident_sentence(hired, invoiced_to)
    results = tuple(
        decided(ctx, c, "GEN-RES", sentence, care, hired or care, payer) for c in CARE_COMPONENTS
    )
    hired_input = {"performing_municipality_code": hired.code} if hired else {}
    found = criterion("GEN-RES", Outcome.NOT_MET, sentence, {**inputs, **hired_input})
    return RuleOutput(
        criteria=(found,), components=results, obligations=_non_resident_duties(ctx, hired)
    )


def _non_resident_sentence(hired: Party | None, invoiced_to: str) -> str:
    if hired is None:
        return (
            "Not registered in the county: the region gives the care (or the municipality as "
            f"hired staff); the cost is invoiced to {invoiced_to}."
        )
    return (
        f"Not registered in the county: the region is responsible and {hired.describe()} "
        f"performs the care as hired staff; the cost is invoiced to {invoiced_to}."
    )


def _non_resident_duties(ctx: RuleContext, hired: Party | None) -> tuple[Obligation, ...]:
    invoice = obligation(
        "GEN-RES", "invoice_home_region", ctx.region(None), "Invoice the person's home region."
    )
    if hired is None:
        return (invoice,)
    report = obligation(
        "GEN-RES",
        "report_hired_work",
        hired,
        f"Report the work performed as hired staff to region {ctx.situation.region_code}, which "
        "holds the responsibility and invoices the home region.",
    )
    return (invoice, report)


@rule("GEN-SELF", "Self-care is not health care; the prescriber assesses it")
def self_care(ctx: RuleContext) -> RuleOutput:
    value = ctx.situation.is_self_care
    outcome = outcome_of(value)
    sentences = {
        Outcome.MET: "The measure is judged to be self-care (egenvård), not health care.",
        Outcome.NOT_MET: "The measure is not self-care; health-care rules apply.",
        Outcome.UNKNOWN: "Whether the measure can be self-care has not been assessed.",
    }
    missing = ("is_self_care",) if value is None else ()
    found = criterion("GEN-SELF", outcome, sentences[outcome], {"is_self_care": value}, missing)
    if not value:
        return RuleOutput(criteria=(found,))
    duty = obligation(
        "GEN-SELF",
        "self_care_assessment",
        None,
        "Whoever prescribes the measure is responsible for the self-care assessment; "
        "reassess when circumstances change.",
    )
    return RuleOutput(criteria=(found,), obligations=(duty,))
