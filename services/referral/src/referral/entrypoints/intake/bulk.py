"""Bulk intake: a hospital system catching up after a downtime sends its discharges together.

Each discharge is answered as `POST /v1/discharges` would answer it alone — the same
`take_discharge`, and a transaction of its own — so a refused one stores nothing and takes
none of its neighbours with it, and a repeated `message_id` answers as the first did.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from handover_common.access import Access, Authorised
from handover_common.errors import FieldError, RequestRejected, field_errors
from handover_common.runtime import Runtime
from handover_common.unit_of_work import UnitOfWork
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from referral.entrypoints.intake.routes import Settings, take_discharge
from referral.entrypoints.intake.schemas import (
    MAX_BATCH,
    DischargeBatchAnswer,
    DischargeBatchIn,
    DischargeIn,
    DischargeResult,
)
from referral.settings import ReferralSettings

router = APIRouter(prefix="/v1", tags=["referral"])
ACCEPTED = status.HTTP_202_ACCEPTED


@router.post(
    "/discharges/batch",
    status_code=status.HTTP_200_OK,
    summary="Post discharges in a batch",
    description=f"""Hospital discharges sent together, after a downtime: at most {MAX_BATCH}, and
at most the request body limit (413 above it). Each is answered on its own in `results`, in
request order, as `POST /v1/discharges` would answer it alone: 202, or 403, 409 or 422 with its
errors named `discharges.<index>.<field>`; a refused one stores nothing and the others are
taken all the same. Send a `message_id` with each: a batch sent again then answers as before
and stores nothing twice. The whole request is refused (4xx) only for its envelope: no valid
token, another role, `discharges` not a list, empty or too long.""",
)
async def post_discharge_batch(
    body: DischargeBatchIn, request: Request, settings: Settings, access: Authorised
) -> DischargeBatchAnswer:
    runtime: Runtime = request.app.state.runtime
    return await run_in_threadpool(take_all, body, runtime, settings, access)


def take_all(
    body: DischargeBatchIn, runtime: Runtime, settings: ReferralSettings, access: Access
) -> DischargeBatchAnswer:
    results = [take(i, item, runtime, settings, access) for i, item in enumerate(body.discharges)]
    accepted = sum(result.status == ACCEPTED for result in results)
    return DischargeBatchAnswer(accepted=accepted, refused=len(results) - accepted, results=results)


def take(
    index: int, item: Any, runtime: Runtime, settings: ReferralSettings, access: Access
) -> DischargeResult:
    """One discharge of the batch, through the single route's checks, in its own transaction."""
    name = f"discharges.{index}"
    try:
        discharge = DischargeIn.model_validate(item)
    except ValidationError as error:
        return refused(index, 422, field_errors(error, name))
    try:
        uow = UnitOfWork(runtime.engine, runtime.name)
        taken = take_discharge(discharge, uow, settings, access)
    except RequestRejected as rejection:
        errors = [FieldError(f"{name}.{e.field}", e.rule, e.message) for e in rejection.errors]
        return refused(index, rejection.status_code, errors)
    return DischargeResult(
        index=index,
        status=ACCEPTED,
        discharge_id=taken.discharge_id,
        patient_ref=taken.patient_ref,
        outcome=taken.outcome,
    )


def refused(index: int, status_code: int, errors: list[FieldError]) -> DischargeResult:
    named = [vars(error) for error in errors]
    return DischargeResult.model_validate({"index": index, "status": status_code, "errors": named})
