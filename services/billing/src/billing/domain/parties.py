"""Parties that invoice each other: regions and municipalities (and their units)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from billing.domain.errors import UnknownParty


class PartyKind(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    postal_code: str
    city: str
    country_code: str = "SE"


@dataclass(frozen=True, slots=True)
class Party:
    """A legal body. ``org_number`` is the Swedish organisation number (PEPPOL scheme 0007)."""

    party_id: str
    name: str
    kind: PartyKind
    org_number: str
    address: Address
    home_region_id: str | None = None

    @property
    def region_id(self) -> str:
        """The region a party belongs to (a region belongs to itself)."""
        if self.kind is PartyKind.REGION or self.home_region_id is None:
            return self.party_id
        return self.home_region_id


def party(parties: Mapping[str, Party], party_id: str) -> Party:
    """Look a party up, or raise ``UnknownParty`` naming it."""
    try:
        return parties[party_id]
    except KeyError:
        raise UnknownParty(party_id) from None
