"""The parts of an explanation: criteria evaluated, obligations attached, overrides applied."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .enums import CareComponent, Outcome
from .parties import Party
from .serial import FactValue, JsonObject, fact_json
from .values import fast_init


@fast_init
@dataclass(frozen=True)
class Criterion:
    """One evaluated criterion: which rule, the outcome, the inputs it used, and why."""

    rule_id: str
    outcome: Outcome
    inputs: Mapping[str, FactValue] = field(hash=False)  # by name; never changed once made
    sentence: str
    missing_facts: tuple[str, ...] = ()

    def to_dict(self) -> JsonObject:
        return {
            "rule_id": self.rule_id,
            "outcome": self.outcome.value,
            "inputs": {name: fact_json(value) for name, value in self.inputs.items()},
            "sentence": self.sentence,
            "missing_facts": list(self.missing_facts),
        }


@fast_init
@dataclass(frozen=True)
class Obligation:
    """A duty or follow-up that a rule attaches to the decision (not an allocation)."""

    rule_id: str
    duty: str
    owner: Party | None
    sentence: str

    def to_dict(self) -> JsonObject:
        owner = None if self.owner is None else self.owner.to_dict()
        return {"rule_id": self.rule_id, "duty": self.duty, "owner": owner, "text": self.sentence}


@fast_init
@dataclass(frozen=True)
class AppliedOverride:
    """JH-OB-FLEX applied to one component: who decided, why, and what it departed from."""

    component: CareComponent
    decided_by: str
    reason: str
    chosen: Party
    departed_from: Party | None

    def to_dict(self) -> JsonObject:
        departed = None if self.departed_from is None else self.departed_from.to_dict()
        return {
            "component": self.component.value,
            "decided_by": self.decided_by,
            "reason": self.reason,
            "chosen": self.chosen.to_dict(),
            "departed_from": departed,
        }
