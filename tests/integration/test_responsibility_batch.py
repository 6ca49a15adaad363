"""Issue 11: responsibility writes a consumer batch's decisions in one statement as it commits,
and an event that looks a decision up finds one an earlier event of the same batch made."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import responsibility
from handover_common.db import make_engine
from handover_common.inbox import apply_batch
from handover_common.migrate import migrations_of, upgrade
from handover_contracts import Envelope, wrap
from handover_contracts.codec import decode
from handover_contracts.lifecycle_events import PatientDischargeCorrected
from responsibility.adapters.orm import DecisionRow
from responsibility.domain import load_catalogue
from responsibility.service_layer.handlers import event_handlers
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bench.harness.events import discharged
from tests.support.statements import statements_sent

pytestmark = pytest.mark.integration
HANDLERS = event_handlers(load_catalogue())


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url, migrations_of(responsibility.__name__))
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def discharges(count: int) -> list[Envelope]:
    return [decode(discharged(index)[1]) for index in range(count)]


def corrected(discharge: Envelope) -> Envelope:
    """The same discharge again, corrected (a version 2 with a reason)."""
    payload = PatientDischargeCorrected.model_validate(
        {**discharge.payload, "version": 2, "reason": "wrong discharge unit"}
    )
    ref = payload.patient_ref
    return wrap(payload, producer="referral", partition_key=ref, correlation_id="correction")


def decisions(engine: Engine) -> list[DecisionRow]:
    with Session(engine) as session:
        return list(session.exec(select(DecisionRow).order_by(col(DecisionRow.created_at))))


def test_a_batch_of_discharges_is_decided_with_one_insert(engine: Engine) -> None:
    batch = discharges(5)
    with statements_sent(engine) as sent:
        assert apply_batch(engine, "responsibility", batch, HANDLERS) == ["applied"] * 5
    inserts = [s for s in sent if s.startswith("INSERT INTO decision")]
    assert len(inserts) == 1
    stored = decisions(engine)
    assert {row.source_event_id for row in stored} == {e.event_id for e in batch}
    assert all(row.rule_ids and row.explanation for row in stored)


def test_a_correction_in_the_same_batch_supersedes_the_decision_just_made(engine: Engine) -> None:
    (discharge,) = discharges(1)
    correction = corrected(discharge)
    outcomes = apply_batch(engine, "responsibility", [discharge, correction], HANDLERS)
    assert outcomes == ["applied", "applied"]
    first, second = sorted(decisions(engine), key=lambda row: row.reason != "discharge")
    assert first.source_event_id == discharge.event_id
    assert second.source_event_id == correction.event_id
    assert second.supersedes == first.id
    assert first.discharge_id == second.discharge_id == uuid.UUID(discharge.payload["discharge_id"])


def test_a_batch_that_fails_stores_no_decision(engine: Engine) -> None:
    """The decisions wait for the commit: a failure in the batch leaves none behind."""
    batch = discharges(2)
    broken = batch[1].model_copy(update={"payload": {**batch[1].payload, "age_years": "old"}})
    with pytest.raises(Exception):  # noqa: B017 - whatever the handler raised
        apply_batch(engine, "responsibility", [batch[0], broken], HANDLERS)
    assert decisions(engine) == []
