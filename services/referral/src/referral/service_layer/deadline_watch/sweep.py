"""One sweep of the deadline watch: every case that can still change (`cases.py`) is judged at
``now`` in a transaction of its own; each deadline's missed, then its one final outcome (met,
late or not, or stopped) goes to the outbox with a claim row in deadline_publication, in the
same transaction. The claim is a conditional insert on (deadline, phase): a repeated sweep, a
sweep re-run after a crash or a second replica's sweep publishes nothing twice.

A deadline published as missed that the case no longer has (the stay or referral entered in
error, a corrected anchor) is ended as stopped, from what was published about it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.deadline_events import DeadlineMet, DeadlineMissed, DeadlineStopped
from handover_contracts.events import Payload
from sqlalchemy import Engine, Table, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from referral.adapters.deadline_tables import DeadlinePublicationRow
from referral.domain.deadlines import Deadline, RuleBook, State, deadlines_of
from referral.domain.deadlines.changes import Outcome, Phase, change_of, deadline_key, phase_of
from referral.service_layer.deadline_watch.cases import STAY, CaseRef, changeable_cases
from referral.service_layer.deadlines import (
    Case,
    Cases,
    case_of_referral,
    case_of_stay,
    cases_of,
    load_rule_book,
)

log = logging.getLogger(__name__)
DEFAULT_LOOKBACK = timedelta(days=3)
PRODUCER = "referral"
PUBLICATIONS: Table = DeadlinePublicationRow.__table__  # type: ignore[attr-defined]


CHUNK = 500
"""Cases read together for the check before any write (`_with_changes`)."""


def sweep(
    engine: Engine,
    now: datetime,
    rules: RuleBook | None = None,
    lookback: timedelta = DEFAULT_LOOKBACK,
) -> int:
    """Judge every case that can still change at ``now``; the number of events published.
    A case that fails is logged and left for the next sweep; the others go on."""
    rules = rules or load_rule_book()
    with Session(engine) as session:
        cases = changeable_cases(session, now - lookback)
    published = 0
    for start in range(0, len(cases), CHUNK):
        for ref in _with_changes(engine, cases[start : start + CHUNK], rules, now):
            try:
                with UnitOfWork(engine, PRODUCER) as uow:
                    published += sweep_case(uow, ref, rules, now)
            except Exception:
                log.exception("deadline watch: %s %s failed; tried next sweep", ref.kind, ref.id)
    return published


def _with_changes(
    engine: Engine, refs: Sequence[CaseRef], rules: RuleBook, now: datetime
) -> list[CaseRef]:
    """The cases with something to publish, read together and outside any write transaction:
    at most sweeps most cases have nothing new, and reading each one alone in a transaction
    of its own cost 1.6 ms a case every sweep, holding the writer (issue 11). Each found here
    is read again in its own transaction, which decides what it publishes."""
    with Session(engine) as session:
        read = cases_of(
            session,
            stays=[ref.id for ref in refs if ref.kind == STAY],
            referrals=[uuid.UUID(ref.id) for ref in refs if ref.kind != STAY],
        )
        remembered = _remembered(session, refs)
    return [
        ref for ref in refs if _changes(_read_case(read, ref), remembered.get(ref, {}), rules, now)
    ]


def sweep_case(uow: UnitOfWork, ref: CaseRef, rules: RuleBook, now: datetime) -> int:
    """Publish what changed in one case and commit; the number of events published."""
    case = _case(uow.session, ref)
    published = 0
    for change in _changes(case, _remembered(uow.session, [ref]).get(ref, {}), rules, now):
        published += _claim(uow, ref, change, now)
    uow.commit()
    return published


@dataclass(frozen=True)
class _Change:
    key: str
    outcome: Outcome
    facts: dict[str, Any]
    payload: Payload


def _changes(
    case: Case | None, remembered: dict[str, _Memory], rules: RuleBook, now: datetime
) -> list[_Change]:
    """What to publish about a case: deadlines gone from it whose alarm ends, and each
    deadline's next outcome."""
    current = {} if case is None else _current(case, rules, now)
    changes = [
        _Change(key, Outcome.STOPPED, memory.facts, DeadlineStopped(**memory.facts, stopped_at=now))
        for key, memory in remembered.items()
        if key not in current and memory.phases == {Phase.MISSED}
    ]
    for key, deadline in current.items():
        outcome = change_of(deadline, remembered.get(key, _Memory()).phases)
        if outcome is not None:
            assert case is not None
            facts = _facts(case, deadline)
            changes.append(_Change(key, outcome, facts, _payload(outcome, deadline, facts, now)))
    return changes


