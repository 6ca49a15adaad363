"""The deadline watch from one sweep to the next: a full sweep (`sweep.sweep`) judges every
case that can still change, and between full sweeps only the cases in which something can have
changed are judged again (issue 11: a full sweep reads every case of the lookback, 0.3 ms a
case every 30 s — at a thousand discharges a second, more than a sweep's interval). Something
can have changed in a case when

- time passed one of its pending deadlines' due time (what the last judgement of it said);
- something happened to the patient: every change referral stores leaves through its outbox
  with the patient as the partition key, so the patients of the outbox rows written since the
  last sweep name them (the watch's own deadline events excepted);
- publishing its changes failed last time.

What the watch remembers lives in this process only: a new watch, a watch that lost its lease
or one whose clock moved backwards starts with a full sweep, and a full sweep every
``full_every`` catches anything the outbox could not show (a PostgreSQL transaction committing
long after it wrote its outbox row, a rule book changed under a running process).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handover_common.tables import OutboxMessage
from handover_contracts import Topics
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from referral.domain.deadlines import RuleBook
from referral.service_layer.deadline_watch.cases import CaseRef, Patients, changeable_cases
from referral.service_layer.deadline_watch.sweep import DEFAULT_LOOKBACK, Judged, judge
from referral.service_layer.deadlines import load_rule_book

FULL_EVERY = timedelta(minutes=10)
COMMIT_MARGIN = timedelta(seconds=60)
"""PostgreSQL numbers outbox rows as they are written, not as they commit: a row numbered
below the last one seen may still commit. Rows of the last minute are looked at again."""


class Watch:
    def __init__(
        self,
        rules: RuleBook | None = None,
        lookback: timedelta = DEFAULT_LOOKBACK,
        full_every: timedelta = FULL_EVERY,
    ) -> None:
        self.rules = rules or load_rule_book()
        self.lookback = lookback
        self.full_every = full_every
        self.forget()

    def forget(self) -> None:
        """Start again with a full sweep (the lease went to another replica)."""
        self._full_at: datetime | None = None
        self._outbox_seen = 0  # outbox rows up to this id were looked at for patients
        self._pending_until: dict[CaseRef, datetime] = {}
        self._failed: set[CaseRef] = set()

    def sweep(self, engine: Engine, now: datetime) -> int:
        """One sweep at ``now``: full when due, else of the cases that can have changed."""
        full = self._full_at is None or not self._full_at <= now < self._full_at + self.full_every
        with Session(engine) as session:
            seen = _outbox_seen(session, self._outbox_seen)
            if full:
                cases = changeable_cases(session, now - self.lookback)
            else:
                touched = changeable_cases(
                    session, now - self.lookback, _patients_since(self._outbox_seen)
                )
                cases = sorted({*touched, *self._failed, *self._due(now)})
        judged = judge(engine, cases, self.rules, now)
        self._remember(judged, cases, full, now)
        self._outbox_seen = seen
        return judged.published

    def _due(self, now: datetime) -> list[CaseRef]:
        return [ref for ref, until in self._pending_until.items() if now > until]

    def _remember(self, judged: Judged, cases: list[CaseRef], full: bool, now: datetime) -> None:
        if full:
            self._full_at = now
            self._pending_until = {}
        for ref in cases:
            self._pending_until.pop(ref, None)
        self._pending_until.update(judged.pending_until)
        self._failed = judged.failed


def _patients_since(outbox_id: int) -> Patients:
    """The patients of the outbox rows after this one, but for the watch's own events."""
    return select(OutboxMessage.partition_key).where(
        col(OutboxMessage.id) > outbox_id, OutboxMessage.topic != Topics.DEADLINE
    )


def _outbox_seen(session: Session, before: int) -> int:
    """The outbox id the next sweep looks after: the last one, less those written within the
    commit margin (on SQLite, one writer commits them in order, so the last one)."""
    outbox = OutboxMessage
    if session.get_bind().dialect.name == "sqlite":
        query = select(func.max(outbox.id))
    else:
        margin = datetime.now(UTC) - COMMIT_MARGIN
        query = select(func.max(outbox.id)).where(
            col(outbox.id) > before, col(outbox.created_at) < margin
        )
    return max(before, session.exec(query).one() or 0)
