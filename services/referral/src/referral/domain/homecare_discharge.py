"""Discharge from municipal home care back to the health centre (HSV-DISCHARGE,
HSV-DISCHARGE-ACK; domain brief 5; seed dalarna-…, Mora). Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from referral.domain.care_request import Status
from referral.domain.follow_up import (
    CR_LIFECYCLE,
    HSV_DISCHARGE,
    HSV_DISCHARGE_ACK,
    Kind,
    Refusal,
)


@dataclass(frozen=True)
class HealthCentre:
    hsa_id: str
    name: str | None = None


@dataclass(frozen=True)
class DischargeFacts:
    """What the municipality states; a repeat with the same facts is the same discharge."""

    discharged_on: date
    reason: str
    summary: str
    health_centre_hsa_id: str


def listed_health_centre(content: dict[str, Any] | None) -> HealthCentre | None:
    """The health centre the care request names as where the patient is listed (JH-INFO)."""
    contacts = (content or {}).get("fixed_contacts") or {}
    unit = contacts.get("listed_health_centre") or {}
    hsa_id = unit.get("hsa_id")
    return HealthCentre(hsa_id, unit.get("name")) if hsa_id else None


def receiving_health_centre(named: str | None, listed: HealthCentre | None) -> HealthCentre:
    """The health centre named in the discharge, else the one the care request lists."""
    if named is not None:
        same = listed is not None and listed.hsa_id == named
        return HealthCentre(named, listed.name if same and listed else None)
    if listed is None:
        message = "the care request names no listed health centre: name the one to take over"
        raise Refusal(Kind.INVALID, "health_centre_hsa_id", HSV_DISCHARGE, message)
    return listed


def check_discharge(
    status: str, enrolled_on: date | None, discharged_on: date, today: date
) -> None:
    """Only a patient enrolled in home care is discharged from it, on a day that has come and
    is not before the enrolment."""
    if status != Status.IN_PROGRESS:
        message = (
            f"only a care request in progress (enrolled) can end in a discharge; this is {status}"
        )
        raise Refusal(Kind.CONFLICT, "status", CR_LIFECYCLE, message)
    if discharged_on > today:
        message = (
            f"discharged_on {discharged_on} is after today ({today}): report it when it happened"
        )
        raise Refusal(Kind.INVALID, "discharged_on", HSV_DISCHARGE, message)
    if enrolled_on is not None and discharged_on < enrolled_on:
        message = f"discharged_on {discharged_on} is before the enrolment on {enrolled_on}"
        raise Refusal(Kind.INVALID, "discharged_on", HSV_DISCHARGE, message)


def check_repeat(earlier: DischargeFacts, again: DischargeFacts) -> None:
    """The same discharge again is answered as before; another one for the request is refused."""
    if earlier != again:
        message = "this care request was already discharged from home care with other facts"
        raise Refusal(Kind.CONFLICT, "care_request_id", HSV_DISCHARGE, message)


def check_acknowledger(addressed_to: str, caller_unit: str | None) -> None:
    """The health centre the discharge is addressed to acknowledges it, not another one."""
    if caller_unit != addressed_to:
        message = (
            f"the discharge is addressed to health centre {addressed_to}; "
            f"your unit {caller_unit or '(none)'} cannot acknowledge it"
        )
        raise Refusal(Kind.FORBIDDEN, "health_centre_hsa_id", HSV_DISCHARGE_ACK, message)
