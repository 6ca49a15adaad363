"""One sweep of the deadline watch: every case that can still change (`cases.py`) is read and
judged at ``now``; each deadline's missed, then its one final outcome (met, late or not, or
stopped) goes to the outbox with a claim row in deadline_publication, in the same transaction.
The claim is a conditional insert on (deadline, phase): a repeated sweep, a sweep re-run after
a crash or a second replica's sweep publishes nothing twice.

A deadline published as missed that the case no longer has (the stay or referral entered in
error, a corrected anchor) is ended as stopped, from what was published about it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
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
    cases_of,
    load_rule_book,
)

log = logging.getLogger(__name__)
DEFAULT_LOOKBACK = timedelta(days=3)
PRODUCER = "referral"
PUBLICATIONS: Table = DeadlinePublicationRow.__table__  # type: ignore[attr-defined]


CHUNK = 500
"""Cases read together, outside any write transaction (`_with_changes`)."""
PUBLISHED_TOGETHER = 50
"""Changed cases published in one transaction: it holds SQLite's one writer meanwhile, and
500 at once held it long enough for intake at 200/s to fall behind (issue 11)."""


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
    return judge(engine, cases, rules, now).published


@dataclass
class Judged:
    """What judging some cases did, and what the watch needs to know until it judges them
    again (`watch.py`)."""

    published: int = 0
    pending_until: dict[CaseRef, datetime] = field(default_factory=dict)
    """Each case with a deadline still pending: when the first of them falls due — until
    then, time alone changes nothing in it."""
    failed: set[CaseRef] = field(default_factory=set)
    """Cases whose changes could not be published: to be judged again next sweep."""


def judge(engine: Engine, refs: Sequence[CaseRef], rules: RuleBook, now: datetime) -> Judged:
    """Judge these cases at ``now`` and publish what changed, a chunk at a time."""
    judged = Judged()
    for start in range(0, len(refs), CHUNK):
        changed = _with_changes(engine, refs[start : start + CHUNK], rules, now, judged)
        for first in range(0, len(changed), PUBLISHED_TOGETHER):
            _publish(engine, changed[first : first + PUBLISHED_TOGETHER], now, judged)
    return judged


CaseChanges = tuple[CaseRef, list["_Change"]]


def _with_changes(
    engine: Engine, refs: Sequence[CaseRef], rules: RuleBook, now: datetime, judged: Judged
) -> list[CaseChanges]:
    """What each case has to publish, read together and outside any write transaction: most
    cases have nothing new at most sweeps, and reading each one alone in a transaction of its
    own held the writer 1.6 ms a case every sweep (issue 11). The reads are not one snapshot
    (each statement sees its own moment); a case's facts only move forward (a duty met, a
    request answered), so a later statement shows a later state of the same case."""
    with Session(engine) as session:
        read = cases_of(
            session,
            stays=[ref.id for ref in refs if ref.kind == STAY],
            referrals=[uuid.UUID(ref.id) for ref in refs if ref.kind != STAY],
        )
        remembered = _remembered(session, refs)
    changed = []
    for ref in refs:
        case = _read_case(read, ref)
        current = {} if case is None else _current(case, rules, now)
        changes = _changes(case, current, remembered.get(ref, {}), now)
        if changes:
            changed.append((ref, changes))
        pending = [d.due_at for d in current.values() if d.state is State.PENDING]
        if pending:
            judged.pending_until[ref] = min(pending)
    return changed


def _publish(engine: Engine, changed: Sequence[CaseChanges], now: datetime, judged: Judged) -> None:
    """Publish what these cases changed, as read before this transaction: what the sweep saw at
    its read is what a sweep at that moment publishes, and each (deadline, phase) is claimed
    once (`_inserted`), so a repeat or a concurrent sweep publishes nothing twice. Reading each
    case again in a transaction of its own cost ~4 ms a case on SQLite, and every discharge
    has its LAW-INFO outcome published once (issue 11). All in one transaction; if any case
    fails, each alone, so a failing case (logged, tried next sweep) holds no other back."""
    if len(changed) > 1:
        try:
            judged.published += _claim_all(engine, changed, now)
            return
        except Exception as error:
            log.info(
                "deadline watch: %d cases one at a time (%s)", len(changed), type(error).__name__
            )
    for case in changed:
        try:
            judged.published += _claim_all(engine, [case], now)
        except Exception:
            judged.failed.add(case[0])
            log.exception(
                "deadline watch: %s %s failed; tried next sweep", case[0].kind, case[0].id
            )


def _claim_all(engine: Engine, changed: Sequence[CaseChanges], now: datetime) -> int:
    """Claim every change of these cases and publish what this transaction claimed: each
    (deadline, phase) once, though two cases may carry one deadline (a referral read as a case
    of its own and in its stay's); and no alarm for a deadline whose final outcome is out
    already (a sweep that read before it was: the claim only stops the same phase twice)."""
    claims = _unique(_claim(ref, change, now) for ref, changes in changed for change in changes)
    with UnitOfWork(engine, PRODUCER) as uow:
        final = _final_already(uow, [c.key for _, c in claims if c.outcome is Outcome.MISSED])
        claims = [(values, c) for values, c in claims if c.key not in final]
        claimed = _inserted(uow, [values for values, _ in claims])
        published = [change for values, change in claims if _key(values) in claimed]
        for change in published:
            uow.publish(change.payload, partition_key=change.facts["patient_ref"])
        _settle(uow, [c.key for c in published if phase_of(c.outcome) is Phase.FINAL], now)
        uow.commit()
    return len(published)


Claim = tuple[dict[str, Any], "_Change"]


def _unique(claims: Iterable[Claim]) -> list[Claim]:
    """The first claim of each (deadline, phase)."""
    first: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        first.setdefault(_key(claim[0]), claim)
    return list(first.values())


def _final_already(uow: UnitOfWork, keys: list[str]) -> set[str]:
    """Those of these deadlines whose final outcome was published."""
    if not keys:
        return set()
    row = DeadlinePublicationRow
    query = select(row.deadline_key).where(
        col(row.deadline_key).in_(keys), row.phase == Phase.FINAL.value
    )
    return set(uow.session.exec(query))


@dataclass(frozen=True)
class _Change:
    key: str
    outcome: Outcome
    facts: dict[str, Any]
    payload: Payload


def _changes(
    case: Case | None,
    current: dict[str, Deadline],
    remembered: dict[str, _Memory],
    now: datetime,
) -> list[_Change]:
    """What to publish about a case (its deadlines judged now: `current`): deadlines gone from
    it whose alarm ends, and each deadline's next outcome."""
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


def _claim(ref: CaseRef, change: _Change, now: datetime) -> Claim:
    """The claim row of (deadline, phase) for this change."""
    values = {
        **change.facts,
        "deadline_key": change.key,
        "phase": phase_of(change.outcome).value,
        "outcome": change.outcome.value,
        "case_kind": ref.kind,
        "case_id": ref.id,
        "published_at": now,
    }
    return values, change


def _key(values: dict[str, Any]) -> tuple[str, str]:
    return values["deadline_key"], values["phase"]


def _inserted(uow: UnitOfWork, claims: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """INSERT … ON CONFLICT DO NOTHING, one statement for them all: the (deadline, phase) keys
    this transaction wrote. On PostgreSQL a concurrent claimant waits for the first to commit,
    then inserts nothing."""
    if not claims:
        return set()
    dialect = uow.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(PUBLICATIONS)
        .on_conflict_do_nothing(index_elements=["deadline_key", "phase"])
        .returning(PUBLICATIONS.c.deadline_key, PUBLICATIONS.c.phase)
    )
    # many parameter sets: SQLAlchemy sends them as one multi-row statement ("insertmanyvalues")
    # compiled once per shape, not once per sweep as `.values(claims)` is
    return {(key, phase) for key, phase in uow.session.execute(statement, claims)}


def _settle(uow: UnitOfWork, keys: list[str], now: datetime) -> None:
    """A final outcome settles the deadline's alarm, if one was raised."""
    if keys:
        row = DeadlinePublicationRow
        uow.session.execute(
            update(row)
            .where(col(row.deadline_key).in_(keys), col(row.phase) == Phase.MISSED.value)
            .values(settled_at=now)
        )
