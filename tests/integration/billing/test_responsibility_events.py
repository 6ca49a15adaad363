"""Billing learns who bears the cost from decisions, and from dispute resolutions afterwards
(GEN-DISPUTE)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from billing.adapters.connection_tables import DecisionRow
from handover_common.inbox import PermanentFailure, apply_batch, apply_once
from handover_common.tables import AuditEntry
from handover_contracts import wrap
from handover_contracts.billing_events import WorkReported
from handover_contracts.events import (
    ComponentResponsibility,
    PartyRef,
    ResponsibilityDecided,
    ResponsibilityMoved,
)
from sqlmodel import Session, col, select

from tests.integration.billing.conftest import (
    OSTERSUND,
    OSTERSUND_NURSE,
    REGION,
    audit_rows,
    rental,
)
from tests.support.databases import count
from tests.support.identity import OPERATIONS, as_caller
from tests.support.people import patient_ref, synthetic_personnummer
from tests.support.statements import statements_sent

MUNI = PartyRef.model_validate({"kind": "municipality", "code": "2380"})
HC = PartyRef.model_validate({"kind": "region", "code": "23", "unit": "health_centre"})


def paid_by_2380(component: str) -> ComponentResponsibility:
    """A component municipality 2380 answers for, performs and pays for (JH-OB)."""
    return ComponentResponsibility.model_validate(
        {
            "component": component,
            "status": "decided",
            "responsible": MUNI,
            "performer": MUNI,
            "cost_bearer": MUNI,
            "rule_ids": ["JH-OB"],
        }
    )


def decided(
    ref: str,
    *components: ComponentResponsibility,
    on: date = date(2026, 11, 20),
    decision_id: uuid.UUID | None = None,
) -> ResponsibilityDecided:
    return ResponsibilityDecided(
        decision_id=decision_id or uuid.uuid4(),
        discharge_id=uuid.uuid4(),
        patient_ref=ref,
        source_event_id=uuid.uuid4(),
        agreement_id="JH-2026",
        agreement_version="1",
        decided_on=on,
        municipality_code="2380",
        components=list(components),
        rule_ids=["JH-OB"],
    )


def deliver(client, payload, ref: str) -> None:
    envelope = wrap(payload, producer="responsibility", partition_key=ref, correlation_id="c")
    runtime = client.app.state.runtime
    assert apply_once(runtime.engine, "billing", envelope, runtime.handlers) == "applied"


def test_a_resolution_moves_the_cost_bearer_from_its_date(client) -> None:
    ref, decision_id = patient_ref(), uuid.uuid4()
    nursing = paid_by_2380("nursing")
    unknown = ComponentResponsibility.model_validate(
        {
            "component": "aids",
            "status": "unknown",
            "rule_ids": ["JH-MTP"],
            "missing_facts": ["housing_form"],
        }
    )
    deliver(
        client,
        decided(ref, nursing, unknown, decision_id=decision_id),
        ref,
    )
    assert [
        r["component"]
        for r in client.get(f"/v1/responsibilities/{ref}", headers=OSTERSUND).json()["items"]
    ] == ["nursing"]
    deliver(
        client,
        ResponsibilityMoved(
            dispute_id=uuid.uuid4(),
            decision_id=decision_id,
            patient_ref=ref,
            component="nursing",
            moved_from=MUNI,
            moved_to=HC,
            effective_from=date(2026, 11, 24),
        ),
        ref,
    )
    region_rows = client.get(f"/v1/responsibilities/{ref}", headers=REGION).json()["items"]
    assert [(r["component"], r["valid_from"]) for r in region_rows] == [("nursing", "2026-11-24")]
    assert region_rows[0]["settles_dispute"] is not None


def test_sight_work_for_a_municipal_patient_is_refused_by_jh_sight(client) -> None:
    ref = patient_ref()
    rehab = paid_by_2380("rehabilitation")
    deliver(
        client,
        decided(ref, rehab, on=date(2026, 3, 1)),
        ref,
    )
    report = rental(
        f"sight-{uuid.uuid4().hex[:6]}", kind="sight", task_type="reading-tv", patient_ref=ref
    )
    refused = client.post("/v1/work-reports", json=report, headers=OSTERSUND_NURSE)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "responsible_code"
    assert refused.json()["errors"][0]["rule"] == "JH-SIGHT"
    unknown_patient = {**report, "patient_ref": patient_ref()}
    assert (
        client.post("/v1/work-reports", json=unknown_patient, headers=OSTERSUND_NURSE).status_code
        == 201
    )


def decide_nursing(client, ref: str) -> None:
    """A decision that municipality 2380 answers and pays for the patient's nursing."""
    nursing = paid_by_2380("nursing")
    decision = decided(ref, nursing)
    deliver(client, decision, ref)


