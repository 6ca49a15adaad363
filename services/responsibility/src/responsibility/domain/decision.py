"""The engine's output: one result per care component, with its full explanation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from .canonical import canonical_json
from .enums import CareComponent, ComponentStatus
from .explanation import AppliedOverride, Criterion, Obligation
from .parties import Compensation, Party
from .serial import JsonObject, JsonValue, iso
from .values import fast_init

__all__ = ["AppliedOverride", "ComponentDecision", "Criterion", "Decision", "Obligation"]


@fast_init
@dataclass(frozen=True)
class ComponentDecision:
    """Responsible principal, performer and cost bearer for one care component."""

    component: CareComponent
    status: ComponentStatus
    responsible: Party | None
    performer: Party | None
    cost_bearer: Party | None
    rule_ids: tuple[str, ...]
    explanation: tuple[str, ...]
    missing_facts: tuple[str, ...] = ()
    compensation: Compensation | None = None
    scope: str | None = None
    override: AppliedOverride | None = None

    @property
    def decisive_rule(self) -> str:
        return self.rule_ids[-1]

    def to_dict(self) -> JsonObject:
        return {
            "component": self.component.value,
            "status": self.status.value,
            "responsible": _party(self.responsible),
            "performer": _party(self.performer),
            "cost_bearer": _party(self.cost_bearer),
            "compensation": None if self.compensation is None else self.compensation.to_dict(),
            "scope": self.scope,
            "missing_facts": list(self.missing_facts),
            "rule_ids": list(self.rule_ids),
            "explanation": list(self.explanation),
            "override": None if self.override is None else self.override.to_dict(),
        }


@fast_init
@dataclass(frozen=True)
class Decision:
    """All component results for one situation under one agreement version."""

    decision_date: date
    region_code: str
    agreement_id: str
    agreement_version: str
    agreement_selection: str
    components: tuple[ComponentDecision, ...]
    criteria: tuple[Criterion, ...]
    obligations: tuple[Obligation, ...]
    overrides: tuple[AppliedOverride, ...]
    valid_until: date | None
    reevaluate_on: date | None

    def component(self, component: CareComponent) -> ComponentDecision:
        for result in self.components:
            if result.component is component:
                return result
        raise KeyError(component)

    def criterion(self, rule_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.rule_id == rule_id:
                return criterion
        raise KeyError(rule_id)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        seen = dict.fromkeys(c.rule_id for c in self.criteria)
        for result in self.components:
            seen.update(dict.fromkeys(result.rule_ids))
        return tuple(seen)

    @property
    def unknown_components(self) -> tuple[CareComponent, ...]:
        return tuple(c.component for c in self.components if c.status is ComponentStatus.UNKNOWN)

    def to_dict(self) -> JsonObject:
        components: list[JsonValue] = [c.to_dict() for c in self.components]
        criteria: list[JsonValue] = [c.to_dict() for c in self.criteria]
        return self._form(components, criteria)

    def canonical_text(self) -> bytes:
        """`canonical_json(self.to_dict())`, what the fingerprint hashes, written by orjson from
        the component results and criteria themselves: their fields are their machine form.
        Building the dictionaries first cost more than writing them (issue 11)."""
        native = self._form(list(self.components), list(self.criteria))
        return canonical_json(native, plain=self.to_dict)

    def _form(self, components: list[Any], criteria: list[Any]) -> JsonObject:
        obligations: list[JsonValue] = [o.to_dict() for o in self.obligations]
        overrides: list[JsonValue] = [o.to_dict() for o in self.overrides]
        return {
            "decision_date": self.decision_date.isoformat(),
            "region_code": self.region_code,
            "agreement": {
                "id": self.agreement_id,
                "version": self.agreement_version,
                "selection": self.agreement_selection,
            },
            "valid_until": iso(self.valid_until),
            "reevaluate_on": iso(self.reevaluate_on),
            "components": components,
            "criteria": criteria,
            "obligations": obligations,
            "overrides": overrides,
        }

    def fingerprint(self) -> str:
        """Stable hash of the machine form; equal decisions have equal fingerprints."""
        return fingerprint_of_canonical(self.canonical_text())


def fingerprint_of(machine_form: JsonObject) -> str:
    """`Decision.fingerprint` for a machine form already built (it is not cheap to build)."""
    return fingerprint_of_canonical(canonical_json(machine_form))


def fingerprint_of_canonical(canonical: bytes) -> str:
    """The fingerprint of a machine form's canonical text (`canonical_json`)."""
    return hashlib.sha256(canonical).hexdigest()


def _party(party: Party | None) -> JsonValue:
    return None if party is None else party.to_dict()
