"""Which payload model, version and topic belong to each event type."""

from __future__ import annotations

from dataclasses import dataclass

from handover_contracts import (
    billing_events,
    deadline_events,
    events,
    followup_events,
    lifecycle_events,
    stay_events,
)
from handover_contracts.events import Payload


class Topics:
    PATIENT = "handover.patient.v1"
    RESPONSIBILITY = "handover.responsibility.v1"
    CARE_REQUEST = "handover.care-request.v1"
    HOMECARE = "handover.homecare.v1"
    CARE_PLAN = "handover.care-plan.v1"  # medication lists and SIP meetings
    WORK = "handover.work.v1"
    BILLING = "handover.billing.v1"
    DEADLINE = "handover.deadline.v1"


ALL_TOPICS = (
    Topics.PATIENT,
    Topics.RESPONSIBILITY,
    Topics.CARE_REQUEST,
    Topics.HOMECARE,
    Topics.CARE_PLAN,
    Topics.WORK,
    Topics.BILLING,
    Topics.DEADLINE,
)


SERVICES = ("referral", "responsibility", "billing", "notification")

PERFORMER = "performer"
"""Not a Handover service: the performing organisation's own system (it may also report
work over billing's HTTP API, POST /v1/work-reports)."""

PUBLISHER: dict[str, str] = {
    Topics.PATIENT: "referral",
    Topics.RESPONSIBILITY: "responsibility",
    Topics.CARE_REQUEST: "referral",
    Topics.HOMECARE: "referral",
    Topics.CARE_PLAN: "referral",
    Topics.WORK: PERFORMER,
    Topics.BILLING: "billing",
    Topics.DEADLINE: "referral",
}
"""The one writer of each topic (the AsyncAPI document's send operations)."""

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "referral": (Topics.RESPONSIBILITY,),
    "responsibility": (Topics.PATIENT,),
    "billing": (Topics.RESPONSIBILITY, Topics.WORK, Topics.PATIENT),
    "notification": ALL_TOPICS,
}
"""The topics each service consumes (its bootstrap's ``topics``; the AsyncAPI document's
receive operations). Each consumes in the consumer group named after it, and also reads its
own ``retry_topic``."""


def consumers_of(topic: str) -> tuple[str, ...]:
    return tuple(service for service, topics in SUBSCRIPTIONS.items() if topic in topics)


def dead_letter_topic(consumer: str) -> str:
    return f"handover.dlq.{consumer}"


def retry_topic(consumer: str) -> str:
    """Replayed dead letters go here: only that consumer reads it, so a replay cannot loop
    through the other consumers of the original topic."""
    return f"handover.retry.{consumer}"


@dataclass(frozen=True)
class EventSpec:
    event_type: str
    version: int
    model: type[Payload]
    topic: str


_L, _F = lifecycle_events, followup_events
LIFECYCLE = (
    EventSpec("patient.admission-corrected", 1, _L.PatientAdmissionCorrected, Topics.PATIENT),
    EventSpec("patient.admission-cancelled", 1, _L.PatientAdmissionCancelled, Topics.PATIENT),
    EventSpec("patient.readiness-corrected", 1, _L.PatientReadinessCorrected, Topics.PATIENT),
    EventSpec("patient.discharge-corrected", 1, _L.PatientDischargeCorrected, Topics.PATIENT),
    EventSpec("patient.discharge-cancelled", 1, _L.PatientDischargeCancelled, Topics.PATIENT),
    EventSpec("care-request.corrected", 1, _L.CareRequestCorrected, Topics.CARE_REQUEST),
    EventSpec("care-request.cancelled", 1, _L.CareRequestCancelled, Topics.CARE_REQUEST),
    EventSpec("care-request.completed", 1, _L.CareRequestCompleted, Topics.CARE_REQUEST),
    EventSpec("care-request.on-hold", 1, _L.CareRequestOnHold, Topics.CARE_REQUEST),
    EventSpec("care-request.resumed", 1, _L.CareRequestResumed, Topics.CARE_REQUEST),
)
FOLLOW_UP = (
    EventSpec("medication-list.changed", 1, _F.MedicationListChanged, Topics.CARE_PLAN),
    EventSpec("medication-list.acknowledged", 1, _F.MedicationListAcknowledged, Topics.CARE_PLAN),
    EventSpec("sip.called", 1, _F.SipCalled, Topics.CARE_PLAN),
    EventSpec("sip.held", 1, _F.SipHeld, Topics.CARE_PLAN),
    EventSpec("homecare.discharged", 1, _F.HomecareDischarged, Topics.HOMECARE),
    EventSpec(
        "homecare.discharge-acknowledged", 1, _F.HomecareDischargeAcknowledged, Topics.HOMECARE
    ),
)

