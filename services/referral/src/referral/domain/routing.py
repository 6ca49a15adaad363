"""From a responsibility decision to what referral does: address a care request, or say why not.

The municipality gets a care request for the components it is responsible for; when the region
keeps responsibility but the municipality performs the care (JH-PAL-2, GB-SEV, GEN-RES as hired
staff), the performing municipality gets one too, marked as performed on the region's behalf,
with who pays. Components the rules could not decide make the outcome `needs-facts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

MUNICIPALITY = "municipality"
REGION = "region"
UNKNOWN = "unknown"


class Outcome(StrEnum):
    AWAITING_DECISION = "awaiting-decision"
    CARE_REQUESTED = "care-requested"
    REGION_RESPONSIBLE = "region-responsible"
    NEEDS_FACTS = "needs-facts"
    UNDECIDABLE = "undecidable"


@dataclass(frozen=True)
class Party:
    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class ComponentDecision:
    component: str
    status: str
    responsible: Party | None
    performer: Party | None
    cost_bearer: Party | None
    rule_ids: tuple[str, ...]
    missing_facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routing:
    outcome: Outcome
    municipality: str | None = None
    components: tuple[str, ...] = ()
    on_behalf_of: Party | None = None  # the responsible region, when the municipality performs
    cost_bearer: Party | None = None


def route(decisions: Sequence[ComponentDecision]) -> Routing:
    chosen = _responsible(decisions) or _performing(decisions)
    unknown = any(d.status == UNKNOWN for d in decisions)
    if not chosen:
        return Routing(Outcome.NEEDS_FACTS if unknown else Outcome.REGION_RESPONSIBLE)
    first = chosen[0]
    performs_for_region = first.responsible is not None and first.responsible.kind == REGION
    return Routing(
        Outcome.NEEDS_FACTS if unknown else Outcome.CARE_REQUESTED,
        municipality=_addressed(first).code,
        components=tuple(sorted(d.component for d in chosen)),
        on_behalf_of=first.responsible if performs_for_region else None,
        cost_bearer=first.cost_bearer,
    )


def _responsible(decisions: Sequence[ComponentDecision]) -> list[ComponentDecision]:
    found = [d for d in decisions if _is_municipality(d.responsible)]
    return _same_municipality(found)


def _performing(decisions: Sequence[ComponentDecision]) -> list[ComponentDecision]:
    found = [d for d in decisions if _is_municipality(d.performer)]
    return _same_municipality(found)


def _same_municipality(found: list[ComponentDecision]) -> list[ComponentDecision]:
    """One care request per decision: to the first municipality named (the common case is one)."""
    if not found:
        return []
    first = _addressed(found[0])
    return [d for d in found if _addressed(d) == first]


def _addressed(decision: ComponentDecision) -> Party:
    party = decision.responsible if _is_municipality(decision.responsible) else decision.performer
    assert party is not None
    return party


def _is_municipality(party: Party | None) -> bool:
    return party is not None and party.kind == MUNICIPALITY


def missing_facts(decisions: Sequence[ComponentDecision]) -> list[dict[str, object]]:
    """Per undecided component: the facts the sender must supply and the rules that need them."""
    return [
        {"component": d.component, "facts": list(d.missing_facts), "rule_ids": list(d.rule_ids)}
        for d in decisions
        if d.status == UNKNOWN
    ]
