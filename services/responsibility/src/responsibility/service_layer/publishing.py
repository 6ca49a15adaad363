"""From the engine's Decision to the responsibility.decided contract."""

from __future__ import annotations

import uuid
from typing import Any

from handover_contracts.events import (
    DecisionReason,
    PartyRef,
    ResponsibilityDecided,
)

from responsibility.domain import ComponentDecision, Decision, Party


def party_ref(party: Party | None) -> PartyRef | None:
    if party is None:
        return None
    return PartyRef.model_validate({"kind": party.kind, "code": party.code, "unit": party.unit})


def _party_fields(party: Party | None) -> dict[str, Any] | None:
    return None if party is None else {"kind": party.kind, "code": party.code, "unit": party.unit}


def _component_fields(result: ComponentDecision) -> dict[str, Any]:
    return {
        "component": result.component,
        "status": result.status.value,
        "responsible": _party_fields(result.responsible),
        "performer": _party_fields(result.performer),
        "cost_bearer": _party_fields(result.cost_bearer),
        "rule_ids": result.rule_ids,
        "missing_facts": result.missing_facts,
    }


def decided_payload(
    decision: Decision,
    *,
    decision_id: uuid.UUID,
    discharge_id: uuid.UUID,
    patient_ref: str,
    municipality_code: str,
    source_event_id: uuid.UUID,
    reason: DecisionReason,
    supersedes: uuid.UUID | None = None,
) -> ResponsibilityDecided:
    """Validated in one call, components and parties with it (one call per part cost as
    much as the rest of the event, issue 11)."""
    return ResponsibilityDecided.model_validate(
        {
            "decision_id": decision_id,
            "discharge_id": discharge_id,
            "patient_ref": patient_ref,
            "source_event_id": source_event_id,
            "reason": reason,
            "supersedes": supersedes,
            "agreement_id": decision.agreement_id,
            "agreement_version": decision.agreement_version,
            "decided_on": decision.decision_date,
            "valid_until": decision.valid_until,
            "reevaluate_on": decision.reevaluate_on,
            "municipality_code": municipality_code,
            "components": [_component_fields(c) for c in decision.components],
            "rule_ids": sorted(decision.rule_ids),
            "override_count": len(decision.overrides),
        }
    )