_D = deadline_events
DEADLINES = (
    EventSpec("deadline.missed", 1, _D.DeadlineMissed, Topics.DEADLINE),
    EventSpec("deadline.met", 1, _D.DeadlineMet, Topics.DEADLINE),
    EventSpec("deadline.stopped", 1, _D.DeadlineStopped, Topics.DEADLINE),
)

EVENTS: dict[str, EventSpec] = {
    spec.event_type: spec
    for spec in (
        EventSpec("patient.admitted", 1, stay_events.PatientAdmitted, Topics.PATIENT),
        EventSpec(
            "patient.ready-for-discharge", 1, stay_events.PatientReadyForDischarge, Topics.PATIENT
        ),
        EventSpec(
            "patient.readiness-cancelled", 1, stay_events.PatientReadinessCancelled, Topics.PATIENT
        ),
        EventSpec("patient.discharged", 1, events.PatientDischarged, Topics.PATIENT),
        EventSpec("referral.submitted", 1, events.ReferralSubmitted, Topics.PATIENT),
        EventSpec("responsibility.decided", 1, events.ResponsibilityDecided, Topics.RESPONSIBILITY),
        EventSpec("responsibility.moved", 1, events.ResponsibilityMoved, Topics.RESPONSIBILITY),
        EventSpec(
            "responsibility.undecidable",
            1,
            events.ResponsibilityUndecidable,
            Topics.RESPONSIBILITY,
        ),
        EventSpec("dispute.opened", 1, events.DisputeOpened, Topics.RESPONSIBILITY),
        EventSpec("dispute.resolved", 1, events.DisputeResolved, Topics.RESPONSIBILITY),
        EventSpec("care-request.created", 1, events.CareRequestCreated, Topics.CARE_REQUEST),
        EventSpec(
            "care-request.acknowledged", 1, events.CareRequestAcknowledged, Topics.CARE_REQUEST
        ),
        EventSpec("care-request.accepted", 1, events.CareRequestAccepted, Topics.CARE_REQUEST),
        EventSpec("care-request.rejected", 1, events.CareRequestRejected, Topics.CARE_REQUEST),
        EventSpec(
            "care-request.acute-confirmed",
            1,
            events.CareRequestAcuteConfirmed,
            Topics.CARE_REQUEST,
        ),
        EventSpec("homecare.enrolled", 1, events.HomecareEnrolled, Topics.HOMECARE),
        *LIFECYCLE,
        *FOLLOW_UP,
        EventSpec("work.reported", 1, billing_events.WorkReported, Topics.WORK),
        EventSpec("invoice.issued", 1, billing_events.InvoiceIssued, Topics.BILLING),
        *DEADLINES,
    )
}

EVENT_TYPE_OF: dict[type[Payload], str] = {spec.model: name for name, spec in EVENTS.items()}


class UnknownEventType(ValueError):
    pass


def spec_for(event_type: str) -> EventSpec:
    try:
        return EVENTS[event_type]
    except KeyError:
        raise UnknownEventType(f"unknown event type {event_type!r}") from None


def spec_of(payload: Payload) -> EventSpec:
    return EVENTS[EVENT_TYPE_OF[type(payload)]]
