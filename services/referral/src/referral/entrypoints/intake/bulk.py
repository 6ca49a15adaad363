"""Bulk intake: a hospital system catching up after a downtime sends its discharges together.

Each discharge is answered as `POST /v1/discharges` would answer it alone — the same checks,
and stored by the same intake writer (a group in one transaction; a group with a refused
discharge is stored one by one) — so a refused one stores nothing and takes none of its
neighbours with it, and a repeated `message_id` answers as the first did.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, status
from handover_common.access import Access, Authorised
from handover_common.errors import FieldError, RequestRejected, field_errors
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from referral.entrypoints.intake.routes import Settings, Writer, checked_discharge, stored
from referral.entrypoints.intake.schemas import (
    MAX_BATCH,
    DischargeBatchAnswer,
    DischargeBatchIn,
    DischargeIn,
    DischargeResult,
)
from referral.service_layer.intake.registration import Referral
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
    body: DischargeBatchIn, writer: Writer, settings: Settings, access: Authorised
) -> DischargeBatchAnswer:
    checked = await run_in_threadpool(check_all, body, settings, access)
    results = await asyncio.gather(*(answer(i, item, writer) for i, item in enumerate(checked)))
    accepted = sum(result.status == ACCEPTED for result in results)
    return DischargeBatchAnswer(accepted=accepted, refused=len(results) - accepted, results=results)


def check_all(
    body: DischargeBatchIn, settings: ReferralSettings, access: Access
) -> list[Referral | DischargeResult]:
    """Each discharge through the single route's checks (in a worker thread: a batch of 500
    would hold the event loop): ready to store, or refused."""
    return [check(i, item, settings, access) for i, item in enumerate(body.discharges)]


def check(
    index: int, item: Any, settings: ReferralSettings, access: Access
) -> Referral | DischargeResult:
    name = f"discharges.{index}"
    try:
        return checked_discharge(DischargeIn.model_validate(item), settings, access)
    except ValidationError as error:
        return refused(index, 422, field_errors(error, name))
    except RequestRejected as rejection:
        return refused(index, rejection.status_code, named(rejection, name))


async def answer(index: int, item: Referral | DischargeResult, writer: Writer) -> DischargeResult:
    """Stored together with the batch's other discharges (and whatever else arrives), each as
    it would be alone: a refused one stores nothing and takes none of the others with it."""
    if isinstance(item, DischargeResult):
        return item
    try:
        taken = await stored(item, writer)
    except RequestRejected as rejection:
        return refused(index, rejection.status_code, named(rejection, f"discharges.{index}"))
    return DischargeResult(
        index=index,
        status=ACCEPTED,
        discharge_id=taken.discharge_id,
        patient_ref=taken.patient_ref,
        outcome=taken.outcome,
    )


def named(rejection: RequestRejected, name: str) -> list[FieldError]:
    return [FieldError(f"{name}.{e.field}", e.rule, e.message) for e in rejection.errors]


def refused(index: int, status_code: int, errors: list[FieldError]) -> DischargeResult:
    listed = [vars(error) for error in errors]
    return DischargeResult.model_validate({"index": index, "status": status_code, "errors": listed})
