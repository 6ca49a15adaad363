"""Issue 11: responsibility writes a consumer batch's decisions in one statement as it commits,
and an event that looks a decision up finds one an earlier event of the same batch made."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
import responsibility
from handover_common.db import make_engine
from handover_common.inbox import apply_batch
from handover_common.migrate import migrations_of, upgrade
from handover_common.tables import InboxEntry, OutboxMessage
from handover_contracts import Envelope, wrap
from handover_contracts.codec import decode
from handover_contracts.lifecycle_events import PatientDischargeCorrected
from pydantic import ValidationError
from responsibility.adapters.orm import DecisionRow
from responsibility.domain import load_catalogue
from responsibility.domain.decision import fingerprint_of, fingerprint_of_canonical
from responsibility.service_layer.handlers import event_handlers
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from bench.harness.events import discharged
from tests.support.databases import count
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


def corrected(discharge: Envelope, version: int = 2) -> Envelope:
    """The same discharge again, corrected (a later version with a reason)."""
    payload = PatientDischargeCorrected.model_validate(
        {**discharge.payload, "version": version, "reason": "wrong discharge unit"}
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


def test_the_stored_explanation_is_the_text_the_fingerprint_hashes(engine: Engine) -> None:
    """Serialized once (issue 11): the row keeps the canonical text its fingerprint hashes, and
    it reads back as the decision's machine form."""
    (discharge,) = discharges(1)
    assert apply_batch(engine, "responsibility", [discharge], HANDLERS) == ["applied"]
    (row,) = decisions(engine)
    with engine.connect() as connection:
        query = text("SELECT CAST(explanation AS TEXT) FROM decision WHERE id = :id")
        stored = connection.execute(query, {"id": row.id.hex if sqlite(engine) else row.id})
        text_kept = str(stored.scalar_one())
    assert fingerprint_of_canonical(text_kept.encode()) == row.fingerprint
    assert json.loads(text_kept) == row.explanation
    assert fingerprint_of(row.explanation) == row.fingerprint


def sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def test_corrections_in_the_same_batch_supersede_the_decisions_just_made(engine: Engine) -> None:
    """A discharge and two corrections of it in one fetch: each correction finds the decision
    the event before it made (queued, not yet committed) and marks it superseded."""
    (discharge,) = discharges(1)
    first_fix, second_fix = corrected(discharge), corrected(discharge, version=3)
    batch = [discharge, first_fix, second_fix]
    assert apply_batch(engine, "responsibility", batch, HANDLERS) == ["applied"] * 3
    by_event = {row.source_event_id: row for row in decisions(engine)}
    original, first, second = (by_event[e.event_id] for e in batch)
    assert (first.supersedes, second.supersedes) == (original.id, first.id)
    assert (original.superseded_by, first.superseded_by) == (first.id, second.id)
    assert second.superseded_by is None
    assert {original.discharge_id, first.discharge_id, second.discharge_id} == {
        uuid.UUID(discharge.payload["discharge_id"])
    }


def test_a_batch_failing_in_a_handler_stores_nothing(engine: Engine) -> None:
    batch = discharges(2)
    broken = batch[1].model_copy(update={"payload": {**batch[1].payload, "age_years": "old"}})
    with pytest.raises(ValidationError):
        apply_batch(engine, "responsibility", [batch[0], broken], HANDLERS)
    assert stored(engine) == (0, 0, 0)


def test_a_batch_failing_as_its_decisions_are_written_stores_nothing(engine: Engine) -> None:
    """The decisions wait for the commit: when their statement fails there (here a decision
    already stored under one event's key), the batch's inbox and outbox rows go with it."""
    batch = discharges(3)
    apply_batch(engine, "responsibility", batch[2:], HANDLERS)
    with Session(engine) as session:
        session.execute(
            update(DecisionRow)
            .where(col(DecisionRow.source_event_id) == batch[2].event_id)
            .values(dedupe_key=f"discharge:{batch[1].event_id}")
        )
        session.commit()
    before = stored(engine)
    with pytest.raises(IntegrityError):
        apply_batch(engine, "responsibility", batch[:2], HANDLERS)
    assert stored(engine) == before == (1, 1, 1)


def stored(engine: Engine) -> tuple[int, int, int]:
    """Decisions, inbox rows and outbox rows."""
    return count(engine, DecisionRow), count(engine, InboxEntry), count(engine, OutboxMessage)
