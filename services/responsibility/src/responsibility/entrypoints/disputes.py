"""GEN-DISPUTE routes. Care continues under the current decision while a dispute runs."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from handover_common.access import CurrentOrganisation, Organisation
from handover_common.errors import NotFound
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork
from sqlmodel import col, select

from responsibility.adapters.orm import DisputeRow
from responsibility.domain import CareComponent, Position, Resolution
from responsibility.entrypoints.deps import Catalogue, engine_errors_as_4xx, may_see
from responsibility.entrypoints.schemas import DisputeIn, DisputeOut, PositionIn, ResolutionIn
from responsibility.service_layer import disputes
from responsibility.service_layer.stored_parties import party_from_dict

router = APIRouter(prefix="/v1", tags=["disputes"])


def _out(row: DisputeRow) -> DisputeOut:
    return DisputeOut.model_validate(row, from_attributes=True)


def _own(uow: UnitOfWork, org: Organisation, dispute_id: uuid.UUID) -> DisputeRow:
    row = uow.session.get(DisputeRow, dispute_id)
    if row is None or not may_see(org, row.region_code, row.municipality_code):
        raise NotFound("dispute")
    return row


@router.post("/decisions/{decision_id}/disputes", status_code=status.HTTP_201_CREATED)
def open_dispute(
    decision_id: uuid.UUID,
    body: DisputeIn,
    uow: UoW,
    org: CurrentOrganisation,
    catalogue: Catalogue,
) -> DisputeOut:
    components = frozenset(CareComponent(c) for c in body.components)
    with uow, engine_errors_as_4xx():
        try:
            row = disputes.open_on(
                uow,
                catalogue,
                decision_id,
                components,
                body.opened_by,
                body.reason,
                body.opened_on,
                body.level,
            )
        except disputes.DecisionNotFound:
            raise NotFound("decision") from None
        if not may_see(org, row.region_code, row.municipality_code):
            raise NotFound("decision")
        return _out(row)


@router.get("/disputes")
def list_disputes(uow: UoW, org: CurrentOrganisation, state: str | None = None) -> list[DisputeOut]:
    query = select(DisputeRow).order_by(col(DisputeRow.opened_on))
    if state:
        query = query.where(DisputeRow.state == state)
    with uow:
        rows = uow.session.exec(query)
        return [_out(r) for r in rows if may_see(org, r.region_code, r.municipality_code)]


@router.get("/disputes/{dispute_id}")
def get_dispute(dispute_id: uuid.UUID, uow: UoW, org: CurrentOrganisation) -> DisputeOut:
    with uow:
        return _out(_own(uow, org, dispute_id))


@router.post("/disputes/{dispute_id}/positions")
def add_position(
    dispute_id: uuid.UUID,
    body: PositionIn,
    uow: UoW,
    org: CurrentOrganisation,
    catalogue: Catalogue,
) -> DisputeOut:
    proposed = body.proposed_responsible
    position = Position(
        body.party, body.statement, party_from_dict(proposed.model_dump()) if proposed else None
    )
    with uow, engine_errors_as_4xx():
        return _out(disputes.add_position(uow, catalogue, _own(uow, org, dispute_id), position))


@router.post("/disputes/{dispute_id}/escalate")
def escalate(
    dispute_id: uuid.UUID, uow: UoW, org: CurrentOrganisation, catalogue: Catalogue
) -> DisputeOut:
    with uow, engine_errors_as_4xx():
        return _out(disputes.escalate_dispute(uow, catalogue, _own(uow, org, dispute_id)))


@router.post("/disputes/{dispute_id}/resolution")
def resolve(
    dispute_id: uuid.UUID,
    body: ResolutionIn,
    uow: UoW,
    org: CurrentOrganisation,
    catalogue: Catalogue,
) -> DisputeOut:
    moved = tuple(
        (CareComponent(m.component), party_from_dict(m.party.model_dump()))
        for m in body.responsible
    )
    resolution = Resolution(body.resolved_by, body.resolved_on, body.note, moved)
    with uow, engine_errors_as_4xx():
        row = _own(uow, org, dispute_id)
        return _out(disputes.resolve_dispute(uow, catalogue, row, resolution))
