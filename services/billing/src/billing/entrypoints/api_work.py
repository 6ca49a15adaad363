"""Reported work over HTTP (issue 4, item 2): the body is a work.reported payload."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response, status
from handover_common.access import Access, Authorised, forbidden
from handover_common.inputs import Moment
from handover_common.pages import MAX_LIMIT, Limit, Offset, Page, page_of
from handover_common.service import UoW
from handover_contracts.billing_events import WorkKind, WorkReported
from pydantic import BaseModel, ConfigDict, Field, field_validator

from billing.entrypoints import examples as ex
from billing.service_layer.reference import directory, reference
from billing.service_layer.work import submit_work_report

router = APIRouter(prefix="/v1", tags=["work"])


class WorkReportIn(WorkReported):
    """work.reported as a request: unknown fields refused, times with their offset."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.WORK_REPORT))

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


@router.post(
    "/work-reports",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": WorkReportAccepted, "description": 'a redelivery: "duplicate"'}},
)
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


RULES_OF_KIND = {
    WorkKind.STAFF_RENTAL: ["JH-RENT-DAY", "JH-RENT-NIGHT"],
    WorkKind.SIGHT: ["JH-SIGHT"],
    WorkKind.HEARING: ["JH-SIGHT"],
    WorkKind.MT_SERVICE: ["JH-MT-VARIABLE"],
    WorkKind.SEVERE_CARE: ["GB-ECO"],
    WorkKind.HOSPITAL_ACCOMPANIMENT: ["JH-HOSP-STAFF"],
    WorkKind.NON_RESIDENT_CARE: ["GEN-RES"],
}


class WorkKindOut(BaseModel):
    kind: str = Field(description="a work report's kind")
    stream: str = Field(description="its invoices' stream: one invoice per stream and month")
    rule_ids: list[str]
    billable_task_types: list[str] | None = Field(
        description="the task_type values billed; null: any task type"
    )
    buyer_reference: str | None = Field(description="fixed by the agreement, else the customer's")


@router.get("/work-kinds")
def work_kinds(
    _access: Authorised, limit: Limit = MAX_LIMIT, offset: Offset = 0
) -> Page[WorkKindOut]:
    """What can be reported and billed: each kind's stream, rules and billable task types
    (JH-SIGHT lists sight and hearing tasks; GB-ECO its target groups), from the agreements'
    data."""
    rules = reference().work_rules
    tasks = {
        WorkKind.SIGHT: rules.billable_sight_tasks,
        WorkKind.HEARING: rules.billable_hearing_tasks,
        WorkKind.SEVERE_CARE: rules.gb_target_groups,
    }
    references = {
        WorkKind.SIGHT: rules.sight_buyer_reference,
        WorkKind.HEARING: rules.hearing_buyer_reference,
        WorkKind.SEVERE_CARE: rules.gb_buyer_reference,
    }
    kinds = [
        WorkKindOut(
            kind=kind.value,
            stream=kind.value,
            rule_ids=rule_ids,
            billable_task_types=sorted(tasks[kind]) if kind in tasks else None,
            buyer_reference=references.get(kind),
        )
        for kind, rule_ids in RULES_OF_KIND.items()
    ]
    return page_of(kinds, limit, offset)
