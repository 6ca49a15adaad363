"""The worker that sends due deliveries: it numbers the feed, then takes, for every patient
and subscription, the first delivery not yet settled, so a receiver gets a patient's messages
in order and the next one only after the one before was acknowledged (or given up on).

Every replica may run it: a delivery is claimed by a conditional UPDATE before it is sent,
and the feed's counter row serialises the numbering, so nothing is sent or numbered twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from handover_common.db import insert_or_ignore
from handover_common.runtime import Runtime
from handover_common.unit_of_work import UnitOfWork
from handover_common.wakeup import wait_for
from handover_contracts.envelope import utcnow
from sqlalchemy import ColumnElement, and_, bindparam, exists, func, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from notification.adapters import webhook_client
from notification.adapters.delivery_tables import (
    DeliveryAttemptRow,
    DeliveryRow,
    FeedCounterRow,
    FeedEntryRow,
    SubscriptionRow,
)
from notification.adapters.orm import NoticeRow
from notification.adapters.secret_box import InvalidToken, SecretBox, opens_stored, seal_stored
from notification.adapters.webhook_client import Answer, Message
from notification.domain.delivery.policy import (
    UNSETTLED,
    Policy,
    State,
    not_taken,
    taken,
    timed_out,
    unreachable,
)
from notification.service_layer.alarms import clear_alarm, raise_alarm
from notification.service_layer.delivery import (
    DELIVERIES_CHANGED,
    acknowledge,
    message_body,
    move,
    policy_of,
    progress_of,
    unreachable_alarm,
    unreachable_key,
)
from notification.settings import NotificationSettings

log = logging.getLogger(__name__)
PRODUCER = "notification"
DELIVERY = DeliveryRow.__table__  # type: ignore[attr-defined]
COUNTER = FeedCounterRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Sender:
    client: httpx.Client
    policy: Policy
    secrets: SecretBox
    batch: int = 100
    hold: timedelta = timedelta(minutes=1)  # a claim outlives one HTTP request


def sequence_feed(engine: Engine, batch: int = 1000) -> int:
    """Give the committed, unnumbered feed entries the next sequences, in notice order: one
    statement for a batch's entries (an ORM row each cost a tenth of notification's CPU under
    load, issue 11)."""
    if not _unnumbered_exist(engine):  # idle: no write transaction, no lock on the counter
        return 0
    numbered = 0
    while True:
        with UnitOfWork(engine, PRODUCER) as uow:
            counter = _locked_counter(uow.session)
            found = uow.session.execute(_UNNUMBERED.limit(batch)).scalars().all()
            if found:
                numbers = enumerate(found, counter.last + 1)
                uow.session.execute(_NUMBER, [{"notice": n, "number": s} for s, n in numbers])
                counter.last += len(found)
                uow.session.add(counter)
            uow.commit()
        numbered += len(found)
        if len(found) < batch:
            return numbered


FEED = FeedEntryRow.__table__  # type: ignore[attr-defined]
_UNNUMBERED = select(FEED.c.notice_id).where(FEED.c.sequence.is_(None)).order_by(FEED.c.notice_id)
_NUMBER = update(FEED).where(FEED.c.notice_id == bindparam("notice"))
_NUMBER = _NUMBER.values(sequence=bindparam("number"))


def _unnumbered_exist(engine: Engine) -> bool:
    query = select(FeedEntryRow.notice_id).where(col(FeedEntryRow.sequence).is_(None)).limit(1)
    with Session(engine) as session:
        return session.exec(query).first() is not None


def _locked_counter(session: Session) -> FeedCounterRow:
    """The counter's row, locked until the transaction ends (PostgreSQL; SQLite has one
    writer at a time anyway). Created when missing (tables made without the migration)."""
    query = select(FeedCounterRow).where(FeedCounterRow.id == 1).with_for_update()
    counter = session.exec(query).first()
    if counter is None:
        dialect = session.get_bind().dialect.name
        session.execute(insert_or_ignore(dialect, COUNTER).values(id=1, last=0))
        counter = session.exec(query).one()
    return counter


@dataclass(frozen=True)
class Due:
    delivery_id: int
    subscription: SubscriptionRow
    notice: NoticeRow
    sequence: int


def due_heads(engine: Engine, now: datetime, limit: int) -> list[Due]:
    earlier = aliased(DeliveryRow)
    blocked = exists().where(
        col(earlier.subscription_id) == col(DeliveryRow.subscription_id),
        col(earlier.patient_ref) == col(DeliveryRow.patient_ref),
        col(earlier.state).in_(UNSETTLED),
        col(earlier.notice_id) < col(DeliveryRow.notice_id),
    )
    query = (
        select(DeliveryRow.id, SubscriptionRow, NoticeRow, FeedEntryRow.sequence)
        .join(SubscriptionRow, col(SubscriptionRow.id) == col(DeliveryRow.subscription_id))
        .join(NoticeRow, col(NoticeRow.id) == col(DeliveryRow.notice_id))
        .join(FeedEntryRow, col(FeedEntryRow.notice_id) == col(DeliveryRow.notice_id))
        .where(_due(now), col(FeedEntryRow.sequence).is_not(None), ~blocked)
        .order_by(col(DeliveryRow.notice_id))
        .limit(limit)
    )
    with Session(engine) as session:
        return [Due(int(i), s, n, int(q)) for i, s, n, q in session.exec(query)]  # type: ignore[arg-type]


def _due(now: datetime) -> ColumnElement[bool]:
    return and_(
        col(DeliveryRow.state).in_(UNSETTLED),
        or_(col(DeliveryRow.due_at).is_(None), col(DeliveryRow.due_at) <= now),
        or_(col(DeliveryRow.claimed_until).is_(None), col(DeliveryRow.claimed_until) <= now),
    )


def deliver_due(engine: Engine, sender: Sender, now: datetime) -> int:
    """One round: number the feed, then send what is due. Returns the requests made."""
    sequence_feed(engine)
    requests = 0
    unreached: set[uuid.UUID] = set()  # after one failure, a receiver's other messages wait
    for due in due_heads(engine, now, sender.batch):
        if due.subscription.id in unreached:
            continue
        try:
            secret = sender.secrets.open(due.subscription.secret)
        except InvalidToken:  # left unclaimed: it goes once the right key is set
            log.error(
                "subscription %s: WEBHOOK_SECRET_KEY does not open its secret", due.subscription.id
            )
            unreached.add(due.subscription.id)
            continue
        message = _claim(engine, due, sender, now, secret)
        if message is None:
            continue
        answer = webhook_client.post(sender.client, message, int(now.timestamp()))
        _record(engine, due, message, answer, sender.policy, now)
        requests += 1
        if not answer.taken:
            unreached.add(due.subscription.id)
    return requests


def _claim(engine: Engine, due: Due, sender: Sender, now: datetime, secret: str) -> Message | None:
    """Claim the delivery; an acknowledgement that did not come in time makes it a resend (or
    gives up). The message to send, or None when another replica has it or none is due."""
    with UnitOfWork(engine, PRODUCER) as uow:
        claim = (
            update(DELIVERY)
            .where(DELIVERY.c.id == due.delivery_id, _due(now))
            .values(claimed_until=now + sender.hold)
        )
        if uow.session.execute(claim).rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = uow.session.get_one(DeliveryRow, due.delivery_id)
        if row.state == State.AWAITING:
            move(uow.session, row, timed_out(progress_of(row), sender.policy, now), now)
        uow.commit()
    if row.state != State.PENDING:
        return None
    body = json.dumps(message_body(due.notice, due.sequence), separators=(",", ":"))
    return Message(
        url=due.subscription.url,
        secret=secret,
        message_id=str(row.message_id),
        subscription_id=str(due.subscription.id),
        transmission=row.transmissions + 1,
        body=body.encode(),
    )


def _record(
    engine: Engine, due: Due, message: Message, answer: Answer, policy: Policy, now: datetime
) -> None:
    with UnitOfWork(engine, PRODUCER) as uow:
        session = uow.session
        row = session.get_one(DeliveryRow, due.delivery_id)
        session.add(_attempt(due.delivery_id, message, answer, now))
        row.claimed_until = None
        if row.state == State.PENDING:  # not settled meanwhile by an acknowledgement
            _advance(session, row, due.subscription, answer, policy, now)
        session.add(row)
        uow.commit()


def _advance(
    session: Session,
    row: DeliveryRow,
    subscription: SubscriptionRow,
    answer: Answer,
    policy: Policy,
    now: datetime,
) -> None:
    if not answer.taken:
        progress = not_taken(progress_of(row), policy, now)
        move(session, row, progress, now)
        if unreachable(progress, policy, now):
            raise_alarm(session, unreachable_alarm(subscription), now)
        return
    move(session, row, taken(progress_of(row), policy, now), now)
    clear_alarm(session, unreachable_key(subscription), now, "the receiver takes messages again")
    if answer.acknowledgement is not None:
        ack = answer.acknowledgement
        acknowledge(session, row, ack.outcome, ack.reason, policy, now)


def _attempt(
    delivery_id: int, message: Message, answer: Answer, now: datetime
) -> DeliveryAttemptRow:
    return DeliveryAttemptRow(
        delivery_id=delivery_id,
        at=now,
        transmission=message.transmission,
        status_code=answer.status_code,
        error=answer.error,
        taken=answer.taken,
    )


def next_due(engine: Engine, now: datetime) -> datetime | None:
    """When the first unsettled delivery falls due (a resend, a claim running out), if later."""
    unsettled = col(DeliveryRow.state).in_(UNSETTLED)
    query = select(
        func.min(DeliveryRow.due_at).filter(unsettled, col(DeliveryRow.due_at) > now),
        func.min(DeliveryRow.claimed_until).filter(unsettled, col(DeliveryRow.claimed_until) > now),
    )
    with Session(engine) as session:
        times = [t for t in session.exec(query).one() if t is not None]
    return min(times, default=None)


def delivery_round(engine: Engine, sender: Sender, now: datetime) -> float | None:
    """One round; how long until the next is due (0: at once), None when nothing waits."""
    if deliver_due(engine, sender, now):
        return 0.0  # an answer may have let a patient's next message go
    due = next_due(engine, now)
    return None if due is None else max((due - now).total_seconds(), 0.0)


async def delivery_worker(runtime: Runtime) -> None:
    """Sends due deliveries, with the system clock: woken when notices commit or a delivery is
    acknowledged in this process, and when the next resend falls due; `delivery_poll_seconds`
    is the safety net (another replica's notices, a lost wake-up)."""
    settings = runtime.settings
    assert isinstance(settings, NotificationSettings)
    secrets = SecretBox(settings.webhook_secret_key)
    if sealed := await asyncio.to_thread(seal_stored, runtime.engine, secrets):
        log.info("sealed %d webhook secrets stored before secrets were sealed", sealed)
    if not await asyncio.to_thread(opens_stored, runtime.engine, secrets):
        log.error(
            "WEBHOOK_SECRET_KEY does not open the webhook secrets: not the key that sealed them"
        )
    if not settings.delivery_worker:
        return
    timeout = settings.delivery_http_timeout_seconds
    hold = timedelta(seconds=timeout * 2 + 30)
    changed = DELIVERIES_CHANGED.register()
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        policy = policy_of(settings)
        sender = Sender(client, policy, secrets, settings.delivery_batch_size, hold)
        try:
            while True:
                began, pause = time.monotonic(), settings.delivery_poll_seconds
                try:
                    due = await asyncio.to_thread(delivery_round, runtime.engine, sender, utcnow())
                    pause = pause if due is None else min(due, pause)
                except Exception:  # a database hiccup: the next round tries again
                    log.exception("delivery round failed")
                if pause > 0:
                    await wait_for(changed, pause)
                    # commits under load wake it for every event: one round per interval
                    rest = began + settings.delivery_min_interval_seconds - time.monotonic()
                    await asyncio.sleep(max(rest, 0.0))
        finally:
            DELIVERIES_CHANGED.unregister(changed)
