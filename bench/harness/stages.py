"""Where the time of one discharge goes, from the rows it leaves in the services' databases:
POST → referral outbox → broker → responsibility inbox and outbox → broker → referral inbox →
care request. Every row is joined by the patient's reference (one patient per request) and
the event ids the inboxes keep."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from handover_common.launcher import LocalSystem

from tests.support.system import postgres_dsn

STAGES = (
    ("intake", "HTTP answer − scheduled send: referral stores the discharge and its outbox row"),
    ("referral relay", "referral outbox created_at → sent_at"),
    ("hop → responsibility", "referral outbox sent_at → responsibility inbox processed_at"),
    ("= relay + hop", "referral outbox created_at → responsibility inbox processed_at"),
    ("responsibility handler", "responsibility inbox processed_at → outbox created_at"),
    ("responsibility relay", "responsibility outbox created_at → sent_at"),
    ("hop → referral", "responsibility outbox sent_at → referral inbox processed_at"),
    ("= relay + hop", "responsibility outbox created_at → referral inbox processed_at"),
    ("referral handler", "referral inbox processed_at → care_request created_at"),
)
"""The stages of one discharge, as (name, what is measured). sent_at is stamped when the relay
marks its batch sent, after the broker acknowledged every record of it, so a consumer can
have the event before that: "hop" can be negative, "relay + hop" cannot."""


def rows(system: LocalSystem, service: str, sql: str) -> list[tuple[Any, ...]]:
    """All rows of `sql` in a service's database (its PostgreSQL, else its SQLite file)."""
    if service in system.database_urls:
        with psycopg.connect(postgres_dsn(system.database_urls[service]), connect_timeout=5) as db:
            return list(db.execute(sql).fetchall())
    path = system.data_dir / f"{service}.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
        return list(db.execute(sql).fetchall())


def epoch(value: object) -> float:
    """A stored timestamp as seconds since the epoch (SQLite keeps naive UTC text)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def ident(value: object) -> str:
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


@dataclass
class Trace:
    """The moments one discharge passed (epoch seconds); None where it has not (yet)."""

    posted: float
    answered: float | None = None
    referral_outbox: tuple[float, float | None] | None = None
    responsibility_inbox: float | None = None
    responsibility_outbox: tuple[float, float | None] | None = None
    referral_inbox: float | None = None
    care_request: float | None = None

    def stages(self) -> list[float | None]:
        """Seconds per stage, in the order of STAGES (None where a moment is missing)."""
        ro, so = self.referral_outbox, self.responsibility_outbox
        points: list[tuple[float | None, float | None]] = [
            (self.posted, self.answered),
            (ro[0] if ro else None, ro[1] if ro else None),
            (ro[1] if ro else None, self.responsibility_inbox),
            (ro[0] if ro else None, self.responsibility_inbox),
            (self.responsibility_inbox, so[0] if so else None),
            (so[0] if so else None, so[1] if so else None),
            (so[1] if so else None, self.referral_inbox),
            (so[0] if so else None, self.referral_inbox),
            (self.referral_inbox, self.care_request),
        ]
        return [None if a is None or b is None else b - a for a, b in points]

    @property
    def end_to_end(self) -> float | None:
        return None if self.care_request is None else self.care_request - self.posted


def traces(system: LocalSystem, posted: dict[str, tuple[float, float | None]]) -> dict[str, Trace]:
    """Traces of the discharges sent with `posted` = {message id: (send time, answer time)}."""
    by_ref: dict[str, Trace] = {}
    for message, ref in rows(system, "referral", "select message_id, patient_ref from discharge"):
        if message is not None and (sent := posted.get(ident(message))):
            by_ref[ref] = Trace(posted=sent[0], answered=sent[1])
    discharged_events: dict[str, str] = {}
    for ref, event, created, sent_at in rows(
        system,
        "referral",
        "select partition_key, event_id, created_at, sent_at from outbox"
        " where event_type = 'patient.discharged'",
    ):
        if trace := by_ref.get(ref):
            trace.referral_outbox = (epoch(created), None if sent_at is None else epoch(sent_at))
            discharged_events[ident(event)] = ref
    for event, processed in rows(
        system,
        "responsibility",
        "select event_id, processed_at from inbox where event_type = 'patient.discharged'",
    ):
        if ref := discharged_events.get(ident(event)):
            by_ref[ref].responsibility_inbox = epoch(processed)
    decided_events: dict[str, str] = {}
    for ref, event, created, sent_at in rows(
        system,
        "responsibility",
        "select partition_key, event_id, created_at, sent_at from outbox"
        " where event_type = 'responsibility.decided'",
    ):
        if trace := by_ref.get(ref):
            trace.responsibility_outbox = (
                epoch(created),
                None if sent_at is None else epoch(sent_at),
            )
            decided_events[ident(event)] = ref
    for event, processed in rows(
        system,
        "referral",
        "select event_id, processed_at from inbox where event_type = 'responsibility.decided'",
    ):
        if ref := decided_events.get(ident(event)):
            by_ref[ref].referral_inbox = epoch(processed)
    for ref, created in rows(
        system, "referral", "select patient_ref, created_at from care_request"
    ):
        if trace := by_ref.get(ref):
            trace.care_request = epoch(created)
    return by_ref


def column(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None]
