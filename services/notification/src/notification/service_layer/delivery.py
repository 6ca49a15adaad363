"""Delivery in the event's unit of work: each notice joins its organisation's feed, and gets a
delivery per matching subscription (committed with the notice, so none is lost). Also what an
acknowledgement does to a delivery, and the alarms that follow."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_common.wakeup import Wakeup
from sqlalchemy import insert
from sqlmodel import Session, col, select

from notification.adapters.delivery_tables import DeliveryRow, FeedEntryRow, SubscriptionRow
from notification.adapters.orm import NoticeRow
from notification.domain.alarms import Alarm, AlarmKind
from notification.domain.delivery.policy import ALARMING, Outcome, Policy, Progress, State
from notification.domain.delivery.policy import acknowledged as after_acknowledgement
from notification.domain.delivery.signing import message_id
from notification.service_layer.alarms import clear_alarm, raise_alarm
from notification.settings import NotificationSettings


def policy_of(settings: NotificationSettings) -> Policy:
    return Policy(
        ack_timeout=timedelta(minutes=settings.delivery_ack_timeout_minutes),
        max_resends=settings.delivery_max_resends,
        backoff=timedelta(seconds=settings.delivery_backoff_seconds),
        backoff_max=timedelta(seconds=settings.delivery_backoff_max_seconds),
        unreachable_after=timedelta(minutes=settings.delivery_unreachable_alarm_minutes),
    )


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


DELIVERIES_CHANGED = Wakeup()
"""Wakes this process's delivery worker: new notices committed, or a delivery acknowledged
(the patient's next message may go)."""


class NewNotices:
    """The transaction's new notices, written when it commits with Core statements (a consumer
    batch makes several per event): each notice, its entry in its audience's feed, and a
    delivery per matching subscription — the subscriptions read once per batch."""

    def __init__(self) -> None:
        self.notices: list[dict[str, Any]] = []

    def write(self, session: Session) -> None:
        if not self.notices:
            return
        ids = _inserted_ids(session, self.notices)
        audiences = {n["audience"] for n in self.notices}
        subscriptions = session.exec(
            select(SubscriptionRow)
            .where(col(SubscriptionRow.audience).in_(audiences))
            .where(col(SubscriptionRow.deleted_at).is_(None))
        ).all()
        feed: list[dict[str, Any]] = []
        deliveries: list[dict[str, Any]] = []
        for notice_id, notice in zip(ids, self.notices, strict=True):
            feed.append({"notice_id": notice_id, "audience": notice["audience"]})
            deliveries.extend(
                _delivery(subscription, notice_id, notice)
                for subscription in subscriptions
                if subscription.audience == notice["audience"]
                and notice["event_type"] in subscription.event_types
            )
        session.execute(insert(FEED), feed)
        if deliveries:
            session.execute(insert(DELIVERIES), deliveries)

    def after_commit(self) -> None:
        if self.notices:
            DELIVERIES_CHANGED.notify()  # number the feed and send now, not at the next poll


NOTICES = NoticeRow.__table__  # type: ignore[attr-defined]
FEED = FeedEntryRow.__table__  # type: ignore[attr-defined]
DELIVERIES = DeliveryRow.__table__  # type: ignore[attr-defined]
_INSERT_NOTICES = insert(NOTICES).returning(NOTICES.c.id, NOTICES.c.event_id, NOTICES.c.audience)


def _inserted_ids(session: Session, notices: list[dict[str, Any]]) -> list[int]:
    """The notices' ids, in their order. A notice is known by its event and audience (one
    notice an audience, `notices_for`; an event applied once a batch, the inbox): ids come
    back in any order and are matched by those, which lets SQLite take all the rows in one
    statement (asked for in parameter order, it took one statement a row, issue 11)."""
    returned = session.execute(_INSERT_NOTICES, notices)
    ids = {(event_id, audience): notice_id for notice_id, event_id, audience in returned}
    if len(ids) != len(notices):
        raise ValueError("two notices of one event for one audience")
    return [ids[notice["event_id"], notice["audience"]] for notice in notices]


def deliver(uow: UnitOfWork, notice: dict[str, Any]) -> None:
    """A notice (the `notice` table's columns but its id) stored as this unit of work commits,
    with its feed entry and deliveries."""
    uow.before_commit(NewNotices).notices.append(notice)


def _delivery(
    subscription: SubscriptionRow, notice_id: int, notice: dict[str, Any]
) -> dict[str, Any]:
    return {
        "subscription_id": subscription.id,
        "notice_id": notice_id,
        "message_id": message_id(notice["event_id"], notice["audience"]),
        "patient_ref": notice["patient_ref"],
        "state": State.PENDING,
        "due_at": None,  # at once
        "created_at": notice["received_at"],
    }


def message_body(notice: NoticeRow, sequence: int) -> dict[str, Any]:
    """What a receiver gets, by webhook or in the feed: the same fields, the same message id."""
    return {
        "message_id": str(message_id(notice.event_id, notice.audience)),
        "sequence": sequence,
        "event_type": notice.event_type,
        "occurred_at": notice.occurred_at.isoformat().replace("+00:00", "Z"),  # as the feed has it
        "patient_ref": notice.patient_ref,
        "summary": notice.summary,
        "action": notice.action,
        "care_request_id": notice.care_request_id,
        "correlation_id": notice.correlation_id,
    }


def progress_of(row: DeliveryRow) -> Progress:
    return Progress(
        State(row.state), row.due_at, row.transmissions, row.failures, row.failing_since
    )


def move(session: Session, row: DeliveryRow, progress: Progress, now: datetime) -> None:
    """Store the delivery's new progress; entering or leaving a failed state raises or clears
    its alarm for operations."""
    before = State(row.state)
    row.state, row.due_at = progress.state, progress.due_at
    row.transmissions, row.failures = progress.transmissions, progress.failures
    row.failing_since = progress.failing_since
    session.add(row)
    if progress.state in ALARMING and before not in ALARMING:
        raise_alarm(session, _alarm(row), now)
    elif before in ALARMING and progress.state is State.DELIVERED:
        clear_alarm(session, alarm_key(row), now, "acknowledged ok after all")


def acknowledge(
    session: Session,
    row: DeliveryRow,
    outcome: Outcome,
    reason: str | None,
    policy: Policy,
    now: datetime,
) -> None:
    """The receiver's application acknowledgement; a repeated one changes nothing."""
    progress = after_acknowledgement(progress_of(row), outcome, policy, now)
    if progress == progress_of(row):
        return
    row.outcome, row.reason, row.acknowledged_at = outcome, reason, now
    move(session, row, progress, now)


def alarm_key(row: DeliveryRow) -> str:
    return f"delivery:{row.subscription_id}:{row.message_id}"


def _alarm(row: DeliveryRow) -> Alarm:
    if row.state == State.FAILED:
        why = f"the receiver refused it with a fatal error: {row.reason or 'no reason given'}"
    else:
        why = f"no ok acknowledgement after {row.transmissions} transmissions"
    return Alarm(
        key=alarm_key(row),
        kind=AlarmKind.DELIVERY,
        audience="operations",
        rule_id=None,
        subject="delivery",
        subject_id=str(row.message_id),
        patient_ref=row.patient_ref,
        summary=f"message {row.message_id} to subscription {row.subscription_id}: {why}",
    )


def unreachable_alarm(subscription: SubscriptionRow) -> Alarm:
    return Alarm(
        key=unreachable_key(subscription),
        kind=AlarmKind.DELIVERY,
        audience="operations",
        rule_id=None,
        subject="subscription",
        subject_id=str(subscription.id),
        patient_ref="-",
        summary=f"the receiving system of {subscription.audience} (subscription "
        f"{subscription.id}) has not taken a message for a long time; retries continue",
    )


def unreachable_key(subscription: SubscriptionRow) -> str:
    return f"delivery:unreachable:{subscription.id}"
