"""Validation of care needs and overrides (JH-MTP, JH-OB-FLEX) at construction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .checks import check_bool, check_components, check_enum, fail
from .enums import (
    PRODUCT_COMPONENTS,
    SPECIALISED_CLINIC_COMPONENTS,
    CareComponent,
    PartyKind,
    RegionUnit,
)

if TYPE_CHECKING:
    from .situation import CareNeeds, Override


def validate_care_needs(needs: CareNeeds) -> None:
    check_components("care_needs.components", needs.components, "GEN-RES", set(CareComponent))
    if not needs.components:
        raise fail("care_needs.components", "GEN-RES", "at least one care component is needed")
    check_components(
        "care_needs.physician_only_prescription",
        needs.physician_only_prescription,
        "JH-MTP-1",
        set(PRODUCT_COMPONENTS),
    )
    check_components(
        "care_needs.specialised_clinic_in_charge",
        needs.specialised_clinic_in_charge,
        "JH-MTP-2",
        set(SPECIALISED_CLINIC_COMPONENTS),
    )
    for name, rule in (
        ("specialised_equipment", "JH-MTP-3"),
        ("non_procured_materials", "JH-MTP-4"),
        ("non_procured_materials_evaluated", "JH-MTP-4"),
        ("work_environment_consumables", "JH-MTP-5"),
        ("performed_on_behalf_of_other", "JH-MTP-6"),
    ):
        check_bool(f"care_needs.{name}", getattr(needs, name), rule, optional=False)


def validate_override(o: Override, prefix: str) -> None:
    for name in ("decided_by", "reason"):
        value = getattr(o, name)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{prefix}.{name}", "JH-OB-FLEX", "an override must record who and why")
    check_components(f"{prefix}.components", o.components, "JH-OB-FLEX", set(CareComponent))
    if not o.components:
        raise fail(f"{prefix}.components", "JH-OB-FLEX", "name at least one component")
    check_enum(f"{prefix}.principal", o.principal, PartyKind, "JH-OB-FLEX", optional=False)
    check_enum(f"{prefix}.unit", o.unit, RegionUnit, "JH-OB-FLEX")
    if o.principal is PartyKind.REGION and o.unit is None:
        raise fail(f"{prefix}.unit", "JH-OB-FLEX", "a region principal needs a unit")
    if o.principal is PartyKind.MUNICIPALITY and o.unit is not None:
        raise fail(f"{prefix}.unit", "JH-OB-FLEX", "a municipality has no region unit")
    if o.principal is PartyKind.MUNICIPALITY and CareComponent.PHYSICIAN in o.components:
        raise fail(f"{prefix}.components", "GEN-DOC", "physicians are always the region's")