ROUTE = "GET /v1/responsibilities/{patient_ref}"


def test_only_finance_of_the_cost_bearer_reads_the_rows_and_every_look_up_is_audited(
    client, engine
) -> None:
    ref = patient_ref()
    decide_nursing(client, ref)
    path = f"/v1/responsibilities/{ref}"
    (row,) = client.get(path, headers=OSTERSUND).json()["items"]
    assert (row["cost_bearer_kind"], row["cost_bearer_code"]) == ("municipality", "2380")
    assert client.get(path, headers=REGION).json()["items"] == []  # answered as if there were none
    for operator in (OPERATIONS, as_caller("operator:2380", "operations")):  # the code is no key
        refused = client.get(path, headers=operator)
        assert (refused.status_code, refused.json()["errors"][0]["rule"]) == (403, "ACCESS-ROLE")
    assert audit_rows(engine, ref) == [
        ("municipality:2380", ROUTE, "allowed"),
        ("region:23", ROUTE, "refused"),
    ]
    with Session(engine) as session:
        by_operators = session.exec(
            select(AuditEntry.outcome).where(col(AuditEntry.organisation).startswith("operator:"))
        ).all()
    assert by_operators == ["refused", "refused"]


def test_a_personnummer_is_no_patient_reference(client, engine) -> None:
    before = count(engine, AuditEntry)
    response = client.get(f"/v1/responsibilities/{synthetic_personnummer(7)}", headers=OSTERSUND)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["rule"]) == ("patient_ref", "PATIENT-REF")
    assert count(engine, AuditEntry) == before


def test_a_decision_earlier_in_the_same_batch_refuses_sight_work_by_jh_sight(client) -> None:
    """A batch inserts its responsibility rows as it commits (issue 11): a work report later in
    the same fetch is still checked against the decision before it, as one at a time would."""
    runtime = client.app.state.runtime
    ref = patient_ref()
    decision = decided(ref, paid_by_2380("rehabilitation"), on=date(2026, 3, 1))
    report = WorkReported.model_validate(
        rental(
            f"sight-{uuid.uuid4().hex[:6]}", kind="sight", task_type="reading-tv", patient_ref=ref
        )
    )
    batch = [
        wrap(decision, producer="responsibility", partition_key=ref, correlation_id="c"),
        wrap(report, producer="municipality", partition_key=ref, correlation_id="c"),
    ]
    with pytest.raises(PermanentFailure, match=r"municipality 2380 responsible .* not 23"):
        apply_batch(runtime.engine, "billing", batch, runtime.handlers)
    with Session(runtime.engine) as session:
        kept = session.exec(select(DecisionRow).where(DecisionRow.patient_ref == ref)).all()
    assert kept == [], "the batch stored nothing; one at a time dead-letters the report"


def test_a_batch_of_decisions_reads_its_decision_rows_once(client) -> None:
    """Issue 11: billing keeps every decision (JH-TB); a fetch of decisions looks them up in
    one query and writes them in one, and a decision sent again in the same fetch still
    replaces its row, not twice."""
    runtime = client.app.state.runtime
    nursing = paid_by_2380("nursing")
    decisions = [decided(patient_ref(), nursing) for _ in range(4)]
    batch = [
        wrap(d, producer="responsibility", partition_key=d.patient_ref, correlation_id="c")
        for d in (*decisions, decisions[0])  # the first again, as a new event
    ]
    with statements_sent(runtime.engine) as statements:
        outcomes = apply_batch(runtime.engine, "billing", batch, runtime.handlers)
    assert outcomes == ["applied"] * 5
    reads = [s for s in statements if s.upper().startswith("SELECT")]
    assert len([s for s in reads if "FROM responsibility_decision" in s]) == 1
    # the decision rows flush once, as the batch commits — not before each event's
    # responsibility rows are written (an autoflush per event)
    writes = [s for s in statements if s.upper().startswith("INSERT")]
    assert len([s for s in writes if "INTO responsibility_decision" in s]) == 1
    assert len([s for s in writes if "INTO responsibility " in f"{s} "]) == 1, "one per batch"
    ids = [d.decision_id for d in decisions]
    with Session(runtime.engine) as session:
        kept = session.exec(select(DecisionRow).where(col(DecisionRow.decision_id).in_(ids)))
        assert sorted(r.decision_id for r in kept) == sorted(ids)
