"""Which duty each rule measures: from when (the anchor), by whom, done when (rule IDs of the
domain brief, sections 5 and 5.1, and of issue 9's follow-up flows). The periods come from the
data file (`rules.py`); LAW-PAY's conditions on the hospital's duties are in `payment.py`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from referral.domain.deadlines.rules import RuleId
from referral.domain.deadlines.timeline import (
    CareRequestFacts,
    HomecareDischargeFacts,
    MedicationChangeFacts,
    ReferralFacts,
    StayFacts,
    Timeline,
)


@dataclass(frozen=True)
class Duty:
    rule_id: RuleId
    owed_by: str  # "region:23", "municipality:2380"
    subject: str  # "stay", "referral", "care-request", "medication-change", "homecare-discharge"
    subject_id: str
    anchor_at: datetime
    met_at: datetime | None
    stopped_at: datetime | None = None  # ended unmet (readiness cancelled, request withdrawn)


def duties_of(timeline: Timeline) -> Iterator[Duty]:
    if timeline.stay is not None and not timeline.stay.entered_in_error:
        yield from _stay_duties(timeline.stay)
    for referral in timeline.referrals:
        if not referral.entered_in_error:
            yield from _referral_duties(referral)
    for request in timeline.care_requests:
        if not request.entered_in_error:
            yield from _care_request_duties(request)
    yield from map(_medication_change_duty, timeline.medication_changes)
    yield from map(_homecare_discharge_duty, timeline.homecare_discharges)


def _stay_duties(stay: StayFacts) -> Iterator[Duty]:
    region = f"region:{stay.region_code}"
    yield Duty(
        RuleId.ADMISSION_NOTICE,
        region,
        "stay",
        stay.stay_id,
        anchor_at=stay.admitted_at,
        met_at=stay.admission_notice_sent_at,
    )
    if stay.readiness_notice_sent_at is not None and stay.sip_needed is not False:
        yield Duty(
            RuleId.SIP_CALLED,
            region,
            "stay",
            stay.stay_id,
            anchor_at=stay.readiness_notice_sent_at,
            met_at=stay.sip_called_at,
            stopped_at=stay.readiness_cancelled_at,
        )
    if stay.readiness_notice_sent_at is not None and stay.municipality_code is not None:
        yield Duty(
            RuleId.PAYMENT_CLOCK_PSYCHIATRY if stay.psychiatric_care else RuleId.PAYMENT_CLOCK,
            f"municipality:{stay.municipality_code}",
            "stay",
            stay.stay_id,
            anchor_at=stay.readiness_notice_sent_at,
            met_at=stay.discharged_at,
            stopped_at=stay.readiness_cancelled_at,
        )


def _referral_duties(referral: ReferralFacts) -> Iterator[Duty]:
    if referral.discharged_at is None:  # LAW-INFO is about discharge from inpatient care
        return
    yield Duty(
        RuleId.INFORMATION,
        f"region:{referral.region_code}",
        "referral",
        referral.referral_id,
        anchor_at=referral.discharged_at,
        met_at=referral.information_received_at,
    )


def _care_request_duties(request: CareRequestFacts) -> Iterator[Duty]:
    yield _care_request_duty(request, RuleId.ACKNOWLEDGED, request.acknowledged_at)
    if request.acute:
        yield _care_request_duty(request, RuleId.ACUTE_ANSWERED, request.answered_at)


def _care_request_duty(request: CareRequestFacts, rule_id: RuleId, met_at: datetime | None) -> Duty:
    return Duty(
        rule_id,
        f"municipality:{request.municipality_code}",
        "care-request",
        request.care_request_id,
        anchor_at=request.created_at,
        met_at=met_at,
        stopped_at=request.withdrawn_at,
    )


def _medication_change_duty(change: MedicationChangeFacts) -> Duty:
    """MED-CHANGE-RECIPIENTS: each receiving municipality acknowledges the change."""
    return Duty(
        RuleId.MEDICATION_CHANGE_ACKNOWLEDGED,
        f"municipality:{change.municipality_code}",
        "medication-change",
        change.subject_id,
        anchor_at=change.posted_at,
        met_at=change.acknowledged_at,
        stopped_at=change.ended_at,
    )


def _homecare_discharge_duty(discharge: HomecareDischargeFacts) -> Duty:
    """HSV-DISCHARGE-ACK: the health centre (the region) takes the patient back."""
    return Duty(
        RuleId.HOMECARE_DISCHARGE_ACKNOWLEDGED,
        f"region:{discharge.region_code}",
        "homecare-discharge",
        discharge.care_request_id,
        anchor_at=discharge.recorded_at,
        met_at=discharge.acknowledged_at,
    )
