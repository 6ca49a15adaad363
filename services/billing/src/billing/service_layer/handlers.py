"""Billing's handlers, registered in one table at the bottom."""

from __future__ import annotations

from handover_common.inbox import EventHandler
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from handover_contracts.events import ResponsibilityDecided

from billing.adapters.orm import ResponsibilityRow


def record_responsibility(uow: UnitOfWork, envelope: Envelope) -> None:
    decided = ResponsibilityDecided.model_validate(envelope.payload)
    for component in decided.components:
        if component.responsible is None or component.cost_bearer is None:
            continue  # unknown or not covered: nothing to bill against yet
        uow.session.add(
            ResponsibilityRow(
                decision_id=decided.decision_id,
                patient_ref=decided.patient_ref,
                component=component.component,
                principal=component.responsible.kind,
                principal_code=component.responsible.code,
                cost_bearer_code=component.cost_bearer.code,
                valid_from=decided.decided_on,
            )
        )


EVENT_HANDLERS: dict[str, EventHandler] = {
    "responsibility.decided": record_responsibility,
}
