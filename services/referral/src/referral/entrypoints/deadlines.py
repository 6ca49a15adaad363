"""The legal and agreed duties of a case as deadlines (issue 9 section 5): per case, and
"my open deadlines, soonest first" per organisation. Computed when asked, at the app's clock
(``app.state.clock``, the system clock unless a test sets one); the deadline watch
(`deadline_watch.py`) publishes what changes, for notification's alarms."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from handover_common.access import Access, Authorised, not_visible
from handover_common.errors import NotFound
from handover_common.service import UoW
from pydantic import BaseModel

from referral.domain.deadlines import Deadline, RuleBook, RuleId, State
from referral.service_layer.deadline_lists import open_deadlines
from referral.service_layer.deadlines import (
    Case,
    Clock,
    case_of_referral,
    case_of_stay,
    load_rule_book,
    system_clock,
)

router = APIRouter(prefix="/v1", tags=["deadlines"])


async def now_of(request: Request) -> datetime:
    clock: Clock = getattr(request.app.state, "clock", system_clock)
    return clock()


def rules_of(request: Request) -> RuleBook:
    rules: RuleBook | None = getattr(request.app.state, "deadline_rules", None)
    return rules or load_rule_book()


Now = Annotated[datetime, Depends(now_of)]
Rules = Annotated[RuleBook, Depends(rules_of)]


class DeadlineOut(BaseModel):
    rule_id: RuleId
    rule_version: str
    description: str
    patient_ref: str
    owed_by: str
    subject: str  # stay | referral | care-request | medication-change | homecare-discharge
    subject_id: str
    anchor_at: datetime
    due_at: datetime
    met_at: datetime | None
    stopped_at: datetime | None  # ended unmet: readiness cancelled, request withdrawn
    state: State


class CaseDeadlines(BaseModel):
    patient_ref: str
    as_of: datetime
    deadlines: list[DeadlineOut]


class DeadlinePage(BaseModel):
    as_of: datetime
    total: int
    limit: int
    offset: int
    items: list[DeadlineOut]


def _out(deadline: Deadline) -> DeadlineOut:
    return DeadlineOut.model_validate(deadline, from_attributes=True)


@router.get("/referrals/{referral_id}/deadlines")
def referral_deadlines(
    referral_id: uuid.UUID, uow: UoW, access: Authorised, now: Now, rules: Rules
) -> CaseDeadlines:
    """The case of one referral: its stay's notices, its information, its care requests."""
    return _case_view(
        uow, access, "referral", lambda: case_of_referral(uow.session, referral_id), now, rules
    )


@router.get("/stays/{stay_id}/deadlines")
def stay_deadlines(
    stay_id: str, uow: UoW, access: Authorised, now: Now, rules: Rules
) -> CaseDeadlines:
    """The case of one hospital stay, before and after its discharge."""
    return _case_view(uow, access, "stay", lambda: case_of_stay(uow.session, stay_id), now, rules)


def _case_view(
    uow: UoW,
    access: Access,
    what: str,
    find: Callable[[], Case | None],
    now: datetime,
    rules: RuleBook,
) -> CaseDeadlines:
    with uow:
        case = find()
        if case is None:
            raise NotFound(what)
        patient_ref = case.timeline.patient_ref
        if not case.visible_to(access.org):
            raise not_visible(access, what, patient_ref)
        deadlines = case.deadlines_for(access.org, rules, now)
        access.read(uow.session, [patient_ref])
        uow.commit()
        return CaseDeadlines(
            patient_ref=patient_ref, as_of=now, deadlines=[_out(d) for d in deadlines]
        )


@router.get("/deadlines")
def my_open_deadlines(
    uow: UoW,
    access: Authorised,
    now: Now,
    rules: Rules,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> DeadlinePage:
    """What the caller's organisation still owes (pending or missed), soonest due first; a
    municipality's payment clocks (LAW-PAY) too. Every listed patient is audited."""
    with uow:
        owed = open_deadlines(uow.session, access.org, rules, now)
        page = owed[offset : offset + limit]
        access.read(uow.session, [d.patient_ref for d in page])
        uow.commit()
        return DeadlinePage(
            as_of=now, total=len(owed), limit=limit, offset=offset, items=[_out(d) for d in page]
        )
