"""The legal and agreed duties of a case as deadlines (domain brief sections 5 and 5.1):
LAW-ADM24, LAW-SIP3, LAW-INFO, LAW-PAY (LAW-PAY-PSY), CR-ACK, CR-ACUTE, MED-CHANGE-ACK and
HSV-DISCHARGE-ACK. Pure: the caller passes the case's timeline, the rules (data with validity)
and the time to judge at; `changes.py` says which outcome to publish once."""

from referral.domain.deadlines.evaluation import deadlines_of
from referral.domain.deadlines.judged import Deadline, State, state_of
from referral.domain.deadlines.parsing import DeadlineDataError, rule_book_from_document
from referral.domain.deadlines.periods import Period, PeriodUnit
from referral.domain.deadlines.rules import DeadlineRule, RuleBook, RuleId
from referral.domain.deadlines.timeline import (
    CareRequestFacts,
    HomecareDischargeFacts,
    MedicationChangeFacts,
    ReferralFacts,
    StayFacts,
    Timeline,
)

__all__ = [
    "CareRequestFacts",
    "Deadline",
    "DeadlineDataError",
    "DeadlineRule",
    "HomecareDischargeFacts",
    "MedicationChangeFacts",
    "Period",
    "PeriodUnit",
    "ReferralFacts",
    "RuleBook",
    "RuleId",
    "State",
    "StayFacts",
    "Timeline",
    "deadlines_of",
    "rule_book_from_document",
    "state_of",
]
