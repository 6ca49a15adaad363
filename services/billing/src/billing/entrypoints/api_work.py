"""Reported work over HTTP (issue 4, item 2): the body is a work.reported payload."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response, status
from handover_common.access import CurrentOrganisation
from handover_common.errors import FieldError, RequestRejected
from handover_common.service import UoW
from handover_contracts.billing_events import WorkReported
from pydantic import AwareDatetime, BaseModel, ConfigDict, field_validator

from billing.entrypoints.dependencies import Settings, is_finance
from billing.service_layer.reference import directory
from billing.service_layer.work import submit_work_report

router = APIRouter(tags=["work"])


class WorkReportIn(WorkReported):
    """work.reported as a request: unknown fields refused, times with their offset."""

    model_config = ConfigDict(extra="forbid")

    started_at: AwareDatetime
    ended_at: AwareDatetime

    @field_validator("started_at", "ended_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)


class WorkReportAccepted(BaseModel):
    report_id: str
    status: str  # "stored" or "duplicate" (the same report again: billed once)


@router.post("/work-reports", status_code=status.HTTP_201_CREATED)
def post_work_report(
    body: WorkReportIn, uow: UoW, org: CurrentOrganisation, settings: Settings, response: Response
) -> WorkReportAccepted:
    """The performer (or finance) reports; a redelivery answers 200 "duplicate"."""
    performer = directory().party_id(body.performer_code)  # unknown: refused as WORK-PARTY
    other = performer is not None and directory().organisation(performer) != str(org)
    if other and not is_finance(org, settings):
        message = "only the performing organisation reports its work"
        raise RequestRejected([FieldError("performer_code", "ACCESS-PERFORMER", message)], 403)
    report = WorkReported.model_validate(body.model_dump())
    with uow:
        outcome = submit_work_report(uow, report)
    if outcome == "duplicate":
        response.status_code = status.HTTP_200_OK
    return WorkReportAccepted(report_id=report.report_id, status=outcome)
