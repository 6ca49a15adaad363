"""Issue 9 section 5: the legal and agreed duties of each case as deadlines, per case and as
each organisation's open list, judged at the app's clock (moved by the tests)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_common.tables import AuditEntry
from handover_contracts import wrap
from handover_contracts.events import ResponsibilityDecided
from referral.domain.dates import SWEDISH_TIME
from referral.service_layer.handlers import EVENT_HANDLERS
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.support.deadline_cases import (
    ADMITTED,
    READY_SENT,
    MovableClock,
    admit,
    call_sip,
    iso,
    moved_clock,
    ready,
)
from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23, NURSE_2326, NURSE_2380, as_caller
from tests.support.people import discharge_body

pytestmark = pytest.mark.integration

SIP_DUE = "2026-11-21T23:00:00Z"  # the end of Saturday 21 November in Sweden
HOSPITAL_01 = as_caller("region:01", "hospital-unit")
FINANCE_23 = as_caller("region:23", "finance")


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


@pytest.fixture
def engine(referral_engine: Engine) -> Engine:
    return referral_engine


@pytest.fixture
def clock(client: TestClient) -> Iterator[MovableClock]:
    with moved_clock(client) as moving:
        yield moving


def deadlines(client: TestClient, path: str, headers: dict[str, str] = HOSPITAL_23) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def by_rule(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["rule_id"]: d for d in case["deadlines"]}


def my_open(client: TestClient, headers: dict[str, str], **params: Any) -> Any:
    response = client.get("/v1/deadlines", headers=headers, params=params or {"limit": 200})
    assert response.status_code == 200, response.text
    return response.json()


def decide(engine: Engine, accepted: dict[str, str]) -> None:
    """Responsibility decides nursing for municipality 2380: referral makes the care request."""
    muni = {"kind": "municipality", "code": "2380"}
    nursing = {
        "component": "nursing",
        "status": "decided",
        "responsible": muni,
        "performer": muni,
        "cost_bearer": muni,
        "rule_ids": ["JH-OB"],
    }
    decided = ResponsibilityDecided.model_validate(
        {
            "decision_id": uuid.uuid4(),
            "discharge_id": accepted["discharge_id"],
            "patient_ref": accepted["patient_ref"],
            "source_event_id": uuid.uuid4(),
            "agreement_id": "JH-2026",
            "agreement_version": "2026.1",
            "decided_on": date(2026, 11, 20),
            "municipality_code": "2380",
            "components": [nursing],
            "rule_ids": ["JH-OB"],
        }
    )
    envelope = wrap(
        decided, producer="responsibility", partition_key=decided.patient_ref, correlation_id="c"
    )
    assert apply_once(engine, "referral", envelope, EVENT_HANDLERS) == "applied"


def discharge_with_request(
    client: TestClient, engine: Engine, index: int, **overrides: Any
) -> tuple[str, dict[str, str]]:
    """A stay, ready, then discharged an hour from now (so its information is in time)."""
    stay = admit(client, index)
    ready(client, stay, sip_needed=True)
    discharged = max(datetime.now(UTC), READY_SENT) + timedelta(hours=1)
    body = discharge_body(
        index, stay_id=stay, sip_needed=True, discharged_at=iso(discharged), **overrides
    )
    response = client.post("/v1/discharges", json=body)
    assert response.status_code == 202, response.text
    accepted = response.json()
    decide(engine, accepted)
    return stay, accepted


# --- LAW-ADM24 ---------------------------------------------------------------------------


def test_a_late_admission_notice_is_accepted_and_marked_late(client, clock) -> None:
    stay = admit(client, 9300, notice_after=timedelta(hours=30))  # 202: never refused
    case = deadlines(client, f"/v1/stays/{stay}/deadlines")
    notice = by_rule(case)["LAW-ADM24"]
    assert notice["state"] == "late"
    assert notice["due_at"] == iso(ADMITTED + timedelta(hours=24))
    assert notice["met_at"] == iso(ADMITTED + timedelta(hours=30))
    assert (notice["owed_by"], notice["subject"], notice["subject_id"]) == (
        "region:23",
        "stay",
        stay,
    )
    assert case["as_of"] == iso(clock.now)
    open_ids = {d["subject_id"] for d in my_open(client, HOSPITAL_23)["items"]}
    assert stay not in open_ids  # done, if late: nothing more is owed


# --- LAW-SIP3 ----------------------------------------------------------------------------


def test_the_sip_deadline_is_pending_then_missed_as_the_clock_moves(client, clock) -> None:
    stay = admit(client, 9301)
    ready(client, stay, sip_needed=True)
    clock.now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    sip = by_rule(deadlines(client, f"/v1/stays/{stay}/deadlines"))["LAW-SIP3"]
    assert (sip["state"], sip["due_at"], sip["anchor_at"]) == ("pending", SIP_DUE, iso(READY_SENT))
    assert _listed(client, HOSPITAL_23, stay, "LAW-SIP3") == "pending"

    clock.now = datetime(2026, 11, 22, 0, 0, tzinfo=UTC)  # 01:00 on Sunday in Sweden
    sip = by_rule(deadlines(client, f"/v1/stays/{stay}/deadlines"))["LAW-SIP3"]
    assert (sip["state"], sip["met_at"]) == ("missed", None)
    assert _listed(client, HOSPITAL_23, stay, "LAW-SIP3") == "missed"  # still owed


def test_a_sip_called_in_time_is_met_and_leaves_the_open_list(client, clock) -> None:
    stay = admit(client, 9302)
    ready(client, stay)
    called = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    call_sip(client, stay, called)
    clock.now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # long after the due time
    sip = by_rule(deadlines(client, f"/v1/stays/{stay}/deadlines"))["LAW-SIP3"]
    assert (sip["state"], sip["met_at"]) == ("met", iso(called))
    assert _listed(client, HOSPITAL_23, stay, "LAW-SIP3") is None


def test_a_sip_reported_on_the_readiness_notice_counts(client, clock) -> None:
    stay = admit(client, 9304)
    called = READY_SENT + timedelta(hours=2)
    ready(client, stay, sip_needed=True, sip_called_at=iso(called))
    clock.now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    sip = by_rule(deadlines(client, f"/v1/stays/{stay}/deadlines"))["LAW-SIP3"]
    assert (sip["state"], sip["met_at"]) == ("met", iso(called))


def test_a_readiness_cancellation_stops_the_sip_deadline(client, clock) -> None:
    stay = admit(client, 9303)
    ready(client, stay)
    cancel = {"cancelled_at": iso(READY_SENT + timedelta(hours=6)), "reason": "new fever"}
    response = client.post(f"/v1/stays/{stay}/readiness-cancellation", json=cancel)
    assert response.status_code == 202, response.text
    clock.now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert "LAW-SIP3" not in by_rule(deadlines(client, f"/v1/stays/{stay}/deadlines"))
    assert _listed(client, HOSPITAL_23, stay, "LAW-SIP3") is None


def _listed(client: TestClient, headers: dict[str, str], subject: str, rule: str) -> str | None:
    items = my_open(client, headers)["items"]
    states = [d["state"] for d in items if d["subject_id"] == subject and d["rule_id"] == rule]
    assert len(states) <= 1
    return states[0] if states else None


# --- LAW-INFO ----------------------------------------------------------------------------


def test_information_sent_after_the_discharge_day_is_accepted_and_marked_late(client, clock):
    discharged = datetime.now(UTC) - timedelta(days=2)
    stay = admit(client, 9305, admitted=discharged - timedelta(days=5))
    body = discharge_body(
        9305,
        stay_id=stay,
        admitted_at=iso(discharged - timedelta(days=5)),
        discharged_at=iso(discharged),
    )
    body["medication_list"]["established_on"] = (discharged - timedelta(days=1)).date().isoformat()
    response = client.post("/v1/discharges", json=body)
    assert response.status_code == 202, response.text
    case = deadlines(client, f"/v1/referrals/{response.json()['discharge_id']}/deadlines")
    information = by_rule(case)["LAW-INFO"]
    assert (information["state"], information["subject"]) == ("late", "referral")
    assert information["met_at"] > information["due_at"]


# --- a whole case: the referral's route, and who may read it --------------------------------


def test_a_referrals_case_shows_every_duty_to_the_sender_and_the_municipality(
    client, engine, clock
) -> None:
    stay, accepted = discharge_with_request(client, engine, 9310)
    path = f"/v1/referrals/{accepted['discharge_id']}/deadlines"
    case = deadlines(client, path)
    assert case["patient_ref"] == accepted["patient_ref"]
    rules = by_rule(case)
    assert set(rules) == {"LAW-ADM24", "LAW-SIP3", "LAW-INFO", "LAW-PAY", "CR-ACK"}
    payment = rules["LAW-PAY"]  # discharged (now) long after the free days: the clock ran
    assert (payment["owed_by"], payment["state"]) == ("municipality:2380", "late")
    assert rules["LAW-INFO"]["state"] == "met"  # the content came with the discharge
    due = datetime.fromisoformat(rules["LAW-INFO"]["due_at"]).astimezone(SWEDISH_TIME)
    assert (due.hour, due.minute) == (0, 0)  # midnight in Sweden ends the discharge day
    assert rules["CR-ACK"]["owed_by"] == "municipality:2380"
    assert by_rule(deadlines(client, path, NURSE_2380)) == rules
    assert by_rule(deadlines(client, f"/v1/stays/{stay}/deadlines", NURSE_2380)) == rules


@pytest.mark.parametrize(
    ("index", "headers", "status"),
    [(9320, NURSE_2326, 404), (9321, HOSPITAL_01, 404), (9322, FINANCE_23, 403)],
)
def test_other_organisations_cannot_read_a_cases_deadlines(
    client, engine, clock, index, headers, status
) -> None:
    stay, accepted = discharge_with_request(client, engine, index)
    paths = (f"/v1/referrals/{accepted['discharge_id']}/deadlines", f"/v1/stays/{stay}/deadlines")
    for path in paths:
        assert client.get(path, headers=headers).status_code == status
    refused = _audit(engine, accepted["patient_ref"], "refused")
    assert len(refused) == (2 if status == 404 else 0)  # a role refusal names no patient


def test_an_unknown_case_is_404(client, clock) -> None:
    assert client.get(f"/v1/referrals/{uuid.uuid4()}/deadlines").status_code == 404
    assert client.get("/v1/stays/VT-unknown/deadlines").status_code == 404


# --- my open deadlines ---------------------------------------------------------------------


def test_the_municipality_lists_what_it_owes_until_it_answers(client, engine, clock) -> None:
    _, accepted = discharge_with_request(
        client, engine, 9330, acute=True, acute_reason="infected wound, dressing today"
    )
    case = deadlines(client, f"/v1/referrals/{accepted['discharge_id']}/deadlines")
    request_id = by_rule(case)["CR-ACK"]["subject_id"]
    created = datetime.fromisoformat(by_rule(case)["CR-ACK"]["anchor_at"])
    clock.now = created + timedelta(hours=5)  # past the acute request's 4 hours

    owed = {
        d["rule_id"]: d
        for d in my_open(client, NURSE_2380)["items"]
        if d["subject_id"] == request_id
    }
    assert {r: d["state"] for r, d in owed.items()} == {"CR-ACUTE": "missed", "CR-ACK": "pending"}
    assert owed["CR-ACUTE"]["patient_ref"] == accepted["patient_ref"]
    assert not [d for d in my_open(client, HOSPITAL_23)["items"] if d["subject_id"] == request_id]
    assert not [d for d in my_open(client, NURSE_2326)["items"] if d["subject_id"] == request_id]

    for answer in ("acknowledge", "accept"):
        response = client.post(f"/v1/care-requests/{request_id}/{answer}", headers=NURSE_2380)
        assert response.status_code == 200, response.text
    assert not [d for d in my_open(client, NURSE_2380)["items"] if d["subject_id"] == request_id]
    answered = by_rule(deadlines(client, f"/v1/referrals/{accepted['discharge_id']}/deadlines"))
    assert answered["CR-ACK"]["state"] == "met"  # answered now, within 24 hours of creation
    assert answered["CR-ACUTE"]["state"] == "met"  # the answer's time is when it was given


def test_open_deadlines_come_soonest_first_paginated_and_audited(client, engine, clock):
    stays = [admit(client, 9340 + i) for i in range(3)]
    for stay in stays:
        ready(client, stay)
    clock.now = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
    everything = my_open(client, HEALTH_CENTRE_23)
    items = everything["items"]
    assert [d["due_at"] for d in items] == sorted(d["due_at"] for d in items)
    assert everything["total"] == len(items) >= 3
    assert {"LAW-SIP3"} <= {d["rule_id"] for d in items if d["subject_id"] in stays}
    assert all(d["owed_by"] == "region:23" and d["state"] in {"pending", "missed"} for d in items)
    first = my_open(client, HEALTH_CENTRE_23, limit=1, offset=0)
    second = my_open(client, HEALTH_CENTRE_23, limit=1, offset=1)
    assert (first["total"], first["limit"], first["offset"]) == (everything["total"], 1, 0)
    assert [first["items"][0], second["items"][0]] == items[:2]
    listed = second["items"][0]["patient_ref"]
    reads = [a for a in _audit(engine, listed, "allowed") if a.route == "GET /v1/deadlines"]
    assert any(a.role == "health-centre" and a.organisation == "region:23" for a in reads)


def _audit(engine: Engine, patient_ref: str, outcome: str) -> list[AuditEntry]:
    with Session(engine) as session:
        query = select(AuditEntry).where(
            AuditEntry.patient_ref == patient_ref, AuditEntry.outcome == outcome
        )
        return list(session.exec(query))
