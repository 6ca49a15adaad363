"""Whose prices are whose: the parties of the agreement a money rule belongs to.

A rule id names its agreement by its prefix (JH- Jämtland Härjedalen, GB- Gävleborg); the
agreement's parties are its region and the region's municipalities. The other rules (LAW-PAY,
GEN-RES) are national law and bind every party, as the national price indices do.
"""

from __future__ import annotations

from billing.service_layer.reference import directory

AGREEMENT_REGIONS = {"JH-": "23", "GB-": "21"}
"""Rule-id prefix → the SCB code of the region whose agreement the rule is."""


def agreement_parties(rule_id: str) -> frozenset[str] | None:
    """The party ids of the rule's agreement, or None for a national rule (every party)."""
    parties = directory()
    for prefix, region_code in AGREEMENT_REGIONS.items():
        if rule_id.startswith(prefix):
            region = parties.party_id(region_code)
            return frozenset(p.party_id for p in parties.parties.values() if p.region_id == region)
    return None


def is_party_to(party_id: str, rule_id: str) -> bool:
    parties = agreement_parties(rule_id)
    return parties is None or party_id in parties
