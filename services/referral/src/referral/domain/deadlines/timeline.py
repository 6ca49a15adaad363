"""What happened in one case, as plain facts: the hospital stay, what the region sent, the
care requests it became and what followed them (medication changes, discharge from home
care). The service layer reads them from the tables; the rules here never touch a database."""

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
    municipality_code: str | None = None  # the patient's registered one: it owes LAW-PAY
    psychiatric_care: bool = False  # LAW-PAY-PSY's free days instead of LAW-PAY's
    discharged_at: datetime | None = None  # the patient left hospital: the payment clock ends


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
class MedicationChangeFacts:
    """A medication-list change as one receiving municipality got it (MED-CHANGE-ACK)."""

    change_id: str
    municipality_code: str
    posted_at: datetime
    acknowledged_at: datetime | None = None
    ended_at: datetime | None = None  # the care request it came through ended: nothing owed

    @property
    def subject_id(self) -> str:
        return f"{self.change_id}:{self.municipality_code}"


@dataclass(frozen=True)
class HomecareDischargeFacts:
    """A discharge from home care back to the health centre (HSV-DISCHARGE-ACK)."""

    care_request_id: str
    municipality_code: str  # the municipality that discharged the patient
    region_code: str  # the region of the health centre that acknowledges
    recorded_at: datetime
    acknowledged_at: datetime | None = None


@dataclass(frozen=True)
class Timeline:
    patient_ref: str
    stay: StayFacts | None = None
    referrals: tuple[ReferralFacts, ...] = ()
    care_requests: tuple[CareRequestFacts, ...] = ()
    medication_changes: tuple[MedicationChangeFacts, ...] = ()
    homecare_discharges: tuple[HomecareDischargeFacts, ...] = ()

    def as_seen_by_municipality(self, code: str) -> Timeline:
        """A municipality sees the region's duties and its own care requests, medication
        changes and discharges from home care, not others'."""
        return replace(
            self,
            care_requests=tuple(c for c in self.care_requests if c.municipality_code == code),
            medication_changes=tuple(
                m for m in self.medication_changes if m.municipality_code == code
            ),
            homecare_discharges=tuple(
                h for h in self.homecare_discharges if h.municipality_code == code
            ),
        )
