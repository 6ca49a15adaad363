"""Referral's event handlers, registered in one table at the bottom."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from handover_common.inbox import BatchHandler, EventHandler, ids_in
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from handover_contracts.envelope import utcnow
from handover_contracts.events import (
    CareComponent,
    CareRequestCreated,
    ComponentResponsibility,
    PartyRef,
    PrincipalKind,
    ResponsibilityDecided,
    ResponsibilityUndecidable,
    WayIn,
)
from sqlalchemy import bindparam
from sqlalchemy.orm import defer
from sqlmodel import col, select

from referral.adapters.orm import CareRequestRow, DischargeRow
from referral.domain.care_request import ACTIVE, Owner, Status
from referral.domain.routing import (
    ComponentDecision,
    Outcome,
    Party,
    Routing,
    missing_facts,
    route,
)
from referral.service_layer.lifecycle.changes import cancel_request, tell_corrected
from referral.service_layer.lifecycle.transitions import Mover

WITHOUT_CONTENT = [defer(DischargeRow.content), defer(DischargeRow.care)]  # type: ignore[arg-type]
"""The decision handlers need the discharge's state, not what was sent: its largest JSON
columns are read only if touched (each decision would otherwise parse them again)."""


_DISCHARGE = (
    select(DischargeRow).options(*WITHOUT_CONTENT).where(DischargeRow.id == bindparam("id"))
)
"""Built once: this runs for every decision."""


def create_care_request(uow: UnitOfWork, envelope: Envelope) -> None:
    """On responsibility.decided: a care request to the municipality that is responsible for,
    or performs, its part of the care; the discharge shows the decision and what is missing.

    A later decision (re-evaluation, dispute, a resend with the missing facts) that gives the
    municipality a part creates the request then; a discharge gets at most one care request.
    """
    decision = ResponsibilityDecided.model_validate(envelope.payload)
    discharge = _discharge(uow, decision.discharge_id)
    if discharge is None or discharge.cancelled_at is not None:
        return
    components = [_component(c) for c in decision.components]
    routing = route(components)
    requests = _care_requests(uow, discharge)
    if decision.supersedes is None and requests:
        return  # a first decision again (redelivered upstream): the request stands
    current = next((r for r in requests if Status(r.status) in ACTIVE), None)
    discharge.decision_id = decision.decision_id
    discharge.decision = [c.model_dump(mode="json") for c in decision.components]
    discharge.missing_facts = missing_facts(components)
    discharge.outcome = routing.outcome.value
    uow.session.add(discharge)
    if current is not None:
        current = _follow(uow, current, routing, decision)
    if routing.municipality is not None and current is None:
        resumed = _resumed_by(uow, discharge, routing.municipality)
        if resumed is None:
            _add_care_request(uow, discharge, decision, routing)
        else:
            _continue(uow, resumed, discharge, routing)


def _resumed_by(
    uow: UnitOfWork, discharge: DischargeRow, municipality: str
) -> CareRequestRow | None:
    """The request this discharge resumed when it ended the stay that had paused it."""
    if discharge.continues_care_request_id is None:
        return None
    row = uow.session.get(CareRequestRow, discharge.continues_care_request_id)
    if row is None or Status(row.status) not in ACTIVE or row.municipality_code != municipality:
        return None
    return row


def _continue(
    uow: UnitOfWork, row: CareRequestRow, discharge: DischargeRow, routing: Routing
) -> None:
    """The discharge that ended the stay which paused home care: the care goes on under the
    same request, which now reads this discharge's content — no second request."""
    row.discharge_id, row.decision_id = discharge.id, discharge.decision_id or row.decision_id
    _given_requests(uow).add(discharge.id)
    row.components = list(routing.components)
    tell_corrected(uow, row, ["discharge"], "discharged again after a readmission")


def _follow(
    uow: UnitOfWork, row: CareRequestRow, routing: Routing, decision: ResponsibilityDecided
) -> CareRequestRow | None:
    """A superseding decision (a corrected discharge, re-evaluation, dispute): the request
    follows it — components updated, or withdrawn when the municipality is no longer asked."""
    why = f"responsibility decided again ({decision.reason})"
    if routing.municipality != row.municipality_code:
        system = Mover(Owner.REQUESTER, "system:responsibility")
        cancel_request(uow, row, system, why, entered_in_error=False)
        return None
    if tuple(row.components) != routing.components:
        row.components = list(routing.components)
        tell_corrected(uow, row, ["components"], why)
    return row


def _component(c: ComponentResponsibility) -> ComponentDecision:
    return ComponentDecision(
        component=c.component.value,
        status=c.status.value,
        responsible=_party(c.responsible),
        performer=_party(c.performer),
        cost_bearer=_party(c.cost_bearer),
        rule_ids=tuple(c.rule_ids),
        missing_facts=tuple(c.missing_facts),
    )


def _party(ref: PartyRef | None) -> Party | None:
    return None if ref is None else Party(ref.kind.value, ref.code)


def _ref(party: Party | None) -> PartyRef | None:
    return None if party is None else PartyRef(kind=PrincipalKind(party.kind), code=party.code)


