"""Issue 11: referral stores the messages of concurrent requests as one group, in one
transaction, each exactly as it would be alone: a message refused inside a group rolls the
group back and each is stored alone, so it takes none of its neighbours with it; each event
keeps the correlation id of the request that sent it."""

from __future__ import annotations

import asyncio
import contextvars
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from handover_common.access import Access, Caller, Organisation, OrgKind, Role
from handover_common.context import correlation_id
from handover_common.db import make_engine
from handover_common.tables import OutboxMessage
from handover_contracts import decode
from referral.adapters.orm import DischargeRow
from referral.entrypoints.intake.routes import checked_discharge
from referral.entrypoints.intake.schemas import DischargeIn
from referral.entrypoints.intake.writer import IntakeWriter
from referral.service_layer.intake.group_commit import Pending, store_together
from referral.service_layer.intake.registration import MessageIdReused, Referral
from sqlalchemy import Engine, event
from sqlmodel import Session, col, select

from tests.support.people import discharge_body
from tests.support.statements import statements_sent

pytestmark = pytest.mark.integration
HOSPITAL = Caller(Organisation(OrgKind.REGION, "23"), "SE2321000016-1000", Role.HOSPITAL_UNIT)


@pytest.fixture
def engine(referral_client: TestClient, module_database_url: str) -> Iterator[Engine]:
    """An engine of its own on referral's database: the running service's relay, consumer
    and watch commit on theirs meanwhile."""
    own = make_engine(module_database_url)
    yield own
    own.dispose()


@pytest.fixture
def commits(engine: Engine) -> Iterator[list[str]]:
    """Each transaction this test's engine commits or rolls back, in order."""
    seen: list[str] = []

    def committed(_connection: object) -> None:
        seen.append("commit")

    def rolled_back(_connection: object) -> None:
        seen.append("rollback")

    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    yield seen
    event.remove(engine, "commit", committed)
    event.remove(engine, "rollback", rolled_back)


def ready(client: TestClient, index: int, **overrides: object) -> Referral:
    body = DischargeIn.model_validate(discharge_body(index, **overrides))
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    access = Access(HOSPITAL, "POST /v1/discharges", "/v1/discharges", runtime.engine)
    return checked_discharge(body, runtime.settings, access)


def sent_by(referral: Referral, correlation: str) -> Pending:
    """As a request would hand it over: with its own context."""
    context = contextvars.copy_context()
    context.run(correlation_id.set, correlation)
    return Pending(referral, context)


def stored_ids(engine: Engine, referrals: list[Referral]) -> set[uuid.UUID]:
    ids = [r.row.id for r in referrals]
    with Session(engine) as session:
        return set(session.exec(select(DischargeRow.id).where(col(DischargeRow.id).in_(ids))))


def test_a_group_is_one_transaction_and_each_event_keeps_its_request(
    referral_client, engine, commits
) -> None:
    referrals = [ready(referral_client, 700 + i, message_id=str(uuid.uuid4())) for i in range(4)]
    pending = [sent_by(r, f"corr-group-{i}") for i, r in enumerate(referrals)]
    commits.clear()
    outcomes = store_together(engine, "referral", pending)
    assert [o.id for o in outcomes if not isinstance(o, Exception)] == [r.row.id for r in referrals]
    assert commits == ["commit"]
    assert stored_ids(engine, referrals) == {r.row.id for r in referrals}
    with Session(engine) as session:
        refs = [r.row.patient_ref for r in referrals]
        rows = session.exec(select(OutboxMessage).where(col(OutboxMessage.partition_key).in_(refs)))
        correlation = {
            decode(row.body).partition_key: decode(row.body).correlation_id for row in rows
        }
    assert correlation == {r.row.patient_ref: f"corr-group-{i}" for i, r in enumerate(referrals)}


