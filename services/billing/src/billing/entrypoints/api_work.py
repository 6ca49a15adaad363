"""Reported work over HTTP (issue 4, item 2): the body is a work.reported payload."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response, status
from handover_common.access import Access, Authorised, forbidden
from handover_common.inputs import Moment
from handover_common.service import UoW
from handover_contracts.billing_events import WorkReported
from pydantic import BaseModel, ConfigDict, field_validator

from billing.service_layer.reference import directory
from billing.service_layer.work import submit_work_report

router = APIRouter(prefix="/v1", tags=["work"])


class WorkReportIn(WorkReported):
    """work.reported as a request: unknown fields refused, times with their offset."""

    model_config = ConfigDict(extra="forbid")

    started_at: Moment
    ended_at: Moment

    @field_validator("started_at", "ended_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)


class WorkReportAccepted(BaseModel):
    report_id: str
    status: str  # "stored" or "duplicate" (the same report again: billed once)


def _own_work(access: Access, performer_code: str) -> None:
    """The performing organisation reports its work (an unknown performer is left to the
    report's own checks, WORK-PARTY)."""
    parties = directory()
    performer = parties.party_id(performer_code)
    if performer is not None and parties.organisation(performer) != str(access.org):
        message = f"{access.org} may not report the work of {parties.organisation(performer)}"
        raise forbidden("performer_code", "ACCESS-PERFORMER", message)


@router.post("/work-reports", status_code=status.HTTP_201_CREATED)
def post_work_report(
    body: WorkReportIn, uow: UoW, access: Authorised, response: Response
) -> WorkReportAccepted:
    """The performer reports; a redelivery answers 200 "duplicate"."""
    _own_work(access, body.performer_code)
    report = WorkReported.model_validate(body.model_dump())
    with uow:
        outcome = submit_work_report(uow, report)
    if outcome == "duplicate":
        response.status_code = status.HTTP_200_OK
    return WorkReportAccepted(report_id=report.report_id, status=outcome)
