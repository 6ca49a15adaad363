"""Medication-list changes reach home care at once (MED-CHANGE, MED-CHANGE-RECIPIENTS; JH-INFO;
seed dalarna-…, Borlänge). The list itself stays in the region's record: the system carries a
reference to the established list, its date, who changed it and a summary. Pure: no I/O."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from referral.domain.care_request import ACTIVE
from referral.domain.follow_up import MED_CHANGE, MED_CHANGE_RECIPIENTS, Kind, Refusal


@dataclass(frozen=True)
class CareRequestState:
    id: uuid.UUID
    municipality_code: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class ListVersion:
    """One established medication list: the care request's own, or a later change."""

    reference: str
    established_on: date | None
    established_by: str | None
    change_id: uuid.UUID | None = None  # None: the list the care request was sent with


def recipients(requests: Iterable[CareRequestState], named_by: str) -> dict[str, uuid.UUID]:
    """Every municipality with an active care request, with the (oldest) request it reaches the
    municipality through. Nobody active: nobody to tell, refused."""
    reached: dict[str, uuid.UUID] = {}
    for request in sorted(requests, key=lambda r: r.created_at):
        if request.status in ACTIVE:
            reached.setdefault(request.municipality_code, request.id)
    if not reached:
        message = "no municipality has an active care request for this patient: nobody to tell"
        raise Refusal(Kind.INVALID, named_by, MED_CHANGE_RECIPIENTS, message)
    return dict(sorted(reached.items()))


def check_changed_on(changed_on: date, today: date) -> None:
    if changed_on > today:
        message = f"changed_on {changed_on} is after today ({today}): post a change once made"
        raise Refusal(Kind.INVALID, "changed_on", MED_CHANGE, message)


def sent_list(content: dict[str, Any] | None) -> ListVersion | None:
    """The established list the care request was sent with (CR-CONTENT-MEDICATION)."""
    given = (content or {}).get("medication_list") or {}
    reference = given.get("reference")
    if not reference:
        return None
    by = given.get("established_by") or {}
    on = given.get("established_on")
    return ListVersion(
        reference=reference,
        established_on=date.fromisoformat(on) if on else None,
        established_by=by.get("hsa_id") or by.get("name"),
    )


def current_list(sent: ListVersion | None, changes: list[ListVersion]) -> ListVersion | None:
    """The latest established list: ``changes`` come oldest first; a change established on the
    same day as the list sent is the later one."""
    latest = sent
    for change in changes:
        if latest is None or _day(change) >= _day(latest):
            latest = change
    return latest


def _day(version: ListVersion) -> date:
    return version.established_on or date.min
