"""Jämtland Härjedalen materials and costs (section 4.4): JH-MTP-4, JH-MTP-5, JH-MTP-6."""

from __future__ import annotations

from ..decision import ComponentDecision
from ..draft import RuleContext, RuleOutput
from ..enums import PRODUCT_COMPONENTS, CareComponent, RegionUnit
from ..results import annotate, decided, unknown
from .registry import rule
from .support import applies, obligation

CONSUMABLES = CareComponent.CONSUMABLES


def _pays_until_evaluated(ctx: RuleContext) -> bool:
    needs = ctx.situation.care_needs
    return needs.non_procured_materials and not needs.non_procured_materials_evaluated


@rule("JH-MTP-4", "Non-procured materials: specialised care pays until evaluated")
def non_procured_materials(ctx: RuleContext) -> RuleOutput:
    needs = ctx.situation.care_needs
    active = _pays_until_evaluated(ctx)
    found = applies(
        "JH-MTP-4",
        active,
        "Non-procured materials paid by specialised care until evaluated",
        non_procured_materials=needs.non_procured_materials,
        evaluated_with_primary_care=needs.non_procured_materials_evaluated,
    )
    if not active:
        return RuleOutput(criteria=(found,))
    payer = ctx.region(RegionUnit.SPECIALISED_CARE)
    follow_up = obligation(
        "JH-MTP-4",
        "evaluate_with_primary_care",
        payer,
        "Evaluate the treatment together with primary care; if it continues, responsibility "
        "moves to primary care level (JH-MTP).",
    )
    current = ctx.current(CONSUMABLES)
    if current.responsible is None or current.performer is None:
        return RuleOutput(criteria=(found,), obligations=(follow_up,))
    text = "non-procured materials: specialised care pays until evaluated with primary care"
    result = decided(
        ctx, CONSUMABLES, "JH-MTP-4", text, current.responsible, current.performer, payer
    )
    return RuleOutput(criteria=(found,), components=(result,), obligations=(follow_up,))


@rule("JH-MTP-5", "Work-environment consumables: the employer; samples and labs: the region")
def work_environment(ctx: RuleContext) -> RuleOutput:
    wanted = ctx.situation.care_needs.work_environment_consumables
    region_pays = obligation(
        "JH-MTP-5",
        "region_pays_samples",
        ctx.region(RegionUnit.HEALTH_CENTRE),
        "The region pays sampling material, lab analyses, transport from the health centre "
        "and interpretation of results.",
    )
    found = applies(
        "JH-MTP-5", wanted, "Work-environment consumables", work_environment_consumables=wanted
    )
    if not wanted:
        return RuleOutput(criteria=(found,), obligations=(region_pays,))
    result = _employer_pays(ctx)
    return RuleOutput(criteria=(found,), components=(result,), obligations=(region_pays,))


def _employer_pays(ctx: RuleContext) -> ComponentDecision:
    employer = ctx.current(CareComponent.NURSING).performer
    current = ctx.current(CONSUMABLES)
    if _pays_until_evaluated(ctx):
        text = "JH-MTP-4 and JH-MTP-5 name different payers: state the consumables separately"
        conflict = ("care_needs.work_environment_consumables",)
        return unknown(ctx, CONSUMABLES, "JH-MTP-5", text, conflict)
    if employer is None or current.responsible is None or current.performer is None:
        missing = ctx.current(CareComponent.NURSING).missing_facts or current.missing_facts
        return unknown(ctx, CONSUMABLES, "JH-MTP-5", "the employer is not known", missing)
    text = f"work-environment consumables: the employer ({employer.describe()}) pays"
    return decided(
        ctx, CONSUMABLES, "JH-MTP-5", text, current.responsible, current.performer, employer
    )


@rule("JH-MTP-6", "Work on another's behalf: responsibility stays with the responsible party")
def on_behalf_of_other(ctx: RuleContext) -> RuleOutput:
    care = ctx.current(CareComponent.NURSING)
    hired = ctx.situation.care_needs.performed_on_behalf_of_other
    delegated = care.performer is not None and care.performer != care.responsible
    active = (hired or delegated) and care.responsible is not None
    found = applies(
        "JH-MTP-6",
        active,
        "Work on another's behalf",
        performed_on_behalf_of_other=hired,
        performer_differs=delegated,
    )
    if not active or care.responsible is None:
        return RuleOutput(criteria=(found,))
    text = f"work on another's behalf: responsibility stays with {care.responsible.describe()}"
    results = tuple(
        annotate(ctx, c, "JH-MTP-6", text)
        for c in PRODUCT_COMPONENTS
        if ctx.current(c).responsible == care.responsible
    )
    return RuleOutput(criteria=(found,), components=results)
