"""Store a decision and publish responsibility.decided in the same transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from handover_common.db import JsonText
from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.events import DecisionReason
from sqlalchemy import insert

from responsibility.adapters.orm import DecisionRow
from responsibility.domain import Decision
from responsibility.domain.decision import fingerprint_of_canonical
from responsibility.service_layer.publishing import decided_payload


@dataclass(frozen=True)
class DecisionContext:
    """Who and what a decision is about, beyond the engine's own output."""

    dedupe_key: str
    source_event_id: uuid.UUID
    discharge_id: uuid.UUID
    patient_ref: str
    municipality_code: str
    source: dict[str, Any]
    reason: DecisionReason = DecisionReason.DISCHARGE
    supersedes: uuid.UUID | None = None


def record_decision(uow: UnitOfWork, decision: Decision, context: DecisionContext) -> uuid.UUID:
    """The decision's row, written as the transaction commits with the other decisions of a
    consumer batch in one Core statement (a statement per row, or an ORM row, cost more than
    the decision itself, issue 11; a later event of the batch that looks a decision up has it
    written first), and responsibility.decided in the outbox. Returns the decision's id."""
    payload = decided_payload(
        decision,
        decision_id=uuid.uuid4(),
        discharge_id=context.discharge_id,
        patient_ref=context.patient_ref,
        municipality_code=context.municipality_code,
        source_event_id=context.source_event_id,
        reason=context.reason,
        supersedes=context.supersedes,
    )
    published = uow.publish(payload, partition_key=context.patient_ref)
    # serialized once: its fingerprint hashes the canonical text, and the row keeps that text
    canonical = decision.canonical_text()
    row = {
        "id": payload.decision_id,
        "dedupe_key": context.dedupe_key,
        "source_event_id": context.source_event_id,
        "discharge_id": context.discharge_id,
        "patient_ref": context.patient_ref,
        "region_code": decision.region_code,
        "municipality_code": context.municipality_code,
        "agreement_id": decision.agreement_id,
        "agreement_version": decision.agreement_version,
        "decided_on": decision.decision_date,
        "reason": context.reason.value,
        "supersedes": context.supersedes,
        "superseded_by": None,
        "valid_until": decision.valid_until,
        "reevaluate_on": decision.reevaluate_on,
        "override_count": payload.override_count,
        "fingerprint": fingerprint_of_canonical(canonical),
        "components": published.payload["components"],  # as the event has them
        "rule_ids": payload.rule_ids,
        "explanation": JsonText(canonical.decode("ascii")),
        "source": context.source,
        "created_at": utcnow(),
    }
    uow.insert_at_commit(_INSERT, row)
    return payload.decision_id


_INSERT = insert(DecisionRow.__table__)  # type: ignore[attr-defined]