def _care_requests(uow: UnitOfWork, discharge: DischargeRow) -> list[CareRequestRow]:
    """The discharge's care requests (at most one active), in one query per decision.

    The batch's new requests and pending changes are written first only when one of them gave
    this discharge a request (a decision and its correction in one fetch): otherwise autoflush
    would write the batch's rows once per event instead of once at its commit (issue 11)."""
    params = {"discharge_id": discharge.id}
    if discharge.id in _given_requests(uow):
        return list(uow.session.exec(_REQUESTS_OF, params=params))
    prefetched = _prefetched(uow)
    if discharge.id in prefetched.requests:
        return list(prefetched.requests[discharge.id])
    with uow.session.no_autoflush:
        return list(uow.session.exec(_REQUESTS_OF, params=params))


def _discharge(uow: UnitOfWork, discharge_id: uuid.UUID) -> DischargeRow | None:
    found = _prefetched(uow).discharges.get(discharge_id)
    if found is not None:
        return found
    with uow.session.no_autoflush:  # by key: a discharge this batch changed is the same object
        return uow.session.exec(_DISCHARGE, params={"id": discharge_id}).first()


@dataclass
class _Prefetched:
    """A batch's decisions' discharges and their care requests, read in two queries for the
    whole batch (`prefetch_decisions`). The rows are the session's own objects, so an earlier
    event's change to one is seen by a later one; a request an earlier event created is not
    here (`_given_requests` sends that lookup to the database)."""

    discharges: dict[uuid.UUID, DischargeRow] = field(default_factory=dict)
    requests: dict[uuid.UUID, list[CareRequestRow]] = field(default_factory=dict)


def _prefetched(uow: UnitOfWork) -> _Prefetched:
    found: _Prefetched = uow.session.info.setdefault("prefetched_decisions", _Prefetched())
    return found


def prefetch_decisions(uow: UnitOfWork, envelopes: Sequence[Envelope]) -> None:
    ids = ids_in(envelopes, "discharge_id")
    if not ids:
        return
    prefetched = _prefetched(uow)
    with uow.session.no_autoflush:
        for row in uow.session.exec(_DISCHARGES.where(col(DischargeRow.id).in_(ids))):
            prefetched.discharges[row.id] = row
            prefetched.requests.setdefault(row.id, [])
        requests = _REQUESTS.where(col(CareRequestRow.discharge_id).in_(prefetched.discharges))
        for request in uow.session.exec(requests):
            prefetched.requests[request.discharge_id].append(request)


_DISCHARGES = select(DischargeRow).options(*WITHOUT_CONTENT)
_REQUESTS = select(CareRequestRow)


def _given_requests(uow: UnitOfWork) -> set[object]:
    """Discharges this transaction gave a care request (new, or one that went on after a stay)."""
    given: set[object] = uow.session.info.setdefault("discharges_given_requests", set())
    return given


_REQUESTS_OF = select(CareRequestRow).where(
    CareRequestRow.discharge_id == bindparam("discharge_id")
)


def _add_care_request(
    uow: UnitOfWork, discharge: DischargeRow, decision: ResponsibilityDecided, routing: Routing
) -> None:
    assert routing.municipality is not None
    now, request_id = utcnow(), uuid.uuid4()
    values = {
        "id": request_id,
        "created_at": now,
        "updated_at": now,
        "discharge_id": discharge.id,
        "decision_id": decision.decision_id,
        "patient_ref": decision.patient_ref,
        "municipality_code": routing.municipality,
        "components": list(routing.components),
        "acute": discharge.acute,
        "way_in": discharge.way_in,
        "on_behalf_of": str(routing.on_behalf_of) if routing.on_behalf_of else None,
        "cost_bearer": str(routing.cost_bearer) if routing.cost_bearer else None,
    }
    # inserted as the batch commits, with its other new requests in one statement (issue 11);
    # a later decision of the batch on this discharge queries with autoflush: written first
    request = uow.new(CareRequestRow, values, id=request_id)
    _given_requests(uow).add(discharge.id)
    uow.publish(
        CareRequestCreated(
            care_request_id=request.id,
            discharge_id=discharge.id,
            patient_ref=request.patient_ref,
            municipality_code=request.municipality_code,
            decision_id=decision.decision_id,
            components=[CareComponent(c) for c in routing.components],
            acute=request.acute,
            way_in=WayIn(discharge.way_in),
            performed_on_behalf_of=_ref(routing.on_behalf_of),
            cost_bearer=_ref(routing.cost_bearer),
        ),
        partition_key=request.patient_ref,
    )


def record_undecidable(uow: UnitOfWork, envelope: Envelope) -> None:
    """The rules could not decide: the discharge says which field broke which rule."""
    undecidable = ResponsibilityUndecidable.model_validate(envelope.payload)
    discharge = uow.session.get(DischargeRow, undecidable.discharge_id, options=WITHOUT_CONTENT)
    if discharge is None or discharge.decision_id is not None:
        return
    discharge.outcome = Outcome.UNDECIDABLE.value
    discharge.outcome_detail = f"{undecidable.field} ({undecidable.rule}): {undecidable.reason}"
    uow.session.add(discharge)


EVENT_HANDLERS: dict[str, EventHandler] = {
    "responsibility.decided": BatchHandler(create_care_request, prefetch_decisions),
    "responsibility.undecidable": record_undecidable,
}