def _read_case(read: Cases, ref: CaseRef) -> Case | None:
    if ref.kind == STAY:
        return read.stays.get(ref.id)
    return read.referrals.get(uuid.UUID(ref.id))


def _case(session: Session, ref: CaseRef) -> Case | None:
    if ref.kind == STAY:
        return case_of_stay(session, ref.id)
    return case_of_referral(session, uuid.UUID(ref.id))


def _current(case: Case, rules: RuleBook, now: datetime) -> dict[str, Deadline]:
    return {deadline_key(d): d for d in deadlines_of(case.timeline, rules, now)}


@dataclass
class _Memory:
    """What was published about one deadline: its phases, and its facts as published."""

    phases: set[Phase] = field(default_factory=set)
    facts: dict[str, Any] = field(default_factory=dict)


def _remembered(session: Session, refs: Sequence[CaseRef]) -> dict[CaseRef, dict[str, _Memory]]:
    """What was published about each of these cases, by deadline."""
    wanted = set(refs)
    row = DeadlinePublicationRow
    query = select(row).where(col(row.case_id).in_({ref.id for ref in refs}))
    memory: dict[CaseRef, dict[str, _Memory]] = {}
    for published in session.exec(query):
        ref = CaseRef(published.case_kind, published.case_id)
        if ref in wanted:
            remembered = memory.setdefault(ref, {}).setdefault(published.deadline_key, _Memory())
            remembered.phases.add(Phase(published.phase))
            remembered.facts = _stored_facts(published)
    return memory


def _stored_facts(row: DeadlinePublicationRow) -> dict[str, Any]:
    return {
        "rule_id": row.rule_id,
        "owed_by": row.owed_by,
        "subject": row.subject,
        "subject_id": row.subject_id,
        "patient_ref": row.patient_ref,
        "region_code": row.region_code,
        "municipality_code": row.municipality_code,
        "anchor_at": row.anchor_at,
        "due_at": row.due_at,
    }


def _facts(case: Case, deadline: Deadline) -> dict[str, Any]:
    kind, _, code = deadline.owed_by.partition(":")
    return {
        "rule_id": str(deadline.rule_id),
        "owed_by": deadline.owed_by,
        "subject": deadline.subject,
        "subject_id": deadline.subject_id,
        "patient_ref": deadline.patient_ref,
        "region_code": case.region_code,
        "municipality_code": code if kind == "municipality" else case.home_municipality_code,
        "anchor_at": deadline.anchor_at,
        "due_at": deadline.due_at,
    }


def _payload(outcome: Outcome, deadline: Deadline, facts: dict[str, Any], now: datetime) -> Payload:
    if outcome is Outcome.MISSED:
        return DeadlineMissed(**facts, detected_at=now)
    if outcome is Outcome.MET:
        assert deadline.met_at is not None
        return DeadlineMet(**facts, met_at=deadline.met_at, late=deadline.state is State.LATE)
    return DeadlineStopped(**facts, stopped_at=deadline.stopped_at or now)


def _claim(uow: UnitOfWork, ref: CaseRef, change: _Change, now: datetime) -> int:
    """Claim (deadline, phase) and publish; 1 if this transaction claimed it, else 0."""
    key, outcome, facts = change.key, change.outcome, change.facts
    phase = phase_of(outcome)
    values = {
        **facts,
        "deadline_key": key,
        "phase": phase.value,
        "outcome": outcome.value,
        "case_kind": ref.kind,
        "case_id": ref.id,
        "published_at": now,
    }
    if not _inserted(uow, values):
        return 0
    uow.publish(change.payload, partition_key=facts["patient_ref"])
    if phase is Phase.FINAL:  # the alarm, if one was raised, is settled
        row = DeadlinePublicationRow
        uow.session.execute(
            update(row)
            .where(col(row.deadline_key) == key, col(row.phase) == Phase.MISSED.value)
            .values(settled_at=now)
        )
    return 1


def _inserted(uow: UnitOfWork, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when this transaction wrote the row. On
    PostgreSQL a concurrent claimant waits for the first to commit, then inserts nothing."""
    dialect = uow.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(PUBLICATIONS)
        .values(values)
        .on_conflict_do_nothing(index_elements=["deadline_key", "phase"])
        .returning(PUBLICATIONS.c.phase)  # rowcount is not reliable across drivers
    )
    return uow.session.execute(statement).first() is not None
