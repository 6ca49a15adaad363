"""Responsibility: assessments, decisions from events, re-evaluation, overrides, disputes —
on SQLite and PostgreSQL, with the real broker running."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_common.tables import AuditEntry, OutboxMessage
from handover_contracts import wrap
from handover_contracts.events import PatientDischarged
from responsibility.adapters.orm import DecisionRow, DisputeRow
from responsibility.service_layer.reevaluation import reevaluate_due
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.support.identity import NURSE_2326, as_caller
from tests.support.outbox import published
from tests.support.people import MUNICIPAL_NURSING_CARE, patient_ref

pytestmark = pytest.mark.integration
OSTERSUND = as_caller("municipality:2380", "municipal-nurse")
OSTERSUND_MANAGER = as_caller("municipality:2380", "agreement-admin")
OREBRO_CARE = {
    "housing_form": "ordinary",
    "needs": {"components": ["nursing", "physician"]},
    "coordination_need": True,
    "identified_risk": True,
    "palliative_team_connected": False,
}


@pytest.fixture
def client(responsibility_client: TestClient) -> TestClient:
    return responsibility_client


@pytest.fixture
def engine(client: TestClient) -> Engine:
    return client.app.state.runtime.engine  # type: ignore[attr-defined, no-any-return]


def assessment(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "decision_date": "2026-11-20",
        "region_code": "23",
        "registered_municipality_code": "2380",
        "age_years": 84,
        "care": dict(MUNICIPAL_NURSING_CARE),
    }
    body.update(overrides)
    return body


def component(decision: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in decision["components"] if c["component"] == name)


def test_an_assessment_explains_who_is_responsible_and_why(client) -> None:
    response = client.post("/v1/assessments", json=assessment())
    assert response.status_code == 200
    decision = response.json()
    assert decision["agreement"]["id"] == "JH-2026"
    nursing = component(decision, "nursing")
    assert nursing["responsible"]["kind"] == "municipality"
    assert nursing["responsible"]["code"] == "2380"
    assert nursing["rule_ids"][-1] == "JH-OB"
    assert component(decision, "physician")["rule_ids"] == ["GEN-DOC"]
    cfs = next(c for c in decision["criteria"] if c["rule_id"] == "JH-OB-3")
    assert cfs["outcome"] == "met"


def test_missing_facts_make_a_component_unknown_not_guessed(client) -> None:
    care = dict(MUNICIPAL_NURSING_CARE)
    del care["cfs"]
    nursing = component(
        client.post("/v1/assessments", json=assessment(care=care)).json(), "nursing"
    )
    assert nursing["status"] == "unknown"
    assert nursing["responsible"] is None
    assert "cfs" in nursing["missing_facts"]


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        ({"care": {**MUNICIPAL_NURSING_CARE, "cfs": 10}}, "care.cfs", "JH-OB-3"),
        ({"care": {**MUNICIPAL_NURSING_CARE, "cfs": 5.5}}, "care.cfs", "int_type"),
        ({"region_code": "X"}, "region_code", "GEN-RES"),
        ({"admission_date": "2026-11-21", "discharge_date": "2026-11-20"}, "body", "OR-SPEC7"),
        (
            {
                "region_code": "13",
                "registered_municipality_code": "1380",
                "decision_date": "2012-01-01",
            },
            "decision_date",
            "AG-RENEW",
        ),
    ],
)
def test_bad_input_names_the_field_and_the_rule(client, change, field, rule) -> None:
    response = client.post("/v1/assessments", json=assessment(**change))
    assert response.status_code == 422, response.text
    assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["rule"]) == (
        field,
        rule,
    )


def test_agreements_and_rules_are_listed(client) -> None:
    agreements = {a["id"]: a for a in client.get("/v1/agreements").json()["items"]}
    assert {"JH-2026", "GB-2018", "HL-2019", "HL-2021", "OR"} <= set(agreements)
    assert len(agreements["JH-2026"]["municipalities"]) == 8
    rule_ids = {r["id"] for r in client.get("/v1/rules").json()["items"]}
    assert {"GEN-RES", "JH-OB-3", "JH-PAL-2", "OR-SPEC7", "HL-THRESH"} <= rule_ids


def discharged(region: str, municipality: str, care: dict[str, Any]) -> PatientDischarged:
    return PatientDischarged.model_validate(
        {
            "discharge_id": uuid.uuid4(),
            "patient_ref": patient_ref(),
            "region_code": region,
            "registered_municipality_code": municipality,
            "age_years": 80,
            "hospital_unit": "avd 5",
            "admitted_at": datetime(2026, 11, 10, 9, tzinfo=UTC),
            "discharged_at": datetime(2026, 11, 20, 9, tzinfo=UTC),
            "care": care,
        }
    )


def decide_via_event(client, engine, event: PatientDischarged) -> DecisionRow:
    envelope = wrap(event, producer="referral", partition_key=event.patient_ref, correlation_id="c")
    handlers = client.app.state.runtime.handlers
    assert apply_once(engine, "responsibility", envelope, handlers) == "applied"
    assert apply_once(engine, "responsibility", envelope, handlers) == "duplicate"
    with Session(engine) as session:
        return session.exec(
            select(DecisionRow).where(DecisionRow.patient_ref == event.patient_ref)
        ).one()


def test_a_discharge_event_is_decided_once_stored_and_published(client, engine) -> None:
    event = discharged("23", "2380", MUNICIPAL_NURSING_CARE)
    row = decide_via_event(client, engine, event)
    [payload] = published(engine, event.patient_ref, "responsibility.decided")
    assert payload["decision_id"] == str(row.id)
    assert payload["agreement_id"] == "JH-2026"
    nursing = next(c for c in payload["components"] if c["component"] == "nursing")
    assert nursing["responsible"] == {"kind": "municipality", "code": "2380", "unit": None}
    shown = client.get(f"/v1/decisions/{row.id}", headers=OSTERSUND).json()
    assert shown["explanation"]["agreement"]["id"] == "JH-2026"
    assert "source" not in shown
    other = client.get(f"/v1/decisions/{row.id}", headers=NURSE_2326)
    assert other.status_code == 404


def test_or_spec7_moves_nursing_to_the_municipality_on_day_8(client, engine) -> None:
    event = discharged("18", "1880", OREBRO_CARE)
    first = decide_via_event(client, engine, event)
    assert first.reevaluate_on == date(2026, 11, 28)
    nursing = next(c for c in first.components if c["component"] == "nursing")
    assert nursing["responsible"]["unit"] == "specialised_care"
    catalogue = client.app.state.catalogue
    assert reevaluate_due(engine, catalogue, date(2026, 11, 27)) == 0
    assert reevaluate_due(engine, catalogue, date(2026, 11, 28)) >= 1
    assert reevaluate_due(engine, catalogue, date(2026, 11, 28)) == 0
    decisions = published(engine, event.patient_ref, "responsibility.decided")
    assert [d["reason"] for d in decisions] == ["discharge", "re-evaluation"]
    assert decisions[1]["supersedes"] == str(first.id)
    moved = next(c for c in decisions[1]["components"] if c["component"] == "nursing")
    assert moved["responsible"] == {"kind": "municipality", "code": "1880", "unit": None}
    assert "OR-SPEC7" not in moved["rule_ids"]


def test_an_override_is_recorded_and_counted(client, engine) -> None:
    care = {
        **MUNICIPAL_NURSING_CARE,
        "cfs": 3,
        "overrides": [
            {
                "decided_by": "Distriktssköterska A. Berg",
                "reason": "lives alone, recent falls",
                "components": ["nursing"],
                "principal": "municipality",
            }
        ],
    }
    before = client.get("/v1/overrides", headers=OSTERSUND).json()["count"]
    row = decide_via_event(client, engine, discharged("23", "2380", care))
    assert row.override_count == 1
    after = client.get("/v1/overrides", headers=OSTERSUND).json()
    assert after["count"] == before + 1
    assert str(row.id) in {d["decision_id"] for d in after["decisions"]}


def test_a_dispute_runs_without_changing_care_and_a_move_is_published(client, engine) -> None:
    event = discharged("23", "2380", MUNICIPAL_NURSING_CARE)
    row = decide_via_event(client, engine, event)
    opened = client.post(
        f"/v1/decisions/{row.id}/disputes",
        headers=OSTERSUND,
        json={
            "components": ["nursing"],
            "opened_by": "MAS Östersund",
            "reason": "the patient can reach the health centre",
            "opened_on": "2026-11-21",
        },
    )
    assert opened.status_code == 201, opened.text
    dispute = opened.json()["id"]
    [told] = published(engine, event.patient_ref, "dispute.opened")
    assert told == {
        "dispute_id": dispute,
        "decision_id": str(row.id),
        "patient_ref": event.patient_ref,
        "region_code": "23",
        "municipality_code": "2380",
        "components": ["nursing"],
        "level": "individual",
        "arena": "responsible_managers",
        "opened_by": "municipality:2380",  # the organisation, not the person
        "opened_on": "2026-11-21",
        "rule_id": "GEN-DISPUTE",
    }
    resolution = {
        "resolved_by": "managers",
        "resolved_on": "2026-11-24",
        "note": "agreed",
        "responsible": [
            {
                "component": "nursing",
                "party": {"kind": "region", "code": "23", "unit": "health_centre"},
            }
        ],
    }
    too_early = client.post(
        f"/v1/disputes/{dispute}/resolution", json=resolution, headers=OSTERSUND_MANAGER
    )
    assert too_early.status_code == 409
    assert too_early.json()["errors"][0]["rule"] == "GEN-DISPUTE"
    client.post(
        f"/v1/disputes/{dispute}/positions",
        headers=OSTERSUND,
        json={"party": "municipality:2380", "statement": "walks to the bus"},
    )
    resolved = client.post(
        f"/v1/disputes/{dispute}/resolution", json=resolution, headers=OSTERSUND_MANAGER
    )
    assert resolved.json()["state"] == "resolved"
    [moved] = published(engine, event.patient_ref, "responsibility.moved")
    assert moved["moved_to"] == {"kind": "region", "code": "23", "unit": "health_centre"}
    assert moved["rule_id"] == "GEN-DISPUTE"
    assert len(published(engine, event.patient_ref, "responsibility.decided")) == 1
    [settled] = published(engine, event.patient_ref, "dispute.resolved")
    assert {k: settled[k] for k in ("dispute_id", "opened_on", "resolved_on", "arena")} == {
        "dispute_id": dispute,
        "opened_on": "2026-11-21",
        "resolved_on": "2026-11-24",
        "arena": "responsible_managers",
    }
    assert settled["moved"] == [
        {
            "component": "nursing",
            "moved_from": {"kind": "municipality", "code": "2380", "unit": None},
            "moved_to": {"kind": "region", "code": "23", "unit": "health_centre"},
        }
    ]
    assert_no_free_text(engine, dispute)


def assert_no_free_text(engine: Engine, dispute_id: str) -> None:
    """The dispute events carry no reason, statement, note or person: they may name people."""
    with Session(engine) as session:
        row = session.get(DisputeRow, uuid.UUID(dispute_id))
        assert row is not None and row.resolution is not None
        bodies = session.exec(
            select(OutboxMessage.body).where(
                OutboxMessage.partition_key == row.patient_ref,
                col(OutboxMessage.event_type).startswith("dispute."),
            )
        ).all()
    people = [signed.split(" ", 1)[1] for signed in (row.opened_by, row.resolution["resolved_by"])]
    texts = [row.reason, row.resolution["note"], *(p["statement"] for p in row.positions), *people]
    assert len(bodies) == 2 and len(texts) >= 5
    assert not [t for t in texts for body in bodies if t.encode() in body]


def test_a_resolution_that_moves_nothing_is_published_too(client, engine) -> None:
    event = discharged("23", "2380", MUNICIPAL_NURSING_CARE)
    row = decide_via_event(client, engine, event)
    opened = client.post(
        f"/v1/decisions/{row.id}/disputes",
        headers=OSTERSUND,
        json={
            "components": ["nursing"],
            "reason": "frequent falls, unsure who should visit",
            "opened_on": "2026-11-21",
            "level": "organisational",
        },
    )
    assert opened.status_code == 201, opened.text
    dispute = opened.json()["id"]
    [told] = published(engine, event.patient_ref, "dispute.opened")
    assert (told["dispute_id"], told["level"]) == (dispute, "organisational")
    escalated = client.post(f"/v1/disputes/{dispute}/escalate", headers=OSTERSUND_MANAGER)
    assert escalated.status_code == 200, escalated.text
    client.post(
        f"/v1/disputes/{dispute}/positions",
        headers=OSTERSUND,
        json={"party": "municipality:2380", "statement": "we keep the visits"},
    )
    resolution = {"resolved_on": "2026-11-25", "note": "the decision stands"}
    resolved = client.post(
        f"/v1/disputes/{dispute}/resolution", json=resolution, headers=OSTERSUND_MANAGER
    )
    assert resolved.json()["state"] == "resolved", resolved.text
    assert published(engine, event.patient_ref, "responsibility.moved") == []
    [settled] = published(engine, event.patient_ref, "dispute.resolved")
    assert settled == {
        "dispute_id": dispute,
        "decision_id": str(row.id),
        "patient_ref": event.patient_ref,
        "region_code": "23",
        "municipality_code": "2380",
        "components": ["nursing"],
        "level": "organisational",
        "arena": "local_arena",
        "opened_on": "2026-11-21",
        "resolved_on": "2026-11-25",
        "moved": [],
        "rule_id": "GEN-DISPUTE",
    }
    assert_no_free_text(engine, dispute)


def test_facts_the_rules_cannot_use_are_told_back_not_guessed(client, engine) -> None:
    event = discharged("23", "2399", MUNICIPAL_NURSING_CARE)  # not a JH-2026 municipality
    envelope = wrap(event, producer="referral", partition_key=event.patient_ref, correlation_id="c")
    handlers = client.app.state.runtime.handlers
    assert apply_once(engine, "responsibility", envelope, handlers) == "applied"
    [told] = published(engine, event.patient_ref, "responsibility.undecidable")
    assert told["discharge_id"] == str(event.discharge_id)
    assert (told["field"], told["rule"]) == ("registered_municipality", "GEN-RES")
    assert published(engine, event.patient_ref, "responsibility.decided") == []


def test_a_dispute_on_a_decision_the_caller_cannot_see_stores_nothing(client, engine) -> None:
    """Issue 7: Berg (2326) disputing Östersund's decision got 404 but the dispute was stored."""
    row = decide_via_event(client, engine, discharged("23", "2380", MUNICIPAL_NURSING_CARE))
    body = {
        "components": ["nursing"],
        "opened_by": "MAS Berg",
        "reason": "not ours",
        "opened_on": "2026-11-21",
    }
    with Session(engine) as session:
        before = len(session.exec(select(DisputeRow)).all())
    response = client.post(f"/v1/decisions/{row.id}/disputes", json=body, headers=NURSE_2326)
    assert response.status_code == 404
    with Session(engine) as session:
        assert len(session.exec(select(DisputeRow)).all()) == before
        refused = session.exec(
            select(AuditEntry).where(AuditEntry.patient_ref == row.patient_ref)
        ).all()
    assert published(engine, row.patient_ref, "dispute.opened") == []
    assert [(a.organisation, a.outcome) for a in refused] == [("municipality:2326", "refused")]


