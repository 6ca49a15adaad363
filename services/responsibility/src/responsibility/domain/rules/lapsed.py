"""AG-RENEW inside a decision: a rule whose every part has ended does not apply.

The rule is still evaluated (pure, cheap) only to learn which components it would allocate;
those that no rule still in force has decided are answered "no agreement in force" instead,
and its criteria and obligations are left out. One AG-RENEW criterion names each ended part.
"""

from __future__ import annotations

from datetime import date

from ..agreement import Agreement
from ..decision import ComponentDecision
from ..draft import RuleContext, RuleOutput
from ..enums import ComponentStatus, Outcome
from ..results import not_covered
from ..terms import AgreementPart
from .support import criterion


def lapsed(ctx: RuleContext, rule_id: str, output: RuleOutput) -> RuleOutput:
    agreement, on = ctx.agreement, ctx.situation.decision_date
    parts = agreement.parts_of_rule(rule_id)
    ended = "; ".join(describe_end(agreement, p, on) for p in parts)
    sentence = f"no agreement in force on {on.isoformat()} for {rule_id}: {ended}"
    components = tuple(
        not_covered(ctx, c.component, "AG-RENEW", sentence)
        for c in output.components
        if not _decided(ctx.current(c.component))
    )
    part_ids = tuple(sorted(p.id for p in parts))
    seen = any(
        c.rule_id == "AG-RENEW" and c.inputs.get("parts") == part_ids for c in ctx.draft.criteria
    )
    found = criterion(
        "AG-RENEW",
        Outcome.NOT_MET,
        f"Not in force on {on.isoformat()}: {ended}.",
        {"parts": part_ids, "agreement": agreement.id},
    )
    return RuleOutput(criteria=() if seen else (found,), components=components)


def describe_end(agreement: Agreement, part: AgreementPart, on: date) -> str:
    term = agreement.term(part, on)
    when = "has not started" if on < part.valid_from else f"ended {_iso(term.ends_on)}"
    notice = part.termination
    cause = (
        f" (terminated: notice {notice.noticed_on.isoformat()} by {notice.noticed_by})"
        if notice is not None and term.ends_on == part.own_end()
        else ""
    )
    return f"part {part.id} ({part.name}) of {agreement.id} {when}{cause}"


def _decided(result: ComponentDecision) -> bool:
    return result.status is ComponentStatus.DECIDED


def _iso(value: date | None) -> str:
    return "never" if value is None else value.isoformat()
