"""Group commit (issue 11): the messages that arrive while the previous ones are written are
stored in one transaction, each exactly as it would be alone.

A message that fails inside the group (a reused message id, a stay of another patient, a
conflict) rolls the whole group back, and each message is then stored alone: a refused one
stores nothing and takes none of its neighbours with it — the consumer's batches work the
same way. Each message runs in the context of the request that sent it, so its event carries
that request's correlation id and trace."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from handover_common.unit_of_work import UnitOfWork
from sqlalchemy.engine import Engine

from referral.adapters.orm import DischargeRow
from referral.service_layer.intake.registration import (
    Referral,
    read_ahead,
    register_referral,
    stored_in,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pending:
    referral: Referral
    context: contextvars.Context  # the sending request's (correlation id, trace)


Outcome = DischargeRow | Exception


def store_together(engine: Engine, producer: str, pending: Sequence[Pending]) -> list[Outcome]:
    """One outcome per message, in order: its stored (or earlier) row, or why it was not."""
    if len(pending) > 1:
        try:
            with UnitOfWork(engine, producer, hold_commits=True) as uow:
                read_ahead(uow, [p.referral for p in pending])
                rows: list[Outcome] = [p.context.run(stored_in, p.referral, uow) for p in pending]
                uow.commit_held()
            return rows
        except Exception as error:  # one message failed: the group is rolled back
            # the type only: a database error's text carries its parameters (a personnummer)
            kind = type(error).__name__
            log.info("a group of %d messages is stored one by one (%s)", len(pending), kind)
    return [_alone(engine, producer, p) for p in pending]


def _alone(engine: Engine, producer: str, pending: Pending) -> Outcome:
    try:
        with UnitOfWork(engine, producer) as uow:
            return pending.context.run(register_referral, pending.referral, uow)
    except Exception as error:
        return error
