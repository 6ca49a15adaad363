"""Statements of the distribution runs (JH-TB first): every step, from count to shares, and
the readings of the agreement applied. JH-TB's count is derived from the JH-PAL-2 decisions
held; finance of the region adjusts it with a reason (issue 13)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from handover_common.access import Authorised, Organisation
from handover_common.errors import NotFound
from handover_common.service import UoW

from billing.domain.distribution.connections import COUNT_IN_FORCE_DURING_YEAR
from billing.entrypoints.dependencies import BillingParty, entered_by, party_of
from billing.entrypoints.schemas_statements import (
    ConnectedCountOut,
    CountAdjustmentIn,
    StatementOut,
)
from billing.service_layer.allocation_runs import (
    connected_count,
    record_count_adjustment,
    supplementary_view,
)
from billing.service_layer.reference import reference
from billing.service_layer.statements import region_of

router = APIRouter(prefix="/v1", tags=["statements"])
Year = Annotated[int, Path(ge=2000, le=2100)]


def _may_see_supplementary(org: Organisation) -> bool:
    """The JH-TB parties: the municipalities sharing the amount and their region."""
    municipalities = list(reference().supplementary_factors)
    parties = {*municipalities, region_of(municipalities)}
    return party_of(org) in parties


@router.get("/supplementary/{year}/statement")
def supplementary_statement_of(
    year: Year,
    uow: UoW,
    access: Authorised,
    connected_persons: Annotated[int | None, Query(ge=0, le=100_000)] = None,
) -> StatementOut:
    """JH-TB: the stored reconciliation of ``year`` if it is for the count asked (by default
    the count derived from the decisions held); any other count is recomputed as a preview."""
    if not _may_see_supplementary(access.org):
        raise NotFound("statement")
    with uow:
        return StatementOut.of(supplementary_view(uow, year, connected_persons))


@router.get("/supplementary/{year}/connected-persons")
def connected_persons_of(year: Year, uow: UoW, access: Authorised) -> ConnectedCountOut:
    """JH-TB: the persons connected during ``year`` − 1, derived and adjusted (no patients)."""
    if not _may_see_supplementary(access.org):
        raise NotFound("count")
    with uow:
        count = connected_count(uow.session, year)
    return ConnectedCountOut.of(count, COUNT_IN_FORCE_DURING_YEAR)


@router.post("/supplementary/{year}/count-adjustments", status_code=status.HTTP_201_CREATED)
def adjust_connected_persons(
    year: Year, body: CountAdjustmentIn, uow: UoW, access: Authorised, party: BillingParty
) -> ConnectedCountOut:
    """JH-TB: the region's finance adds or removes persons from the derived count, with the
    reason; stored, and listed on the statement. Refused once the year's statement is issued."""
    if not _may_see_supplementary(access.org):
        raise NotFound("count")
    with uow:
        count = record_count_adjustment(
            uow, year, body.delta, body.reason, entered_by(access), party
        )
    return ConnectedCountOut.of(count, COUNT_IN_FORCE_DURING_YEAR)
