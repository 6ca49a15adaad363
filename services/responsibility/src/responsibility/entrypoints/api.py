"""Responsibility's HTTP routes."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from handover_common.access import CurrentOrganisation, Organisation, audit_read
from handover_common.errors import NotFound
from handover_common.service import UoW

from responsibility.adapters.orm import DecisionRow

router = APIRouter(prefix="/v1", tags=["responsibility"])


@router.get("/decisions/{decision_id}")
def get_decision(decision_id: uuid.UUID, uow: UoW, org: CurrentOrganisation) -> dict[str, Any]:
    with uow:
        row = uow.session.get(DecisionRow, decision_id)
        if row is None or not _may_see(org, row):
            raise NotFound("decision")
        audit_read(uow.session, org, row.patient_ref, f"decision/{decision_id}")
        uow.commit()
        return row.model_dump(mode="json")


def _may_see(org: Organisation, row: DecisionRow) -> bool:
    if org.kind == "municipality":
        return org.code == row.municipality_code
    return org.kind == "region" and org.code == row.region_code
