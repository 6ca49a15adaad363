"""Who is responsible, who performs, who pays."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import PartyKind, RegionUnit
from .serial import JsonObject
from .values import fast_init


@fast_init
@dataclass(frozen=True)
class Party:
    """A principal: a region (county code, optionally a unit) or a municipality (code)."""

    kind: PartyKind
    code: str
    unit: RegionUnit | None = None
    clinic: str | None = None
    unit_id: str | None = None

    def describe(self) -> str:
        if self.kind is PartyKind.MUNICIPALITY:
            return f"municipality {self.code}"
        parts = [f"region {self.code}"]
        if self.unit is not None:
            parts.append(self.unit.value.replace("_", " "))
        if self.clinic is not None:
            parts.append(self.clinic.replace("_", " "))
        if self.unit_id is not None:
            parts.append(self.unit_id)
        return ", ".join(parts)

    def to_dict(self) -> JsonObject:
        return {
            "kind": self.kind.value,
            "code": self.code,
            "unit": None if self.unit is None else self.unit.value,
            "clinic": self.clinic,
            "unit_id": self.unit_id,
        }


def region(code: str, unit: RegionUnit | None, clinic: str | None = None) -> Party:
    return Party(PartyKind.REGION, code, unit, clinic)


def municipality(code: str) -> Party:
    return Party(PartyKind.MUNICIPALITY, code)


@fast_init
@dataclass(frozen=True)
class Compensation:
    """Money that flows back to the cost bearer afterwards (e.g. JH-TB, GB-ECO)."""

    payer: Party
    rule_id: str
    share_percent: int | None
    note: str

    def to_dict(self) -> JsonObject:
        return {
            "payer": self.payer.to_dict(),
            "rule_id": self.rule_id,
            "share_percent": self.share_percent,
            "note": self.note,
        }


def health_centre(region_code: str, unit_id: str) -> Party:
    """A named health centre (hälsocentral) of the region."""
    return Party(PartyKind.REGION, region_code, RegionUnit.HEALTH_CENTRE, None, unit_id)
