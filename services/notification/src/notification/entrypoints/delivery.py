"""Delivery to receiving systems (issue 12 section 1): subscriptions with a webhook, the
receiver's acknowledgements, and each organisation's feed to catch up from.

How a receiver checks a webhook: notification.domain.delivery.signing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, Response
from handover_common.access import Access, AccessTable, Authorised, Role, allow
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.pages import Limit, Offset, Page, page_of
from handover_common.service import UoW
from handover_contracts import EVENTS
from handover_contracts.envelope import utcnow
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError
from sqlalchemy import update
from sqlmodel import Session, col, select

from notification.adapters.delivery_tables import DeliveryRow, FeedEntryRow, SubscriptionRow
from notification.adapters.orm import NoticeRow
from notification.adapters.secret_box import SecretBox
from notification.domain.delivery.policy import UNSETTLED, Outcome, State
from notification.entrypoints import examples as ex
from notification.entrypoints.scope import READERS
from notification.service_layer.background import BackgroundTask
from notification.service_layer.delivery import (
    DELIVERIES_CHANGED,
    acknowledge,
    message_body,
    new_secret,
    policy_of,
)
from notification.service_layer.delivery_worker import delivery_worker
from notification.settings import NotificationSettings

router = APIRouter(prefix="/v1", tags=["delivery"])
OWN_SUBSCRIPTIONS = "the caller's organisation's subscriptions; operations lists all"
ACCESS: AccessTable = {
    "POST /v1/subscriptions": allow(*READERS, scope="for the caller's own organisation"),
    "GET /v1/subscriptions": allow(*READERS, scope=OWN_SUBSCRIPTIONS),
    "DELETE /v1/subscriptions/{subscription_id}": allow(*READERS, scope="its own organisation's"),
    "POST /v1/deliveries/{message_id}/acknowledgement": allow(
        *READERS, scope="messages delivered to the caller's organisation's subscriptions"
    ),
    "GET /v1/feed": allow(
        *READERS, scope="notices addressed to the caller's organisation", reads_patient_data=True
    ),
}
BACKGROUND: tuple[BackgroundTask, ...] = (delivery_worker,)


def now_of(request: Request) -> datetime:
    """The app's clock: `app.state.clock` when set (tests move it), else the system's."""
    clock: Callable[[], datetime] = getattr(request.app.state, "clock", utcnow)
    return clock()


def audience_of(access: Access) -> str:
    """The caller's organisation as notices name it ("operations" for the operator's staff)."""
    return "operations" if access.caller.role is Role.OPERATIONS else str(access.org)


def _webhook_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("SUBSCRIPTION-URL", "must be an http(s) URL with a host")
    if parts.username or parts.password:
        raise PydanticCustomError("SUBSCRIPTION-URL", "must hold no credentials: it is signed")
    return value


def _event_type(value: str) -> str:
    if value not in EVENTS:
        raise PydanticCustomError("SUBSCRIPTION-EVENT-TYPE", f"{value!r} is no known event type")
    return value


def _distinct(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise PydanticCustomError("SUBSCRIPTION-EVENT-TYPES", "must name each event type once")
    return values


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.SUBSCRIPTION))

    url: Annotated[str, Field(max_length=2000), AfterValidator(_webhook_url)]
    event_types: Annotated[
        list[Annotated[str, AfterValidator(_event_type)]],
        Field(min_length=1, max_length=len(EVENTS)),
        AfterValidator(_distinct),
    ]


class SubscriptionOut(BaseModel):
    id: uuid.UUID
    organisation: str
    url: str
    event_types: list[str]
    created_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="the HMAC key of the signatures: shown this once only")


class AcknowledgementIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.ACKNOWLEDGEMENT))

    outcome: Outcome
    reason: Annotated[str | None, Field(max_length=1000)] = None
    subscription_id: uuid.UUID | None = Field(
        default=None, description="needed only when the message went to several subscriptions"
    )


class DeliveryOut(BaseModel):
    message_id: uuid.UUID
    subscription_id: uuid.UUID
    state: State
    transmissions: int
    outcome: Outcome | None
    reason: str | None
    acknowledged_at: datetime | None


class FeedItem(BaseModel):
    message_id: uuid.UUID
    sequence: int
    event_type: str
    occurred_at: datetime
    patient_ref: str
    summary: str
    action: str | None
    care_request_id: str | None
    correlation_id: str


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_after: int = Field(description="the `after` of the next page")


def _out(row: SubscriptionRow) -> dict[str, object]:
    return {**row.model_dump(exclude={"secret"}), "organisation": row.audience}


@router.post("/subscriptions", status_code=201)
def subscribe(
    body: SubscriptionIn, request: Request, uow: UoW, access: Authorised
) -> SubscriptionCreated:
    """A webhook subscription for the caller's organisation: the event types to deliver and the
    https URL; the answer carries the signing secret, shown only this once."""
    settings: NotificationSettings = request.app.state.runtime.settings
    if urlsplit(body.url).scheme != "https" and not settings.development_mode:
        message = "must be https outside development: the messages concern patients"
        raise RequestRejected([FieldError("url", "SUBSCRIPTION-HTTPS", message)])
    secret = new_secret()
    row = SubscriptionRow(
        audience=audience_of(access),
        url=body.url,
        event_types=body.event_types,
        secret=SecretBox(settings.webhook_secret_key).seal(secret),
        created_by=access.caller.person,
        created_at=now_of(request),
    )
    with uow:
        uow.session.add(row)
        uow.commit()
    return SubscriptionCreated.model_validate({**_out(row), "secret": secret})


@router.get("/subscriptions")
def subscriptions(
    uow: UoW, access: Authorised, limit: Limit = 100, offset: Offset = 0
) -> Page[SubscriptionOut]:
    """The caller's organisation's live subscriptions, oldest first (operations sees every
    organisation's); secrets are never shown."""
    query = select(SubscriptionRow).where(col(SubscriptionRow.deleted_at).is_(None))
    if access.caller.role is not Role.OPERATIONS:
        query = query.where(SubscriptionRow.audience == audience_of(access))
    with uow:
        rows = uow.session.exec(query.order_by(col(SubscriptionRow.created_at))).all()
    found = [SubscriptionOut.model_validate(_out(r)) for r in rows]
    return page_of(found, limit, offset)


@router.delete("/subscriptions/{subscription_id}", status_code=204)
def unsubscribe(
    subscription_id: uuid.UUID, request: Request, uow: UoW, access: Authorised
) -> Response:
    """Stops the subscription; its deliveries not yet settled are cancelled."""
    with uow:
        row = uow.session.get(SubscriptionRow, subscription_id)
        if row is None or row.deleted_at is not None or row.audience != audience_of(access):
            raise NotFound("subscription")
        row.deleted_at = now_of(request)
        uow.session.add(row)
        uow.session.execute(
            update(DeliveryRow)
            .where(col(DeliveryRow.subscription_id) == subscription_id)
            .where(col(DeliveryRow.state).in_(UNSETTLED))
            .values(state=State.CANCELLED, due_at=None)
        )
        uow.commit()
    return Response(status_code=204)


@router.post("/deliveries/{message_id}/acknowledgement")
def acknowledgement(
    message_id: uuid.UUID,
    body: AcknowledgementIn,
    request: Request,
    uow: UoW,
    access: Authorised,
) -> DeliveryOut:
    """The receiver's application acknowledgement; sending it again changes nothing."""
    if body.outcome is Outcome.FATAL and not body.reason:
        message = "a fatal error must give its reason"
        raise RequestRejected([FieldError("reason", "ACK-REASON", message)])
    settings: NotificationSettings = request.app.state.runtime.settings
    with uow:
        row = _delivery_of(uow.session, message_id, body.subscription_id, audience_of(access))
        acknowledge(
            uow.session, row, body.outcome, body.reason, policy_of(settings), now_of(request)
        )
        uow.commit()
    DELIVERIES_CHANGED.notify()
    return DeliveryOut.model_validate(row, from_attributes=True)


def _delivery_of(
    session: Session, message_id: uuid.UUID, subscription_id: uuid.UUID | None, audience: str
) -> DeliveryRow:
    query = (
        select(DeliveryRow)
        .join(SubscriptionRow, col(SubscriptionRow.id) == col(DeliveryRow.subscription_id))
        .where(DeliveryRow.message_id == message_id, SubscriptionRow.audience == audience)
    )
    if subscription_id is not None:
        query = query.where(DeliveryRow.subscription_id == subscription_id)
    rows = session.exec(query).all()
    if not rows:
        raise NotFound("delivery")
    if len(rows) > 1:
        message = "the message went to several of your subscriptions: name the one answering"
        raise RequestRejected([FieldError("subscription_id", "ACK-SUBSCRIPTION", message)])
    return rows[0]


@router.get("/feed")
def feed(
    uow: UoW,
    access: Authorised,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> FeedPage:
    """The notices to the caller's organisation after a sequence, in order: each once, and a
    patient's in the order they happened. Numbered by the delivery worker, so a notice joins
    the feed within its poll interval."""
    query = (
        select(NoticeRow, FeedEntryRow.sequence)
        .join(FeedEntryRow, col(FeedEntryRow.notice_id) == col(NoticeRow.id))
        .where(FeedEntryRow.audience == audience_of(access))
        .where(col(FeedEntryRow.sequence) > after)
        .order_by(col(FeedEntryRow.sequence))
        .limit(limit)
    )
    with uow:
        rows = [(notice, int(sequence or 0)) for notice, sequence in uow.session.exec(query)]
        access.read(uow.session, [n.patient_ref for n, _ in rows if n.patient_ref != "-"])
        uow.commit()
    items = [FeedItem.model_validate(message_body(n, s)) for n, s in rows]
    return FeedPage(items=items, next_after=items[-1].sequence if items else after)
