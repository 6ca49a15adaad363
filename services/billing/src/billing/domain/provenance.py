"""Where a reference value came from (issue 13): every index, tariff, rate, key and party value
says whether it is a shipped placeholder, entered by finance, or confirmed, who set it and when.

A placeholder may be replaced; an entered or confirmed value is corrected only by a new version
with a reason (never overwritten), so what an issued invoice was priced on stays visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    PLACEHOLDER = "placeholder"  # shipped with the system as an example: never bill on it unseen
    ENTERED = "entered"  # set by finance
    CONFIRMED = "confirmed"  # checked by a second person of finance


@dataclass(frozen=True)
class Provenance:
    status: Status
    set_by: str  # "system" for shipped data, else "<organisation>/<person>"
    set_at: datetime | None  # None for shipped data
    reason: str | None = None  # why a version replaced the one before

    @property
    def is_placeholder(self) -> bool:
        return self.status is Status.PLACEHOLDER


SHIPPED = Provenance(Status.PLACEHOLDER, set_by="system", set_at=None)


@dataclass(frozen=True)
class PlaceholderUse:
    """A placeholder a run or statement was priced on: listed on it, and a reason for finance
    to refuse issuing."""

    kind: str  # "index", "tariff", "rate", "key", "party"
    key: str  # e.g. "VPI/2026", "JH-RENT-DAY", "region-24"
    value: str
