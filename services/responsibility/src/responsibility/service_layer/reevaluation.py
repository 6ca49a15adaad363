"""Time-bound responsibility: re-decide when a decision says so (OR-SPEC7's 7 days, the end
of a terminated agreement part, an 18th birthday) and publish the change."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime

from handover_common.leases import Lease
from handover_common.runtime import BackgroundTask, Runtime
from handover_common.unit_of_work import UnitOfWork
from handover_contracts.events import DecisionReason
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from responsibility.adapters.orm import DecisionRow
from responsibility.domain import AgreementCatalogue, ResponsibilityError, decide
from responsibility.service_layer.agreement_terms import catalogue_in_force
from responsibility.service_layer.decisions import DecisionContext, record_decision
from responsibility.service_layer.situations import SWEDISH_TIME, situation_from_source

log = logging.getLogger(__name__)


def due_decision_ids(engine: Engine, today: date) -> list[uuid.UUID]:
    query = (
        select(DecisionRow.id)
        .where(col(DecisionRow.reevaluate_on) <= today)
        .where(col(DecisionRow.superseded_by).is_(None))
        .order_by(col(DecisionRow.reevaluate_on))
    )
    with Session(engine) as session:
        return list(session.exec(query))


def reevaluate(
    uow: UnitOfWork, catalogue: AgreementCatalogue, decision_id: uuid.UUID
) -> DecisionRow | None:
    """Re-decide on the re-evaluation date; the new decision supersedes the old one."""
    old = uow.session.get(DecisionRow, decision_id)
    if old is None or old.superseded_by is not None or old.reevaluate_on is None:
        return None
    in_force = catalogue_in_force(uow.session, catalogue)  # AG-RENEW: recorded notices too
    decision = decide(situation_from_source(old.source, on=old.reevaluate_on), in_force)
    context = DecisionContext(
        dedupe_key=f"re-evaluation:{old.id}",
        source_event_id=old.source_event_id,
        discharge_id=old.discharge_id,
        patient_ref=old.patient_ref,
        municipality_code=old.municipality_code,
        source=old.source,
        reason=DecisionReason.RE_EVALUATION,
        supersedes=old.id,
    )
    new_id = record_decision(uow, decision, context)
    old.superseded_by = new_id
    uow.session.add(old)
    uow.commit()
    return uow.session.get(DecisionRow, new_id)


def reevaluate_due(engine: Engine, catalogue: AgreementCatalogue, today: date) -> int:
    done = 0
    for decision_id in due_decision_ids(engine, today):
        with UnitOfWork(engine, "responsibility") as uow:
            try:
                done += reevaluate(uow, catalogue, decision_id) is not None
            except ResponsibilityError:
                log.exception("re-evaluation of %s failed; operations must look", decision_id)
    return done


def swedish_today() -> date:
    return datetime.now(SWEDISH_TIME).date()


def reevaluation_task(
    catalogue: AgreementCatalogue,
    interval_seconds: float,
    today: Callable[[], date] = swedish_today,
) -> BackgroundTask:
    async def reevaluate_periodically(runtime: Runtime) -> None:
        lease = Lease(runtime.engine, "responsibility:re-evaluation")  # one replica runs it
        while True:
            if await asyncio.to_thread(lease.held):
                await asyncio.to_thread(reevaluate_due, runtime.engine, catalogue, today())
            await asyncio.sleep(interval_seconds)

    return reevaluate_periodically
