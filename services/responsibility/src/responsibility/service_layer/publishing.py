"""From the engine's Decision to the responsibility.decided contract."""

from __future__ import annotations

import uuid

from handover_contracts.events import (
    ComponentResponsibility,
    ComponentStatus,
    DecisionReason,
    PartyRef,
    ResponsibilityDecided,
)

from responsibility.domain import ComponentDecision, Decision, Party


def party_ref(party: Party | None) -> PartyRef | None:
    if party is None:
        return None
    return PartyRef.model_validate({"kind": party.kind, "code": party.code, "unit": party.unit})


def component_payload(result: ComponentDecision) -> ComponentResponsibility:
    return ComponentResponsibility.model_validate(
        {
            "component": result.component,
            "status": ComponentStatus(result.status.value),
            "responsible": party_ref(result.responsible),
            "performer": party_ref(result.performer),
            "cost_bearer": party_ref(result.cost_bearer),
            "rule_ids": list(result.rule_ids),
            "missing_facts": list(result.missing_facts),
        }
    )


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
    return ResponsibilityDecided(
        decision_id=decision_id,
        discharge_id=discharge_id,
        patient_ref=patient_ref,
        source_event_id=source_event_id,
        reason=reason,
        supersedes=supersedes,
        agreement_id=decision.agreement_id,
        agreement_version=decision.agreement_version,
        decided_on=decision.decision_date,
        valid_until=decision.valid_until,
        reevaluate_on=decision.reevaluate_on,
        municipality_code=municipality_code,
        components=[component_payload(c) for c in decision.components],
        rule_ids=sorted(decision.rule_ids),
        override_count=len(decision.overrides),
    )
