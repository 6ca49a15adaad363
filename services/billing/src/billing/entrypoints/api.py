"""Billing's HTTP routes, all under /v1: thin, they hand requests to the service layer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from handover_common.access import CurrentOrganisation, audit_read
from handover_common.service import UoW
from sqlmodel import col, select

from billing.adapters.orm import ResponsibilityRow
from billing.entrypoints import api_invoices, api_prices, api_runs, api_statements, api_work

router = APIRouter(prefix="/v1", tags=["billing"])
for part in (api_prices, api_work, api_runs, api_invoices, api_statements):
    router.include_router(part.router)


@router.get("/responsibilities/{patient_ref}")
def responsibilities(patient_ref: str, uow: UoW, org: CurrentOrganisation) -> list[dict[str, Any]]:
    """Who bears the cost of each component for a patient, newest first (own rows only)."""
    query = (
        select(ResponsibilityRow)
        .where(ResponsibilityRow.patient_ref == patient_ref)
        .where(ResponsibilityRow.cost_bearer_code == org.code)
        .order_by(col(ResponsibilityRow.id).desc())
    )
    with uow:
        rows = list(uow.session.exec(query))
        if rows:
            audit_read(uow.session, org, patient_ref, f"responsibilities/{patient_ref}")
            uow.commit()
        return [row.model_dump(mode="json") for row in rows]
