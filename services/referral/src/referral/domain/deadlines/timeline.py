"""What happened in one case, as plain facts: the hospital stay, what the region sent, and
the care requests it became. The service layer reads them from the tables; the rules here
never touch a database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True)
class StayFacts:
    """A hospital stay's notices (LAW-ADM24, LAW-READY, LAW-SIP3)."""

    stay_id: str
    region_code: str
    admitted_at: datetime
    admission_notice_sent_at: datetime | None
    readiness_notice_sent_at: datetime | None = None  # the legal anchor (LAW-READY)
    readiness_cancelled_at: datetime | None = None  # no SIP is owed while not ready
    sip_needed: bool | None = None  # None: not said, so the SIP is owed
    sip_called_at: datetime | None = None
    entered_in_error: bool = False  # the admission notice was cancelled: nothing was owed


@dataclass(frozen=True)
class ReferralFacts:
    """What the region sent: after a hospital stay, with the discharge time (LAW-INFO)."""

    referral_id: str
    region_code: str
    discharged_at: datetime | None  # None: a direct way in, no discharge from hospital
    information_received_at: datetime | None  # the content with its medication list
    entered_in_error: bool = False


@dataclass(frozen=True)
class CareRequestFacts:
    """A care request to a municipality and its answers (CR-ACK, CR-ACUTE)."""

    care_request_id: str
    municipality_code: str
    acute: bool
    created_at: datetime
    acknowledged_at: datetime | None = None  # first received (or answered, which implies it)
    answered_at: datetime | None = None  # accepted or rejected
    withdrawn_at: datetime | None = None  # cancelled: nothing more is owed from then on
    entered_in_error: bool = False


@dataclass(frozen=True)
class Timeline:
    patient_ref: str
    stay: StayFacts | None = None
    referrals: tuple[ReferralFacts, ...] = ()
    care_requests: tuple[CareRequestFacts, ...] = ()

    def as_seen_by_municipality(self, code: str) -> Timeline:
        """A municipality sees the region's duties and its own care requests, not others'."""
        own = tuple(c for c in self.care_requests if c.municipality_code == code)
        return replace(self, care_requests=own)
