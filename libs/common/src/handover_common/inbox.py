"""Apply an event at most once per consumer: inbox row and effect commit in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from handover_contracts import Envelope
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from handover_common.tables import InboxEntry
from handover_common.unit_of_work import UnitOfWork

EventHandler = Callable[[UnitOfWork, Envelope], None]
HandlerTable = Mapping[str, EventHandler]


class PermanentFailure(Exception):
    """The event can never be applied (bad content for this consumer): dead-letter it at once."""


def apply_once(engine: Engine, consumer: str, envelope: Envelope, handlers: HandlerTable) -> str:
    """Returns the outcome: 'applied', 'duplicate' or 'ignored' (no handler for the type)."""
    handler = handlers.get(envelope.event_type)
    if handler is None:
        return "ignored"
    with UnitOfWork(engine, consumer, cause=envelope) as uow:
        if uow.session.get(InboxEntry, (consumer, envelope.event_id)) is not None:
            return "duplicate"
        uow.session.add(
            InboxEntry(
                consumer=consumer, event_id=envelope.event_id, event_type=envelope.event_type
            )
        )
        handler(uow, envelope)
        try:
            uow.commit()
        except IntegrityError:
            if _already_applied(engine, consumer, envelope):
                return "duplicate"
            raise
    return "applied"


def _already_applied(engine: Engine, consumer: str, envelope: Envelope) -> bool:
    with UnitOfWork(engine, consumer) as uow:
        return uow.session.get(InboxEntry, (consumer, envelope.event_id)) is not None
