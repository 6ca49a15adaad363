"""Deadline periods are data with validity, like the agreements: the packaged file, the
choice of the version in force on the anchor's Swedish date, and strict validation."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from referral.domain.deadlines import (
    CareRequestFacts,
    DeadlineDataError,
    Period,
    PeriodUnit,
    RuleId,
    Timeline,
    deadlines_of,
    rule_book_from_document,
)
from referral.service_layer.deadlines import load_rule_book

from tests.support.people import patient_ref

H = timedelta(hours=1)


def entry(rule_id: str, unit: str = "hours", amount: int = 24, **changes: Any) -> dict[str, Any]:
    return {
        "id": rule_id,
        "version": "1",
        "description": f"{rule_id} for a test",
        "source": "a test",
        "period": {"unit": unit, "amount": amount},
        "valid_from": "2018-01-01",
        "valid_to": None,
        **changes,
    }


def document(*extra: dict[str, Any], replacing: str | None = None) -> dict[str, Any]:
    """One version of every rule, and the extra entries (replacing one rule's if named)."""
    rules = [entry(r.value) for r in RuleId if r.value != replacing]
    return {"rules": [*rules, *extra]}


def test_the_packaged_periods_are_the_laws_and_the_configured_ones() -> None:
    book = load_rule_book()
    on = date(2026, 11, 20)
    periods = {r: book.in_force(r, on) for r in RuleId}
    assert {r: p.period for r, p in periods.items() if p is not None} == {
        RuleId.ADMISSION_NOTICE: Period(PeriodUnit.HOURS, 24),
        RuleId.SIP_CALLED: Period(PeriodUnit.CALENDAR_DAYS, 3),
        RuleId.INFORMATION: Period(PeriodUnit.CALENDAR_DAYS, 0),
        RuleId.ACKNOWLEDGED: Period(PeriodUnit.HOURS, 24),
        RuleId.ACUTE_ANSWERED: Period(PeriodUnit.HOURS, 4),
        RuleId.PAYMENT_CLOCK: Period(PeriodUnit.CALENDAR_DAYS, 2, time(12, 0)),
        RuleId.PAYMENT_CLOCK_PSYCHIATRY: Period(PeriodUnit.CALENDAR_DAYS, 5, time(12, 0)),
        RuleId.MEDICATION_CHANGE_ACKNOWLEDGED: Period(PeriodUnit.HOURS, 24),
        RuleId.HOMECARE_DISCHARGE_ACKNOWLEDGED: Period(PeriodUnit.CALENDAR_DAYS, 1),
    }
    assert book.in_force(RuleId.SIP_CALLED, date(2017, 12, 31)) is None  # before Lag 2017:612


def test_a_duty_is_judged_under_the_version_in_force_on_its_anchors_swedish_date() -> None:
    book = rule_book_from_document(
        "test",
        document(
            entry("CR-ACK", version="2026", valid_from="2026-01-01", valid_to="2026-12-31"),
            entry("CR-ACK", amount=8, version="2027", valid_from="2027-01-01"),
            replacing="CR-ACK",
        ),
    )

    def acknowledgement(created: datetime) -> tuple[str, datetime]:
        timeline = Timeline(
            patient_ref("v"), care_requests=(CareRequestFacts("c", "2380", False, created),)
        )
        [deadline] = deadlines_of(timeline, book, created)
        return deadline.rule_version, deadline.due_at

    new_years_eve = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)
    assert acknowledgement(new_years_eve) == ("2026", new_years_eve + 24 * H)
    # 23:30 UTC on 31 December is 00:30 on 1 January in Sweden: the new version applies
    just_after_midnight = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert acknowledgement(just_after_midnight) == ("2027", just_after_midnight + 8 * H)


def test_a_duty_before_any_version_is_in_force_is_not_tracked() -> None:
    book = rule_book_from_document(
        "test", document(entry("CR-ACK", valid_from="2026-01-01"), replacing="CR-ACK")
    )
    created = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)
    timeline = Timeline(
        patient_ref("w"), care_requests=(CareRequestFacts("c", "2380", False, created),)
    )
    assert deadlines_of(timeline, book, created + 100 * H) == []


def broken(change: str) -> dict[str, Any]:
    doc = document()
    first = doc["rules"][0]
    match change:
        case "unknown rule":
            doc["rules"].append(entry("LAW-XYZ"))
        case "overlap":
            doc["rules"].append(entry(first["id"], version="2", valid_from="2020-01-01"))
        case "missing rule":
            doc["rules"].pop(0)
        case "unit":
            first["period"]["unit"] = "working-days"
        case "amount":
            first["period"]["amount"] = -1
        case "zero hours":
            first["period"] = {"unit": "hours", "amount": 0}
        case "boolean amount":
            first["period"]["amount"] = True
        case "reversed validity":
            first["valid_to"] = "2017-12-31"
        case "bad date":
            first["valid_from"] = "1 January 2018"
        case "unknown field":
            first["owed_by"] = "region"
        case "unknown top-level field":
            doc["calendar"] = "gregorian"
        case "no description":
            first["description"] = " "
    return doc


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ("unknown rule", f"rules[{len(RuleId)}].id"),
        ("overlap", "LAW-ADM24"),
        ("missing rule", "rules"),
        ("unit", "rules[0].period.unit"),
        ("amount", "rules[0].period.amount"),
        ("zero hours", "rules[0].period.amount"),
        ("boolean amount", "rules[0].period.amount"),
        ("reversed validity", "rules[0].valid_to"),
        ("bad date", "rules[0].valid_from"),
        ("unknown field", "rules[0]"),
        ("unknown top-level field", "<document>"),
        ("no description", "rules[0].description"),
    ],
)
def test_malformed_rule_data_is_refused_naming_the_place(change: str, where: str) -> None:
    with pytest.raises(DeadlineDataError) as refused:
        rule_book_from_document("periods.json", broken(change))
    assert refused.value.where == where
    assert str(refused.value).startswith("periods.json: ")


def test_versions_that_meet_without_overlapping_are_fine() -> None:
    doc = document(
        entry("CR-ACK", valid_to="2026-12-31"),
        entry("CR-ACK", version="2", valid_from="2027-01-01"),
        replacing="CR-ACK",
    )
    assert len(rule_book_from_document("test", copy.deepcopy(doc)).rules) == len(RuleId) + 1