def test_a_party_states_only_its_own_position(client, engine) -> None:
    row = decide_via_event(client, engine, discharged("23", "2380", MUNICIPAL_NURSING_CARE))
    opened = client.post(
        f"/v1/decisions/{row.id}/disputes",
        headers=OSTERSUND,
        json={
            "components": ["nursing"],
            "opened_by": "MAS",
            "reason": "r",
            "opened_on": "2026-11-21",
        },
    ).json()
    speaking_for_the_region = client.post(
        f"/v1/disputes/{opened['id']}/positions",
        headers=OSTERSUND,
        json={"party": "region:23", "statement": "the region agrees"},
    )
    assert speaking_for_the_region.status_code == 403
    assert speaking_for_the_region.json()["errors"][0]["field"] == "party"
    assert client.get(f"/v1/disputes/{opened['id']}", headers=OSTERSUND).json()["positions"] == []


def test_list_reads_are_audited_per_patient_with_the_person(client, engine) -> None:
    row = decide_via_event(client, engine, discharged("23", "2380", MUNICIPAL_NURSING_CARE))
    nurse = as_caller("municipality:2380", "municipal-nurse", person="SE2120002411-P000000000042")
    client.post(
        f"/v1/decisions/{row.id}/disputes",
        headers=nurse,
        json={
            "components": ["nursing"],
            "opened_by": "MAS",
            "reason": "r",
            "opened_on": "2026-11-21",
        },
    )
    assert client.get("/v1/disputes", headers=nurse).status_code == 200
    with Session(engine) as session:
        entries = session.exec(
            select(AuditEntry).where(AuditEntry.patient_ref == row.patient_ref)
        ).all()
    [listed] = [e for e in entries if e.route == "GET /v1/disputes"]
    assert listed.actor == "SE2120002411-P000000000042"
    assert (listed.role, listed.organisation, listed.outcome) == (
        "municipal-nurse",
        "municipality:2380",
        "allowed",
    )


def test_who_opens_a_dispute_comes_from_the_token_not_the_body(client, engine) -> None:
    row = decide_via_event(client, engine, discharged("23", "2380", MUNICIPAL_NURSING_CARE))
    body = {
        "components": ["nursing"],
        "opened_by": "region:23",
        "reason": "r",
        "opened_on": "2026-11-21",
    }
    opened = client.post(f"/v1/decisions/{row.id}/disputes", json=body, headers=OSTERSUND)
    assert opened.status_code == 201
    assert opened.json()["opened_by"].startswith("municipality:2380 SE")
