"""Parties as stored JSON and back."""

from __future__ import annotations

from typing import Any

from responsibility.domain import Party, PartyKind, RegionUnit


def party_to_dict(party: Party) -> dict[str, Any]:
    return {
        "kind": party.kind.value,
        "code": party.code,
        "unit": party.unit.value if party.unit else None,
    }


def party_from_dict(data: dict[str, Any]) -> Party:
    unit = data.get("unit")
    return Party(PartyKind(data["kind"]), data["code"], RegionUnit(unit) if unit else None)
