"""What the deadline watch has published (issue 12 section 2): one row per deadline and phase
(the alarm, then its one final outcome), written in the transaction of its outbox row. The
primary key is the claim: a second sweep, a crashed one re-run or another replica inserts
nothing and publishes nothing."""

from __future__ import annotations

from datetime import datetime

from handover_common.timestamps import UtcDateTime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

__all__ = ["DeadlinePublicationRow"]


class DeadlinePublicationRow(SQLModel, table=True):
    __tablename__ = "deadline_publication"
    __table_args__ = (
        Index("ix_deadline_publication_case", "case_kind", "case_id"),
        Index("ix_deadline_publication_unsettled", "phase", "settled_at"),
    )

    deadline_key: str = Field(primary_key=True)  # rule:subject:subject_id@anchor
    phase: str = Field(primary_key=True)  # missed | final
    outcome: str  # missed | met | stopped
    rule_id: str
    subject: str
    subject_id: str
    owed_by: str
    patient_ref: str
    region_code: str
    municipality_code: str | None = None
    anchor_at: datetime = Field(sa_type=UtcDateTime)
    due_at: datetime = Field(sa_type=UtcDateTime)
    case_kind: str  # stay | referral: where the watch finds the deadline again
    case_id: str
    published_at: datetime = Field(sa_type=UtcDateTime)  # the watch's clock
    settled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # missed: closed by
