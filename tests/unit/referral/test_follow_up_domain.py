"""The pure rules of the follow-up flows (issue 9 sections 3, 4 and 5): HSV-DISCHARGE,
HSV-DISCHARGE-ACK, MED-CHANGE, MED-CHANGE-RECIPIENTS, SIP-PARTIES, SIP-TIMES."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from referral.domain.follow_up import Kind, Refusal
from referral.domain.homecare_discharge import (
    DischargeFacts,
    HealthCentre,
    check_acknowledger,
    check_discharge,
    check_repeat,
    listed_health_centre,
    receiving_health_centre,
)
from referral.domain.medication import (
    CareRequestState,
    ListVersion,
    check_changed_on,
    current_list,
    recipients,
    sent_list,
)
from referral.domain.sip import check_call, check_held, invited_parties

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LISTED = {"fixed_contacts": {"listed_health_centre": {"name": "Odenslund", "hsa_id": "SE1-E1"}}}


def refused(call: object, *args: object) -> tuple[Kind, str, str]:
    with pytest.raises(Refusal) as error:
        call(*args)  # type: ignore[operator]
    return error.value.kind, error.value.field, error.value.rule


# discharge from home care


def test_only_an_enrolled_patient_is_discharged_on_a_day_that_has_come() -> None:
    check_discharge("in-progress", date(2026, 11, 1), TODAY, TODAY)
    for status in ("requested", "received", "accepted", "on-hold", "completed", "rejected"):
        assert refused(check_discharge, status, None, TODAY, TODAY) == (
            Kind.CONFLICT,
            "status",
            "CR-LIFECYCLE",
        )
    tomorrow = TODAY + timedelta(days=1)
    assert refused(check_discharge, "in-progress", None, tomorrow, TODAY)[1:] == (
        "discharged_on",
        "HSV-DISCHARGE",
    )
    before_enrolment = (date(2026, 11, 10), date(2026, 11, 9), TODAY)
    assert refused(check_discharge, "in-progress", *before_enrolment)[0] is Kind.INVALID


def test_the_listed_health_centre_receives_unless_another_is_named() -> None:
    listed = listed_health_centre(LISTED)
    assert listed == HealthCentre("SE1-E1", "Odenslund")
    assert receiving_health_centre(None, listed) == listed
    assert receiving_health_centre("SE1-E1", listed) == listed
    assert receiving_health_centre("SE1-E2", listed) == HealthCentre("SE1-E2", None)
    assert listed_health_centre({"fixed_contacts": {}}) is None
    assert refused(receiving_health_centre, None, None) == (
        Kind.INVALID,
        "health_centre_hsa_id",
        "HSV-DISCHARGE",
    )


def test_a_repeat_is_the_same_discharge_or_refused() -> None:
    facts = DischargeFacts(TODAY, "needs-met", "summary", "SE1-E1")
    check_repeat(facts, DischargeFacts(TODAY, "needs-met", "summary", "SE1-E1"))
    other = DischargeFacts(TODAY, "moved", "summary", "SE1-E1")
    assert refused(check_repeat, facts, other)[0] is Kind.CONFLICT


def test_only_the_addressed_health_centre_acknowledges() -> None:
    check_acknowledger("SE1-E1", "SE1-E1")
    assert refused(check_acknowledger, "SE1-E1", "SE1-E9") == (
        Kind.FORBIDDEN,
        "health_centre_hsa_id",
        "HSV-DISCHARGE-ACK",
    )
    assert refused(check_acknowledger, "SE1-E1", None)[0] is Kind.FORBIDDEN


# medication-list changes


def state(municipality: str, status: str, minutes: int = 0) -> CareRequestState:
    created = NOW + timedelta(minutes=minutes)
    return CareRequestState(uuid.uuid4(), municipality, status, created)


def test_every_municipality_with_an_active_request_is_reached_once() -> None:
    older, newer = state("2380", "in-progress", 0), state("2380", "requested", 5)
    reached = recipients(
        [newer, state("2326", "on-hold"), older, state("2361", "completed")], "patient_ref"
    )
    assert list(reached) == ["2326", "2380"]
    assert reached["2380"] == older.id
    for status in ("requested", "received", "accepted", "in-progress", "on-hold"):
        assert list(recipients([state("2380", status)], "patient_ref")) == ["2380"]


def test_with_no_active_request_nobody_is_told() -> None:
    inactive = [
        state("2380", s) for s in ("rejected", "completed", "cancelled", "entered-in-error")
    ]
    assert refused(recipients, inactive, "personnummer") == (
        Kind.INVALID,
        "personnummer",
        "MED-CHANGE-RECIPIENTS",
    )
    assert refused(recipients, [], "patient_ref")[2] == "MED-CHANGE-RECIPIENTS"


def test_a_change_is_posted_once_made() -> None:
    check_changed_on(TODAY, TODAY)
    assert refused(check_changed_on, TODAY + timedelta(days=1), TODAY)[1:] == (
        "changed_on",
        "MED-CHANGE",
    )


def test_the_current_list_is_the_latest_established() -> None:
    content = {
        "medication_list": {
            "reference": "list A",
            "established_on": "2026-11-20",
            "established_by": {"name": "Per Ek", "hsa_id": "SE1-P1"},
        }
    }
    sent = sent_list(content)
    assert sent == ListVersion("list A", date(2026, 11, 20), "SE1-P1")
    assert current_list(sent, []) == sent
    same_day = ListVersion("list B", date(2026, 11, 20), "SE1-P2", uuid.uuid4())
    later = ListVersion("list C", date(2026, 11, 22), "SE1-P2", uuid.uuid4())
    assert current_list(sent, [same_day]) == same_day
    assert current_list(sent, [same_day, later]) == later
    older = ListVersion("list 0", date(2026, 11, 1), "SE1-P2", uuid.uuid4())
    assert current_list(sent, [older]) == sent, "a change older than the list sent is history"
    assert current_list(None, [older]) == older
    assert sent_list({}) is None and current_list(None, []) is None


# SIP


def test_invited_parties_are_organisations_and_include_a_municipality() -> None:
    assert invited_parties(["region:23", "municipality:2380", "region:23"]) == [
        "municipality:2380",
        "region:23",
    ]
    assert invited_parties([], ["municipality:2380"]) == ["municipality:2380"]
    assert refused(invited_parties, ["region:23"]) == (Kind.INVALID, "invited", "SIP-PARTIES")
    for nonsense in ("kommunen", "municipality:23", "region:2380", "operator:drift"):
        assert refused(invited_parties, ["municipality:2380", nonsense])[1] == "invited.1"


def test_sip_times_are_in_order_and_not_ahead_of_the_clock() -> None:
    check_call(NOW - timedelta(hours=1), NOW + timedelta(days=2), NOW)
    check_call(NOW + timedelta(minutes=4), NOW + timedelta(days=2), NOW)  # clock skew
    assert refused(check_call, NOW, NOW - timedelta(minutes=1), NOW)[1:] == (
        "meeting_at",
        "SIP-TIMES",
    )
    assert refused(check_call, NOW + timedelta(hours=1), NOW + timedelta(days=1), NOW)[1] == (
        "called_at"
    )
    check_held(NOW - timedelta(days=1), NOW, NOW)
    assert refused(check_held, NOW, NOW - timedelta(seconds=1), NOW)[1] == "held_at"
    assert refused(check_held, NOW - timedelta(days=1), NOW + timedelta(hours=1), NOW)[1] == (
        "held_at"
    )
