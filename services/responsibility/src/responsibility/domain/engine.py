"""decide(): one Decision per situation, under the agreement in force on the decision date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from .agreement import Agreement
from .catalogue import AgreementCatalogue, AgreementSelection
from .decision import ComponentDecision, Decision
from .draft import Draft, RuleContext, blank
from .enums import ORDERED_COMPONENTS, CareComponent, PartyKind
from .errors import InvalidSituation
from .pipelines import PIPELINES
from .situation import Situation
from .validation import county_of


def decide(situation: Situation, catalogue: AgreementCatalogue) -> Decision:
    """Decide responsibility for every requested care component, with the full explanation."""
    selection = catalogue.select(situation.region_code, situation.decision_date)
    agreement = selection.agreement
    check_against_agreement(situation, agreement)
    ctx = PIPELINES[agreement.family](RuleContext(situation, agreement, Draft.empty()))
    return _decision(situation, selection, ctx.draft)


def check_against_agreement(situation: Situation, agreement: Agreement) -> None:
    """Checks that need the agreement: member municipalities and permitted overrides."""
    _check_registered_municipality(situation, agreement)
    _check_performing_municipality(situation, agreement)
    _check_overrides(situation, agreement)


def _members(agreement: Agreement) -> str:
    return ", ".join(m.code for m in agreement.municipalities)


def _check_registered_municipality(situation: Situation, agreement: Agreement) -> None:
    code = situation.registered_municipality
    in_region = code is not None and county_of(code) == agreement.region_code
    if in_region and code is not None and agreement.municipality(code) is None:
        message = (
            f"unknown municipality {code} in region {agreement.region_code} ({_members(agreement)})"
        )
        raise InvalidSituation("registered_municipality", "GEN-RES", message)


def _check_performing_municipality(situation: Situation, agreement: Agreement) -> None:
    """GEN-RES hired staff: a municipality of this agreement, and only for a non-resident.

    For a person registered in the county the fact may only repeat the registered
    municipality (then it changes nothing); naming another one contradicts GEN-RES, and the
    sender is told rather than either municipality being guessed.
    """
    code = situation.performing_municipality_code
    if code is None:
        return
    field = "performing_municipality_code"
    if agreement.municipality(code) is None:
        message = f"{code} is not a municipality of {agreement.id} ({_members(agreement)})"
        raise InvalidSituation(field, "GEN-RES", message)
    registered = situation.registered_municipality
    resident = registered is not None and county_of(registered) == agreement.region_code
    if resident and registered != code:
        message = (
            f"the person is registered in {registered}, whose responsibility it is; hired "
            "staff from another municipality applies only to people not registered in the county"
        )
        raise InvalidSituation(field, "GEN-RES", message)


def _check_overrides(situation: Situation, agreement: Agreement) -> None:
    if not situation.overrides:
        return
    if not agreement.has_rule("JH-OB-FLEX"):
        message = f"{agreement.id} has no flexibility rule; overrides are not allowed"
        raise InvalidSituation("overrides", "JH-OB-FLEX", message)
    if not agreement.rule_in_force("JH-OB-FLEX", situation.decision_date):
        message = f"JH-OB-FLEX of {agreement.id} is not in force on {situation.decision_date}"
        raise InvalidSituation("overrides", "AG-RENEW", message)
    code = situation.registered_municipality
    seen: set[CareComponent] = set()
    for index, override in enumerate(situation.overrides):
        field = f"overrides[{index}]"
        if seen & override.components:
            raise InvalidSituation(
                f"{field}.components", "JH-OB-FLEX", "component overridden twice"
            )
        seen |= override.components
        municipal = override.principal is PartyKind.MUNICIPALITY
        if municipal and (code is None or agreement.municipality(code) is None):
            message = "a municipality can only be chosen for a registered resident"
            raise InvalidSituation(f"{field}.principal", "GEN-RES", message)


def _decision(situation: Situation, selection: AgreementSelection, draft: Draft) -> Decision:
    agreement = selection.agreement
    bound = agreement.part_end_bounding(_applied_rules(draft), situation.decision_date)
    valid_until = _earliest(draft.valid_until, bound)
    wanted = situation.care_needs.components
    return Decision(
        decision_date=situation.decision_date,
        region_code=situation.region_code,
        agreement_id=agreement.id,
        agreement_version=agreement.version,
        agreement_selection=selection.sentence,
        components=tuple(
            _explained(draft.components[c], agreement.id) for c in ORDERED_COMPONENTS if c in wanted
        ),
        criteria=draft.criteria,
        obligations=draft.obligations,
        overrides=tuple(o for o in draft.overrides if o.component in wanted),
        valid_until=valid_until,
        reevaluate_on=None if valid_until is None else valid_until + timedelta(days=1),
    )


def _applied_rules(draft: Draft) -> frozenset[str]:
    """The rules this decision stands on; each part's end bounds it (AG-RENEW)."""
    used = {c.rule_id for c in draft.criteria} | {o.rule_id for o in draft.obligations}
    for result in draft.components.values():
        used.update(result.rule_ids)
    return frozenset(used)


def _explained(result: ComponentDecision, agreement_id: str) -> ComponentDecision:
    return result if result.rule_ids else _not_allocated(result.component, agreement_id)


@lru_cache(maxsize=256)
def _not_allocated(component: CareComponent, agreement_id: str) -> ComponentDecision:
    sentence = f"No rule of {agreement_id} allocates this component."
    return replace(blank(component), explanation=(sentence,))


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None or b is None:
        return a or b
    return min(a, b)
