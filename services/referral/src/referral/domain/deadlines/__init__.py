"""The legal and agreed duties of a case as deadlines (domain brief sections 5 and 5.1):
LAW-ADM24, LAW-SIP3, LAW-INFO, CR-ACK and CR-ACUTE. Pure: the caller passes the case's
timeline, the rules (data with validity) and the time to judge at."""

from referral.domain.deadlines.evaluation import Deadline, State, deadlines_of, state_of
from referral.domain.deadlines.parsing import DeadlineDataError, rule_book_from_document
from referral.domain.deadlines.periods import Period, PeriodUnit
from referral.domain.deadlines.rules import DeadlineRule, RuleBook, RuleId
from referral.domain.deadlines.timeline import (
    CareRequestFacts,
    ReferralFacts,
    StayFacts,
    Timeline,
)

__all__ = [
    "CareRequestFacts",
    "Deadline",
    "DeadlineDataError",
    "DeadlineRule",
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
