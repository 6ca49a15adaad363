"""The history of what a sender sent: the original, each correction, a cancellation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from sqlalchemy import insert
from sqlmodel import col, select

from referral.adapters.orm import CareRequestTransition, MessageVersion


@dataclass(frozen=True)
class Author:
    organisation: str
    person: str | None = None


def record(
    uow: UnitOfWork,
    kind: str,
    subject_id: object,
    version: int,
    change: str,
    author: Author,
    body: dict[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    uow.session.execute(
        _RECORD, [version_row(kind, subject_id, version, change, author, body, reason)]
    )


def record_at_commit(
    uow: UnitOfWork, kind: str, subject_id: object, version: int, change: str, author: Author
) -> None:
    """`record`, written with the transaction's other versions as it commits: for intake, where
    nothing reads the history before then (issue 11)."""
    uow.insert_at_commit(_RECORD, version_row(kind, subject_id, version, change, author))


def version_row(
    kind: str,
    subject_id: object,
    version: int,
    change: str,
    author: Author,
    body: dict[str, Any] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "subject_id": str(subject_id),
        "version": version,
        "change": change,
        "body": body,
        "reason": reason,
        "organisation": author.organisation,
        "person": author.person,
        "at": utcnow(),
    }


_RECORD = insert(MessageVersion.__table__)  # type: ignore[attr-defined]


def history_of(uow: UnitOfWork, kind: str, subject_id: object) -> list[dict[str, Any]]:
    """Oldest first, without the bodies (the current version is the record itself)."""
    rows = uow.session.exec(
        select(MessageVersion)
        .where(MessageVersion.kind == kind, MessageVersion.subject_id == str(subject_id))
        .order_by(col(MessageVersion.id))
    )
    return [
        {
            "version": row.version,
            "change": row.change,
            "reason": row.reason,
            "organisation": row.organisation,
            "at": row.at.isoformat(),
        }
        for row in rows
    ]


def moves_of(uow: UnitOfWork, care_request_id: uuid.UUID) -> list[dict[str, Any]]:
    """A care request's state changes, oldest first: when, by whom, as what."""
    rows = uow.session.exec(
        select(CareRequestTransition)
        .where(CareRequestTransition.care_request_id == care_request_id)
        .order_by(col(CareRequestTransition.id))
    )
    return [
        {
            "from": row.from_status,
            "to": row.to_status,
            "owner": row.owner,
            "organisation": row.organisation,
            "person": row.person,
            "reason": row.reason,
            "at": row.at.isoformat(),
        }
        for row in rows
    ]
