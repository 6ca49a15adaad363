"""The deadline rules: one entry per version of a legal or agreed duty, each valid for a
period of dates (like the agreements). Which duty a rule ID measures is fixed in
`duties.py`; how long it may take, and from when, is data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from referral.domain.deadlines.periods import Period


class RuleId(StrEnum):
    """The duties the system tracks (domain brief section 5 and 5.1; MED-CHANGE-RECIPIENTS and
    HSV-DISCHARGE-ACK of issue 9's follow-up flows)."""

    ADMISSION_NOTICE = "LAW-ADM24"  # admission notice within 24 h of admission
    SIP_CALLED = "LAW-SIP3"  # SIP called within 3 days of the readiness notice
    INFORMATION = "LAW-INFO"  # information for continued care by the day of discharge
    ACKNOWLEDGED = "CR-ACK"  # the municipality acknowledges a care request
    ACUTE_ANSWERED = "CR-ACUTE"  # an acute request is confirmed before it is carried out
    PAYMENT_CLOCK = "LAW-PAY"  # the free days after the readiness notice (somatic care) end
    PAYMENT_CLOCK_PSYCHIATRY = "LAW-PAY-PSY"  # the same in psychiatric inpatient care
    MEDICATION_CHANGE_ACKNOWLEDGED = "MED-CHANGE-ACK"  # each receiving municipality acknowledges
    HOMECARE_DISCHARGE_ACKNOWLEDGED = "HSV-DISCHARGE-ACK"  # the health centre takes the patient


@dataclass(frozen=True)
class DeadlineRule:
    id: RuleId
    version: str
    description: str
    source: str  # the law or agreement the period comes from
    period: Period
    valid_from: date
    valid_to: date | None  # inclusive; None: open-ended

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, other: DeadlineRule) -> bool:
        ends_first = self.valid_to is not None and self.valid_to < other.valid_from
        starts_after = other.valid_to is not None and other.valid_to < self.valid_from
        return not (ends_first or starts_after)


@dataclass(frozen=True)
class RuleBook:
    """Every version of every rule; versions of one rule never overlap (checked on load)."""

    rules: tuple[DeadlineRule, ...]

    def in_force(self, rule_id: RuleId, day: date) -> DeadlineRule | None:
        """The version in force on the anchor's date, or None when no version covers it."""
        for rule in self.rules:
            if rule.id is rule_id and rule.in_force_on(day):
                return rule
        return None
