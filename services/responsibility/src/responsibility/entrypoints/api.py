"""Responsibility's read routes: decisions with explanations, rules, overrides (agreements and
their terms: `agreements`)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from handover_common.access import Authorised, not_visible
from handover_common.errors import NotFound
from handover_common.pages import Limit, Offset, Page, page_of
from handover_common.service import UoW
from sqlmodel import col, select

from responsibility.adapters.orm import DecisionRow
from responsibility.domain import RULES
from responsibility.entrypoints.deps import may_see_decision

router = APIRouter(prefix="/v1", tags=["responsibility"])


@router.get("/decisions/{decision_id}")
def get_decision(decision_id: uuid.UUID, uow: UoW, access: Authorised) -> dict[str, Any]:
    """One responsibility decision as stored: who is responsible for which care component, the
    rules that decided it, any overrides (JH-OB-FLEX); another organisation's decision is
    answered 404."""
    with uow:
        row = uow.session.get(DecisionRow, decision_id)
        if row is None:
            raise NotFound("decision")
        if not may_see_decision(access.org, row):
            raise not_visible(access, "decision", row.patient_ref)
        access.read(uow.session, [row.patient_ref])
        uow.commit()
        return row.model_dump(mode="json", exclude={"source", "dedupe_key"})


@router.get("/overrides")
def overrides(uow: UoW, access: Authorised) -> dict[str, Any]:
    """JH-OB-FLEX: decisions that depart from the criteria, visible and countable."""
    query = select(DecisionRow).where(col(DecisionRow.override_count) > 0)
    with uow:
        rows = [r for r in uow.session.exec(query) if may_see_decision(access.org, r)]
        access.read(uow.session, [r.patient_ref for r in rows])
        uow.commit()
    listed = [
        {
            "decision_id": str(r.id),
            "decided_on": r.decided_on.isoformat(),
            "overrides": r.explanation.get("overrides", []),
        }
        for r in rows
    ]
    return {"count": sum(r.override_count for r in rows), "decisions": listed}


@router.get("/rules")
def rules(limit: Limit = 500, offset: Offset = 0) -> Page[dict[str, str]]:
    """Every rule the engine knows, by ID: the agreement visible where the work is done."""
    found = [{"id": rule_id, "title": spec.title} for rule_id, spec in sorted(RULES.items())]
    return page_of(found, limit, offset)