def test_a_refused_message_takes_none_of_its_group_with_it(
    referral_client, engine, commits
) -> None:
    first = ready(referral_client, 710, message_id=str(uuid.uuid4()))
    reused = ready(referral_client, 711, message_id=str(first.cmd.message_id))  # other content
    last = ready(referral_client, 712, message_id=str(uuid.uuid4()))
    refs = [r.row.patient_ref for r in (first, reused, last)]
    outbox_before = events_of(engine, refs)
    commits.clear()
    outcomes = store_together(engine, "referral", [sent_by(r, "c") for r in (first, reused, last)])
    assert not isinstance(outcomes[0], Exception) and outcomes[0].id == first.row.id
    assert isinstance(outcomes[1], MessageIdReused)
    assert not isinstance(outcomes[2], Exception) and outcomes[2].id == last.row.id
    assert commits == ["rollback", "commit", "rollback", "commit"]  # the group, then each alone
    assert stored_ids(engine, [first, reused, last]) == {first.row.id, last.row.id}
    assert events_of(engine, refs) == outbox_before + 2


def events_of(engine: Engine, patient_refs: list[str]) -> int:
    """Outbox rows of these patients (the module's referral writes others meanwhile)."""
    with Session(engine) as session:
        query = select(OutboxMessage.id).where(col(OutboxMessage.partition_key).in_(patient_refs))
        return len(session.exec(query).all())


def test_a_message_sent_twice_in_one_group_is_stored_once(referral_client, engine) -> None:
    message_id = str(uuid.uuid4())
    once = ready(referral_client, 720, message_id=message_id)
    again = ready(referral_client, 720, message_id=message_id)  # the same content, a resend
    outcomes = store_together(engine, "referral", [sent_by(r, "c") for r in (once, again)])
    assert not isinstance(outcomes[1], Exception) and outcomes[1].id == once.row.id
    assert stored_ids(engine, [once, again]) == {once.row.id}


def test_concurrent_requests_are_written_as_one_group(referral_client, engine, commits) -> None:
    runtime = SimpleNamespace(engine=engine, name="referral")
    writer = IntakeWriter(runtime, max_group=64)  # type: ignore[arg-type]
    referrals = [ready(referral_client, 730 + i, message_id=str(uuid.uuid4())) for i in range(6)]

    async def send_all() -> list[DischargeRow]:
        return await asyncio.gather(*(writer.store(r) for r in referrals))

    commits.clear()
    rows = asyncio.run(send_all())
    assert [row.id for row in rows] == [r.row.id for r in referrals]
    assert commits == ["commit"]


def test_a_group_reads_ahead_and_writes_its_rows_together(referral_client, engine) -> None:
    """A group's earlier messages and named stays are read in one query each, its patients,
    versions and discharges written in one statement each as it commits — and a message sent
    before, and a repeat inside the group, still answer as the first did."""
    before = ready(referral_client, 740, message_id=str(uuid.uuid4()))
    [first] = store_together(engine, "referral", [sent_by(before, "corr-before")])
    assert not isinstance(first, Exception)
    fresh = [
        ready(referral_client, 741 + i, message_id=str(uuid.uuid4()), stay_id=f"RA-{i}")
        for i in range(3)
    ]
    group = [*fresh, before, fresh[1]]  # sent before, and a repeat within the group
    with statements_sent(engine) as statements:
        outcomes = store_together(engine, "referral", [sent_by(r, "corr-ra") for r in group])
    ids = [o.id for o in outcomes if not isinstance(o, Exception)]
    assert ids == [fresh[0].row.id, fresh[1].row.id, fresh[2].row.id, first.id, fresh[1].row.id]
    reads = [s for s in statements if s.upper().startswith("SELECT")]
    assert len([s for s in reads if "FROM discharge " in s]) == 1
    assert len([s for s in reads if "FROM stay " in s]) == 1
    for table in ("patient", "message_version", "discharge"):
        assert len([s for s in statements if s.startswith(f"INSERT INTO {table} ")]) == 1, table
    assert stored_ids(engine, fresh) == {r.row.id for r in fresh}
