"""GEN-DISPUTE routes. Care continues under the current decision while a dispute runs."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from handover_common.access import Access, Authorised, forbidden, not_visible
from handover_common.errors import NotFound
from handover_common.pages import Limit, Offset, Page, page_of
from handover_common.service import UoW
from handover_common.unit_of_work import UnitOfWork
from sqlmodel import col, select

from responsibility.adapters.orm import DecisionRow, DisputeRow
from responsibility.domain import CareComponent, Position, Resolution
from responsibility.entrypoints.deps import (
    Catalogue,
    engine_errors_as_4xx,
    may_see,
    may_see_decision,
)
from responsibility.entrypoints.schemas import DisputeIn, DisputeOut, PositionIn, ResolutionIn
from responsibility.service_layer import disputes
from responsibility.service_layer.stored_parties import party_from_dict

router = APIRouter(prefix="/v1", tags=["disputes"])


def _out(row: DisputeRow) -> DisputeOut:
    return DisputeOut.model_validate(row, from_attributes=True)


def signed_by(access: Access) -> str:
    """Who acts, from the signed token — never from the body (GEN-DISPUTE's managers)."""
    return f"{access.org} {access.caller.person}"


def _own(uow: UnitOfWork, access: Access, dispute_id: uuid.UUID) -> DisputeRow:
    row = uow.session.get(DisputeRow, dispute_id)
    if row is None:
        raise NotFound("dispute")
    if not may_see(access.org, row.region_code, row.municipality_code):
        raise not_visible(access, "dispute", row.patient_ref)
    return row


def _party_to(uow: UnitOfWork, access: Access, decision_id: uuid.UUID) -> None:
    """Only a party to the decision disputes it: checked before anything is stored."""
    row = uow.session.get(DecisionRow, decision_id)
    if row is None:
        raise NotFound("decision")
    if not may_see_decision(access.org, row):
        raise not_visible(access, "decision", row.patient_ref)


@router.post("/decisions/{decision_id}/disputes", status_code=status.HTTP_201_CREATED)
def open_dispute(
    decision_id: uuid.UUID,
    body: DisputeIn,
    uow: UoW,
    access: Authorised,
    catalogue: Catalogue,
) -> DisputeOut:
    """A party to the decision disputes the responsibility for some of its care components (GEN-
    DISPUTE), with a reason; the dispute starts at the given level."""
    components = frozenset(CareComponent(c) for c in body.components)
    with uow, engine_errors_as_4xx():
        _party_to(uow, access, decision_id)
        try:
            row = disputes.open_on(
                uow,
                catalogue,
                decision_id,
                components,
                signed_by(access),
                body.reason,
                body.opened_on,
                body.level,
                opened_by_org=str(access.org),
            )
        except disputes.DecisionNotFound:
            raise NotFound("decision") from None
        return _out(row)


@router.get("/disputes")
def list_disputes(
    uow: UoW,
    access: Authorised,
    state: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[DisputeOut]:
    """The disputes the caller's organisation is a party to, oldest first, optionally only those
    in ``state``, a page at a time; every patient on the page is audited."""
    query = select(DisputeRow).order_by(col(DisputeRow.opened_on))
    if state:
        query = query.where(DisputeRow.state == state)
    with uow:
        rows = [
            r
            for r in uow.session.exec(query)
            if may_see(access.org, r.region_code, r.municipality_code)
        ]
        window = page_of(rows, limit, offset)
        access.read(uow.session, [r.patient_ref for r in window.items])
        uow.commit()
        items = [_out(r) for r in window.items]
        return Page(items=items, total=window.total, limit=limit, offset=offset)


@router.get("/disputes/{dispute_id}")
def get_dispute(dispute_id: uuid.UUID, uow: UoW, access: Authorised) -> DisputeOut:
    """One dispute with its positions, level and resolution; another organisation's is answered
    404."""
    with uow:
        row = _own(uow, access, dispute_id)
        access.read(uow.session, [row.patient_ref])
        uow.commit()
        return _out(row)


@router.post("/disputes/{dispute_id}/positions")
def add_position(
    dispute_id: uuid.UUID,
    body: PositionIn,
    uow: UoW,
    access: Authorised,
    catalogue: Catalogue,
) -> DisputeOut:
    """A party states its position in the dispute, and may propose who should be responsible; a
    party states only its own position (403)."""
    if body.party != str(access.org):
        message = f"{access.org} states its own position, not {body.party}'s"
        raise forbidden("party", "GEN-DISPUTE", message)
    proposed = body.proposed_responsible
    position = Position(
        body.party, body.statement, party_from_dict(proposed.model_dump()) if proposed else None
    )
    with uow, engine_errors_as_4xx():
        return _out(disputes.add_position(uow, catalogue, _own(uow, access, dispute_id), position))


@router.post("/disputes/{dispute_id}/escalate")
def escalate(
    dispute_id: uuid.UUID, uow: UoW, access: Authorised, catalogue: Catalogue
) -> DisputeOut:
    """The dispute moves to the next level of the agreement's dispute ladder; past the last
    level it is a 409."""
    with uow, engine_errors_as_4xx():
        return _out(disputes.escalate_dispute(uow, catalogue, _own(uow, access, dispute_id)))


@router.post("/disputes/{dispute_id}/resolution")
def resolve(
    dispute_id: uuid.UUID,
    body: ResolutionIn,
    uow: UoW,
    access: Authorised,
    catalogue: Catalogue,
) -> DisputeOut:
    """The dispute is settled: who is responsible for each disputed component from now on; a new
    decision is published."""
    moved = tuple(
        (CareComponent(m.component), party_from_dict(m.party.model_dump()))
        for m in body.responsible
    )
    resolution = Resolution(signed_by(access), body.resolved_on, body.note, moved)
    with uow, engine_errors_as_4xx():
        row = _own(uow, access, dispute_id)
        return _out(disputes.resolve_dispute(uow, catalogue, row, resolution))
