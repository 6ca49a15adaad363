"""Read the deadline rules from a JSON document (already decoded): strict, every error names
the file, the entry and the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from referral.domain.deadlines.periods import Period, PeriodUnit
from referral.domain.deadlines.rules import DeadlineRule, RuleBook, RuleId

DOCUMENT_FIELDS = frozenset({"notes", "rules"})
PERIOD_NEEDS = frozenset({"unit", "amount"})
PERIOD_FIELDS = PERIOD_NEEDS | {"day_0_before"}
RULE_FIELDS = frozenset(
    {"id", "version", "description", "source", "period", "valid_from", "valid_to"}
)


class DeadlineDataError(ValueError):
    def __init__(self, source: str, where: str, message: str) -> None:
        super().__init__(f"{source}: {where}: {message}")
        self.source, self.where = source, where


def rule_book_from_document(source: str, document: object) -> RuleBook:
    if not isinstance(document, Mapping) or not isinstance(document.get("rules"), list):
        raise DeadlineDataError(source, "<document>", "an object with a list 'rules' is needed")
    unknown = sorted(set(document) - DOCUMENT_FIELDS)
    if unknown:
        raise DeadlineDataError(source, "<document>", f"unknown fields: {', '.join(unknown)}")
    rules = tuple(_rule(source, f"rules[{i}]", entry) for i, entry in enumerate(document["rules"]))
    _check_each_rule_once_at_a_time(source, rules)
    return RuleBook(rules)


def _rule(source: str, where: str, entry: object) -> DeadlineRule:
    if not isinstance(entry, Mapping):
        raise DeadlineDataError(source, where, "must be an object")
    unknown = sorted(set(entry) - RULE_FIELDS)
    if unknown:
        raise DeadlineDataError(source, where, f"unknown fields: {', '.join(unknown)}")
    field = _Fields(source, where, entry)
    valid_from, valid_to = field.day("valid_from"), field.optional_day("valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise field.error("valid_to", "is before valid_from")
    return DeadlineRule(
        id=field.rule_id(),
        version=field.text("version"),
        description=field.text("description"),
        source=field.text("source"),
        period=field.period(),
        valid_from=valid_from,
        valid_to=valid_to,
    )


def _check_each_rule_once_at_a_time(source: str, rules: tuple[DeadlineRule, ...]) -> None:
    for rule_id in RuleId:
        versions = [r for r in rules if r.id is rule_id]
        if not versions:
            raise DeadlineDataError(source, "rules", f"no version of {rule_id}")
        for i, first in enumerate(versions):
            for second in versions[i + 1 :]:
                if first.overlaps(second):
                    message = f"versions {first.version} and {second.version} overlap"
                    raise DeadlineDataError(source, str(rule_id), message)


class _Fields:
    def __init__(self, source: str, where: str, entry: Mapping[str, Any]) -> None:
        self.source, self.where, self.entry = source, where, entry

    def error(self, name: str, message: str) -> DeadlineDataError:
        return DeadlineDataError(self.source, f"{self.where}.{name}", message)

    def text(self, name: str) -> str:
        value = self.entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, "a non-empty text is needed")
        return value

    def day(self, name: str) -> date:
        try:
            return date.fromisoformat(self.text(name))
        except ValueError:
            raise self.error(name, "a date YYYY-MM-DD is needed") from None

    def optional_day(self, name: str) -> date | None:
        return None if self.entry.get(name) is None else self.day(name)

    def rule_id(self) -> RuleId:
        value = self.text("id")
        try:
            return RuleId(value)
        except ValueError:
            known = ", ".join(RuleId)
            raise self.error("id", f"unknown rule {value!r} (known: {known})") from None

    def period(self) -> Period:
        period = self.entry.get("period")
        if not isinstance(period, Mapping) or not PERIOD_NEEDS <= set(period) <= PERIOD_FIELDS:
            message = "an object with 'unit' and 'amount' (and optionally 'day_0_before')"
            raise self.error("period", f"{message} is needed")
        try:
            unit = PeriodUnit(period["unit"])
        except ValueError:
            known = ", ".join(PeriodUnit)
            raise self.error("period.unit", f"one of: {known}") from None
        amount = period["amount"]
        least = 1 if unit is PeriodUnit.HOURS else 0
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < least:
            raise self.error("period.amount", f"a whole number of at least {least} is needed")
        return Period(unit, amount, self._day_0_before(unit, period.get("day_0_before")))

    def _day_0_before(self, unit: PeriodUnit, value: object) -> time | None:
        """LAW-PAY's individual clock: "HH:MM" Swedish time, for calendar days only."""
        if value is None:
            return None
        if unit is not PeriodUnit.CALENDAR_DAYS:
            raise self.error("period.day_0_before", "only for calendar-days")
        try:
            if not isinstance(value, str) or len(value) != 5:
                raise ValueError(value)
            return time.fromisoformat(value)
        except ValueError:
            message = "a Swedish clock time HH:MM is needed"
            raise self.error("period.day_0_before", message) from None
