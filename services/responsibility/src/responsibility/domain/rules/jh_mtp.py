"""Jämtland Härjedalen products and devices (section 4.4): JH-MTP, JH-MTP-1..3.

JH-MTP-4..6 (who pays for materials, work on another's behalf) are in `jh_mtp_costs`.
"""

from __future__ import annotations

from ..decision import ComponentDecision
from ..draft import RuleContext, RuleOutput
from ..enums import (
    PRODUCT_COMPONENTS,
    SPECIALISED_CLINIC_COMPONENTS,
    CareComponent,
    ComponentStatus,
    Outcome,
    RegionUnit,
)
from ..results import decided, not_covered, unknown
from .registry import rule
from .support import applies, criterion


@rule("JH-MTP", "Products follow the responsibility for the care")
def products_follow_care(ctx: RuleContext) -> RuleOutput:
    care = ctx.current(CareComponent.NURSING)
    results = tuple(_follow(ctx, product, care) for product in PRODUCT_COMPONENTS)
    sentence = "Prescribing, follow-up and cost of products follow the care responsibility."
    found = criterion("JH-MTP", Outcome.MET, sentence, {"care_status": care.status})
    return RuleOutput(criteria=(found,), components=results)


def _follow(ctx: RuleContext, product: CareComponent, care: ComponentDecision) -> ComponentDecision:
    if care.status is ComponentStatus.UNKNOWN:
        text = "follows the care, which is unknown"
        return unknown(ctx, product, "JH-MTP", text, care.missing_facts)
    if care.responsible is None:
        return not_covered(ctx, product, "JH-MTP", "follows the care, which is not covered")
    residency = ctx.criterion_outcome("GEN-RES")
    resident = residency is not None and residency.outcome is Outcome.MET
    cost = care.responsible if resident else care.cost_bearer
    sentence = f"follows the care: {care.responsible.describe()}"
    return decided(ctx, product, "JH-MTP", sentence, care.responsible, care.responsible, cost)


@rule("JH-MTP-1", "The region when only physicians may prescribe")
def physician_prescription(ctx: RuleContext) -> RuleOutput:
    products = ctx.situation.care_needs.physician_only_prescription
    doctor = ctx.current(CareComponent.PHYSICIAN).responsible
    if doctor is None:
        doctor = ctx.region(RegionUnit.HEALTH_CENTRE)
    text = f"only physicians may prescribe: {doctor.describe()}"
    results = tuple(decided(ctx, c, "JH-MTP-1", text, doctor) for c in sorted(products))
    found = applies("JH-MTP-1", bool(products), "Only physicians may prescribe", products=products)
    return RuleOutput(criteria=(found,), components=results)


@rule("JH-MTP-2", "Specialised care in charge: the region's dietitian/diabetes/stoma/oxygen clinic")
def specialised_clinic(ctx: RuleContext) -> RuleOutput:
    products = ctx.situation.care_needs.specialised_clinic_in_charge
    results = []
    for product in sorted(products):
        clinic = ctx.region(RegionUnit.SPECIALISED_CARE, SPECIALISED_CLINIC_COMPONENTS[product])
        text = f"medical responsibility in specialised care: {clinic.describe()}"
        results.append(decided(ctx, product, "JH-MTP-2", text, clinic))
    found = applies("JH-MTP-2", bool(products), "Specialised clinic in charge", products=products)
    return RuleOutput(criteria=(found,), components=tuple(results))


@rule("JH-MTP-3", "Specialised equipment (e.g. respirator, suction): specialised care")
def specialised_equipment(ctx: RuleContext) -> RuleOutput:
    needed = ctx.situation.care_needs.specialised_equipment
    found = applies("JH-MTP-3", needed, "Specialised equipment", specialised_equipment=needed)
    if not needed:
        return RuleOutput(criteria=(found,))
    text = "specialised equipment: specialised care prescribes, follows up and pays"
    care = ctx.region(RegionUnit.SPECIALISED_CARE)
    result = decided(ctx, CareComponent.MEDICAL_DEVICES, "JH-MTP-3", text, care)
    return RuleOutput(criteria=(found,), components=(result,))
