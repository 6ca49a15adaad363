"""The state that rules read and extend while a decision is being built."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

from .agreement import Agreement
from .decision import AppliedOverride, ComponentDecision, Criterion, Obligation
from .enums import CareComponent, ComponentStatus, RegionUnit
from .parties import Party, municipality, region
from .situation import Situation


class RuleOutput(NamedTuple):
    """What one rule contributes. Component results replace the previous ones.

    This, `Draft` and `RuleContext` are built once per rule of every decision: immutable
    tuples, about a third of a frozen dataclass's construction cost (a decision 301 → 278 µs,
    issue 11)."""

    criteria: tuple[Criterion, ...] = ()
    components: tuple[ComponentDecision, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    overrides: tuple[AppliedOverride, ...] = ()
    valid_until: date | None = None


class Draft(NamedTuple):
    components: Mapping[CareComponent, ComponentDecision]
    criteria: tuple[Criterion, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    overrides: tuple[AppliedOverride, ...] = ()
    valid_until: date | None = None

    @classmethod
    def empty(cls) -> Draft:
        return _EMPTY

    def merged(self, out: RuleOutput) -> Draft:
        components = self.components  # never changed in place: shared until a rule decides one
        if out.components:
            components = dict(components)
            components.update((result.component, result) for result in out.components)
        return Draft(
            components=components,
            criteria=self.criteria + out.criteria,
            obligations=self.obligations + out.obligations,
            overrides=self.overrides + out.overrides,
            valid_until=_earliest(self.valid_until, out.valid_until),
        )


class RuleContext(NamedTuple):
    situation: Situation
    agreement: Agreement
    draft: Draft

    def current(self, component: CareComponent) -> ComponentDecision:
        return self.draft.components[component]

    def criterion_outcome(self, rule_id: str) -> Criterion | None:
        return next((c for c in self.draft.criteria if c.rule_id == rule_id), None)

    def region(self, unit: RegionUnit | None, clinic: str | None = None) -> Party:
        return region(self.situation.region_code, unit, clinic)

    def home_municipality(self) -> Party | None:
        """The registered municipality when it belongs to this agreement (GEN-RES)."""
        code = self.situation.registered_municipality
        if code is None or self.agreement.municipality(code) is None:
            return None
        return municipality(code)

    def hired_municipality(self) -> Party | None:
        """GEN-RES: the agreement's municipality whose staff perform as hired staff for a person
        not registered in the county (validated against the agreement before rules run)."""
        code = self.situation.performing_municipality_code
        if code is None or self.agreement.municipality(code) is None:
            return None
        return municipality(code)

    def param(self, rule_id: str, name: str) -> int:
        return self.agreement.parameter(rule_id, name)


def blank(component: CareComponent) -> ComponentDecision:
    """A component no rule has allocated yet."""
    return ComponentDecision(
        component=component,
        status=ComponentStatus.NOT_COVERED,
        responsible=None,
        performer=None,
        cost_bearer=None,
        rule_ids=(),
        explanation=(),
    )


_BLANK: Mapping[CareComponent, ComponentDecision] = MappingProxyType(
    {c: blank(c) for c in CareComponent}
)
_EMPTY = Draft(_BLANK)


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None or b is None:
        return a or b
    return min(a, b)
