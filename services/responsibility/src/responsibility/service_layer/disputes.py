"""GEN-DISPUTE, persisted: open, record positions, escalate, resolve.

The engine's dispute state machine decides what is allowed; the decision a dispute is about is
re-derived from the stored facts (decide() is deterministic) so the engine sees the same
Decision it produced. Opening publishes dispute.opened, resolving dispute.resolved (with the
moved components, possibly none) after one responsibility.moved per moved component — each in
the transaction that stores the dispute row, through the outbox. The events are pseudonymous:
the free-text reason, statements and note stay here.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from handover_contracts.events import DisputeOpened, DisputeResolved, ResponsibilityMoved

from responsibility.adapters.orm import DecisionRow, DisputeRow
from responsibility.domain import (
    AgreementCatalogue,
    Arena,
    CareComponent,
    Decision,
    Dispute,
    DisputeLevel,
    DisputeState,
    Position,
    Resolution,
    decide,
    escalate,
    open_dispute,
    record_position,
    resolve,
)
from responsibility.service_layer.publishing import party_ref
from responsibility.service_layer.situations import situation_from_source
from responsibility.service_layer.stored_parties import party_from_dict, party_to_dict


class DecisionNotFound(LookupError):
    pass


def stored_decision(row: DecisionRow, catalogue: AgreementCatalogue) -> Decision:
    return decide(situation_from_source(row.source, on=row.decided_on), catalogue)


def open_on(
    uow: UnitOfWork,
    catalogue: AgreementCatalogue,
    decision_id: uuid.UUID,
    components: frozenset[CareComponent],
    opened_by: str,
    reason: str,
    opened_on: date,
    level: DisputeLevel = DisputeLevel.INDIVIDUAL,
    *,
    opened_by_org: str,
) -> DisputeRow:
    """``opened_by`` (organisation and person) is stored; only ``opened_by_org`` is published."""
    decision_row = uow.session.get(DecisionRow, decision_id)
    if decision_row is None:
        raise DecisionNotFound(str(decision_id))
    decision = stored_decision(decision_row, catalogue)
    dispute = open_dispute(decision, components, opened_by, reason, opened_on, level)
    row = DisputeRow(
        decision_id=decision_id,
        patient_ref=decision_row.patient_ref,
        region_code=decision_row.region_code,
        municipality_code=decision_row.municipality_code,
        state=dispute.state,
        level=dispute.level,
        arena=dispute.arena,
        components=sorted(c.value for c in components),
        opened_by=opened_by,
        opened_on=opened_on,
        reason=reason,
        positions=[],
    )
    uow.session.add(row)
    uow.publish(
        DisputeOpened.model_validate(
            {
                **_about(row),
                "opened_by": opened_by_org,
                "opened_on": opened_on,
            }
        ),
        partition_key=row.patient_ref,
    )
    uow.commit()
    return row


def _about(row: DisputeRow) -> dict[str, Any]:
    """What both dispute events say about the dispute: no reason, statement or person."""
    return {
        "dispute_id": row.id,
        "decision_id": row.decision_id,
        "patient_ref": row.patient_ref,
        "region_code": row.region_code,
        "municipality_code": row.municipality_code,
        "components": list(row.components),
        "level": row.level,
        "arena": row.arena,
        "rule_id": "GEN-DISPUTE",
    }


def loaded(uow: UnitOfWork, catalogue: AgreementCatalogue, row: DisputeRow) -> Dispute:
    decision_row = uow.session.get(DecisionRow, row.decision_id)
    assert decision_row is not None
    dispute = Dispute(
        decision=stored_decision(decision_row, catalogue),
        components=frozenset(CareComponent(c) for c in row.components),
        level=DisputeLevel(row.level),
        arena=Arena(row.arena),
        opened_by=row.opened_by,
        opened_on=row.opened_on,
        reason=row.reason,
        state=DisputeState(row.state),
        positions=tuple(_position(p) for p in row.positions),
    )
    return dispute


def add_position(
    uow: UnitOfWork, catalogue: AgreementCatalogue, row: DisputeRow, position: Position
) -> DisputeRow:
    dispute = record_position(loaded(uow, catalogue, row), position)
    row.state = dispute.state
    row.positions = [*row.positions, _position_dict(position)]
    return _save(uow, row)


def escalate_dispute(uow: UnitOfWork, catalogue: AgreementCatalogue, row: DisputeRow) -> DisputeRow:
    row.arena = escalate(loaded(uow, catalogue, row)).arena
    return _save(uow, row)


def resolve_dispute(
    uow: UnitOfWork, catalogue: AgreementCatalogue, row: DisputeRow, resolution: Resolution
) -> DisputeRow:
    dispute, moves = resolve(loaded(uow, catalogue, row), resolution)
    row.state = dispute.state
    row.resolution = _resolution_dict(resolution)
    for move in moves:
        uow.publish(
            ResponsibilityMoved.model_validate(
                {
                    "dispute_id": row.id,
                    "decision_id": row.decision_id,
                    "patient_ref": row.patient_ref,
                    "component": move.component,
                    "moved_from": party_ref(move.moved_from),
                    "moved_to": party_ref(move.moved_to),
                    "effective_from": move.effective_from,
                    "rule_id": move.rule_id,
                }
            ),
            partition_key=row.patient_ref,
        )
    uow.publish(
        DisputeResolved.model_validate(
            {
                **_about(row),
                "opened_on": row.opened_on,
                "resolved_on": resolution.resolved_on,
                "moved": [
                    {
                        "component": move.component,
                        "moved_from": party_ref(move.moved_from),
                        "moved_to": party_ref(move.moved_to),
                    }
                    for move in moves
                ],
            }
        ),
        partition_key=row.patient_ref,
    )
    return _save(uow, row)


def _save(uow: UnitOfWork, row: DisputeRow) -> DisputeRow:
    row.updated_at = utcnow()
    uow.session.add(row)
    uow.commit()
    return row


def _position(data: dict[str, Any]) -> Position:
    proposed = data.get("proposed_responsible")
    return Position(
        data["party"], data["statement"], party_from_dict(proposed) if proposed else None
    )


def _position_dict(position: Position) -> dict[str, Any]:
    proposed = position.proposed_responsible
    return {
        "party": position.party,
        "statement": position.statement,
        "proposed_responsible": party_to_dict(proposed) if proposed else None,
    }


def _resolution_dict(resolution: Resolution) -> dict[str, Any]:
    return {
        "resolved_by": resolution.resolved_by,
        "resolved_on": resolution.resolved_on.isoformat(),
        "note": resolution.note,
        "responsible": [
            {"component": c.value, "party": party_to_dict(p)} for c, p in resolution.responsible
        ],
    }
