"""Apply events at most once per consumer: inbox rows and effects commit in one transaction.

The inbox rows are claimed first, in one statement that ignores conflicts and returns what it
inserted: an event some earlier (or concurrent, on PostgreSQL it waits) transaction already
claimed comes back missing and is a duplicate, so its handler never runs.

A consumer passes each event's span (tracing.py): its handler runs in it, so what it
publishes carries the trace on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from handover_contracts import Envelope
from handover_contracts.envelope import utcnow
from opentelemetry import trace
from opentelemetry.context import attach, detach
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from handover_common.context import correlation_id
from handover_common.db import insert_or_ignore
from handover_common.tables import InboxEntry
from handover_common.unit_of_work import UnitOfWork

EventHandler = Callable[[UnitOfWork, Envelope], None]
HandlerTable = Mapping[str, EventHandler]
Prefetch = Callable[[UnitOfWork, Sequence[Envelope]], None]


@dataclass(frozen=True)
class BatchHandler:
    """A handler with a step run once per batch before it, given all the batch's events of its
    type that will be applied: one query for all of them instead of one per event (issue 11).
    What `prefetch` loads is only a shortcut: the handler must read the same without it."""

    handle: EventHandler
    prefetch: Prefetch

    def __call__(self, uow: UnitOfWork, envelope: Envelope) -> None:
        self.handle(uow, envelope)


def ids_in(envelopes: Sequence[Envelope], field: str) -> set[uuid.UUID]:
    """The ids a batch's payloads name in `field`, for a prefetch; one that is missing or no
    id is left out (the handler refuses its event: a prefetch is only a shortcut)."""
    ids: set[uuid.UUID] = set()
    for envelope in envelopes:
        try:
            ids.add(uuid.UUID(str(envelope.payload.get(field))))
        except ValueError:
            continue
    return ids


INBOX = InboxEntry.__table__  # type: ignore[attr-defined]


class PermanentFailure(Exception):
    """The event can never be applied (bad content for this consumer): dead-letter it at once."""


def apply_once(engine: Engine, consumer: str, envelope: Envelope, handlers: HandlerTable) -> str:
    """Returns the outcome: 'applied', 'duplicate' or 'ignored' (no handler for the type).
    The handler runs in the current span."""
    return apply_batch(engine, consumer, [envelope], handlers)[0]


def apply_batch(
    engine: Engine,
    consumer: str,
    envelopes: Sequence[Envelope],
    handlers: HandlerTable,
    spans: Sequence[trace.Span | None] = (),
) -> list[str]:
    """One transaction for all the events, in order; an outcome per event. Any failure raises
    and stores nothing of the batch (the caller then applies the events one at a time).
    `spans[i]`, if given, is current while event i's handler runs; the caller ends it."""
    outcomes = ["ignored"] * len(envelopes)
    wanted = [(i, e) for i, e in enumerate(envelopes) if e.event_type in handlers]
    if not wanted:
        return outcomes
    with UnitOfWork(engine, consumer, hold_commits=True) as uow:
        unclaimed = _claim(uow.session, consumer, [e for _, e in wanted])
        _prefetch(uow, handlers, [e for _, e in wanted if e.event_id in unclaimed])
        for i, envelope in wanted:
            if envelope.event_id not in unclaimed:
                outcomes[i] = "duplicate"
                continue
            unclaimed.discard(envelope.event_id)  # the same event twice in one batch
            uow.cause = envelope
            correlation_id.set(envelope.correlation_id)
            span = spans[i] if i < len(spans) else None
            token = None if span is None else attach(trace.set_span_in_context(span))
            try:
                handlers[envelope.event_type](uow, envelope)
            finally:
                if token is not None:
                    detach(token)
            outcomes[i] = "applied"
        uow.commit_held()
    return outcomes


def _prefetch(uow: UnitOfWork, handlers: HandlerTable, envelopes: Sequence[Envelope]) -> None:
    by_type: dict[str, list[Envelope]] = {}
    for envelope in envelopes:
        by_type.setdefault(envelope.event_type, []).append(envelope)
    for event_type, group in by_type.items():
        handler = handlers[event_type]
        if isinstance(handler, BatchHandler):
            handler.prefetch(uow, group)


def _claim(session: Session, consumer: str, envelopes: Sequence[Envelope]) -> set[uuid.UUID]:
    """Inserts the inbox rows not there yet; returns the event ids this transaction claimed."""
    now = utcnow()
    rows = {
        e.event_id: {
            "consumer": consumer,
            "event_id": e.event_id,
            "event_type": e.event_type,
            "processed_at": now,
        }
        for e in envelopes
    }
    dialect = session.get_bind().dialect.name
    statement = insert_or_ignore(dialect, INBOX).returning(INBOX.c.event_id)
    # in one order everywhere: two replicas claiming overlapping fetches (a rebalance) on
    # PostgreSQL then wait for each other instead of deadlocking
    ordered = [rows[event_id] for event_id in sorted(rows)]
    return set(session.execute(statement, ordered).scalars())
