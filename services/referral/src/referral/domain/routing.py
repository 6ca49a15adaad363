"""Which municipality receives a care request, from a responsibility decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ComponentOwner:
    component: str
    principal: str  # "region" | "municipality"
    principal_code: str


def municipal_components(owners: Sequence[ComponentOwner], municipality: str) -> list[str]:
    """The components the given municipality is responsible for, in a stable order."""
    return sorted(
        o.component
        for o in owners
        if o.principal == "municipality" and o.principal_code == municipality
    )
