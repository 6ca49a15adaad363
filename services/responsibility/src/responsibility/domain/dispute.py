"""GEN-DISPUTE: disputes are settled between managers without delaying the person's care.

A pure state machine: open → positions recorded → resolved. While a dispute is open, care
continues under the current decision; a resolution that moves responsibility yields
`ResponsibilityMoved` results so that costs can be settled afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from .decision import Decision
from .enums import CareComponent
from .errors import DisputeTransitionError
from .parties import Party
from .rules.registry import process_rule

process_rule("GEN-DISPUTE", "Disputes are resolved at once without delaying care", __name__)


class DisputeState(StrEnum):
    OPEN = "open"
    POSITIONS_RECORDED = "positions_recorded"
    RESOLVED = "resolved"


class DisputeLevel(StrEnum):
    INDIVIDUAL = "individual"
    ORGANISATIONAL = "organisational"


class Arena(StrEnum):
    RESPONSIBLE_MANAGERS = "responsible_managers"
    LOCAL_ARENA = "local_arena"
    COUNTY_ARENA = "county_arena"


ESCALATION = {Arena.RESPONSIBLE_MANAGERS: Arena.LOCAL_ARENA, Arena.LOCAL_ARENA: Arena.COUNTY_ARENA}


@dataclass(frozen=True)
class Position:
    party: str
    statement: str
    proposed_responsible: Party | None = None


@dataclass(frozen=True)
class ResponsibilityMoved:
    """Responsibility for a component moved by a resolution; costs are settled afterwards."""

    decision_fingerprint: str
    component: CareComponent
    moved_from: Party | None
    moved_to: Party
    effective_from: date
    rule_id: str = "GEN-DISPUTE"


@dataclass(frozen=True)
class Resolution:
    resolved_by: str
    resolved_on: date
    note: str
    responsible: tuple[tuple[CareComponent, Party], ...] = ()


@dataclass(frozen=True)
class Dispute:
    decision: Decision
    components: frozenset[CareComponent]
    level: DisputeLevel
    arena: Arena
    opened_by: str
    opened_on: date
    reason: str
    state: DisputeState = DisputeState.OPEN
    positions: tuple[Position, ...] = ()
    resolution: Resolution | None = None

    def responsible_now(self, component: CareComponent) -> Party | None:
        """Care continues under the current decision until a resolution moves it."""
        if self.resolution is not None:
            for moved_component, party in self.resolution.responsible:
                if moved_component is component:
                    return party
        return self.decision.component(component).responsible


def open_dispute(
    decision: Decision,
    components: frozenset[CareComponent],
    opened_by: str,
    reason: str,
    opened_on: date,
    level: DisputeLevel = DisputeLevel.INDIVIDUAL,
) -> Dispute:
    if not components or not opened_by.strip() or not reason.strip():
        raise DisputeTransitionError("a dispute needs components, who opened it and why")
    unknown = sorted(
        c.value for c in components if c not in {r.component for r in decision.components}
    )
    if unknown:
        raise DisputeTransitionError(f"not part of the decision: {', '.join(unknown)}")
    return Dispute(
        decision, components, level, Arena.RESPONSIBLE_MANAGERS, opened_by, opened_on, reason
    )


def record_position(dispute: Dispute, position: Position) -> Dispute:
    if dispute.state is DisputeState.RESOLVED:
        raise DisputeTransitionError("the dispute is already resolved")
    if not position.party.strip() or not position.statement.strip():
        raise DisputeTransitionError("a position needs a party and a statement")
    return replace(
        dispute, state=DisputeState.POSITIONS_RECORDED, positions=(*dispute.positions, position)
    )


def escalate(dispute: Dispute) -> Dispute:
    """Organisational disputes go to the local arena, then the county-wide arena."""
    if dispute.level is DisputeLevel.INDIVIDUAL:
        raise DisputeTransitionError("individual disputes are resolved between the managers")
    if dispute.state is DisputeState.RESOLVED or dispute.arena not in ESCALATION:
        raise DisputeTransitionError(f"cannot escalate from {dispute.arena.value}")
    return replace(dispute, arena=ESCALATION[dispute.arena])


def resolve(
    dispute: Dispute, resolution: Resolution
) -> tuple[Dispute, tuple[ResponsibilityMoved, ...]]:
    if dispute.state is not DisputeState.POSITIONS_RECORDED:
        raise DisputeTransitionError(f"cannot resolve a dispute in state {dispute.state.value}")
    outside = sorted(c.value for c, _ in resolution.responsible if c not in dispute.components)
    if outside:
        raise DisputeTransitionError(f"not disputed: {', '.join(outside)}")
    fingerprint = dispute.decision.fingerprint()
    moves = tuple(
        ResponsibilityMoved(fingerprint, component, before, party, resolution.resolved_on)
        for component, party in resolution.responsible
        if (before := dispute.decision.component(component).responsible) != party
    )
    return replace(dispute, state=DisputeState.RESOLVED, resolution=resolution), moves
