"""The state that rules read and extend while a decision is being built."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from .agreement import Agreement
from .decision import AppliedOverride, ComponentDecision, Criterion, Obligation
from .enums import CareComponent, ComponentStatus, RegionUnit
from .parties import Compensation, Party, municipality, region
from .situation import Situation


@dataclass(frozen=True)
class RuleOutput:
    """What one rule contributes. Component results replace the previous ones."""

    criteria: tuple[Criterion, ...] = ()
    components: tuple[ComponentDecision, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    overrides: tuple[AppliedOverride, ...] = ()
    valid_until: date | None = None


@dataclass(frozen=True)
class Draft:
    components: Mapping[CareComponent, ComponentDecision]
    criteria: tuple[Criterion, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    overrides: tuple[AppliedOverride, ...] = ()
    valid_until: date | None = None

    @classmethod
    def empty(cls) -> Draft:
        return cls({c: _not_covered(c) for c in CareComponent})

    def merged(self, out: RuleOutput) -> Draft:
        components = dict(self.components)
        components.update((result.component, result) for result in out.components)
        return Draft(
            components=components,
            criteria=self.criteria + out.criteria,
            obligations=self.obligations + out.obligations,
            overrides=self.overrides + out.overrides,
            valid_until=_earliest(self.valid_until, out.valid_until),
        )


@dataclass(frozen=True)
class RuleContext:
    situation: Situation
    agreement: Agreement
    draft: Draft = field(default_factory=Draft.empty)

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

    def param(self, rule_id: str, name: str) -> int:
        return self.agreement.parameter(rule_id, name)


def decided(
    ctx: RuleContext,
    component: CareComponent,
    rule_id: str,
    sentence: str,
    responsible: Party,
    performer: Party | None = None,
    cost_bearer: Party | None = None,
    *,
    compensation: Compensation | None = None,
    scope: str | None = None,
    cites: tuple[str, ...] = (),
) -> ComponentDecision:
    """A decided result that extends the component's rule trail (after any cited criteria)."""
    previous = ctx.current(component)
    return ComponentDecision(
        component=component,
        status=ComponentStatus.DECIDED,
        responsible=responsible,
        performer=performer or responsible,
        cost_bearer=cost_bearer or responsible,
        rule_ids=(*previous.rule_ids, *cites, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
        compensation=compensation,
        scope=scope,
    )


def unknown(
    ctx: RuleContext,
    component: CareComponent,
    rule_id: str,
    sentence: str,
    missing: tuple[str, ...],
    cites: tuple[str, ...] = (),
) -> ComponentDecision:
    previous = ctx.current(component)
    return ComponentDecision(
        component=component,
        status=ComponentStatus.UNKNOWN,
        responsible=None,
        performer=None,
        cost_bearer=None,
        rule_ids=(*previous.rule_ids, *cites, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
        missing_facts=tuple(sorted(set(missing))),
    )


def not_covered(
    ctx: RuleContext, component: CareComponent, rule_id: str, sentence: str
) -> ComponentDecision:
    previous = ctx.current(component)
    return replace(
        _not_covered(component),
        rule_ids=(*previous.rule_ids, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
    )


def _not_covered(component: CareComponent) -> ComponentDecision:
    return ComponentDecision(
        component=component,
        status=ComponentStatus.NOT_COVERED,
        responsible=None,
        performer=None,
        cost_bearer=None,
        rule_ids=(),
        explanation=(),
    )


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def annotate(
    ctx: RuleContext, component: CareComponent, rule_id: str, sentence: str
) -> ComponentDecision:
    """Keep the result as it is, but add a rule that confirmed it to its trail."""
    previous = ctx.current(component)
    return replace(
        previous,
        rule_ids=(*previous.rule_ids, rule_id),
        explanation=(*previous.explanation, f"{rule_id}: {sentence}"),
    )
