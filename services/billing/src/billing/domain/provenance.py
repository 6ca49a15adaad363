"""Where a reference value came from (issue 13): every index, tariff, rate, key and party value
says whether it is a shipped placeholder, entered by finance, or confirmed, who set it and when.

A placeholder may be replaced; an entered or confirmed value is corrected only by a new version
with a reason (never overwritten), so what an issued invoice was priced on stays visible.

Rules (cited in code and tests):

* REF-PLACEHOLDER — a shipped placeholder is replaced by the first value finance enters (even
  the same figure: entering it is what makes it real);
* REF-CORRECTION — an entered or confirmed value is changed only by a new version that states
  its reason; the same value again changes nothing;
* REF-CONFIRM — a second person of finance confirms an entered value (not its own entry, never
  a placeholder);
* REF-PLACEHOLDER-USE — every run lists the placeholders it was priced on, and finance may
  refuse to issue while any remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from billing.domain.errors import BillingError


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
SHIPPED_AGREED = Provenance(Status.ENTERED, set_by="system", set_at=None, reason="agreed figure")
"""A figure shipped from an agreement's text (e.g. JH-RENT-DAY 640 SEK 2025): not an example."""


@dataclass(frozen=True)
class PlaceholderUse:
    """A placeholder a run or statement was priced on: listed on it, and a reason for finance
    to refuse issuing."""

    kind: str  # "index", "tariff", "rate", "key", "party", "model"
    key: str  # e.g. "VPI/2026", "JH-RENT-DAY", "region-24"
    value: str

    @property
    def label(self) -> str:
        return f"{self.kind} {self.key} = {self.value}"


class ChangeKind(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    REPLACES_PLACEHOLDER = "replaces-placeholder"  # REF-PLACEHOLDER
    CORRECTION = "correction"  # REF-CORRECTION
    CONFIRMATION = "confirmation"  # REF-CONFIRM


@dataclass(frozen=True)
class Versioned:
    """The current version of one reference value (an index year, a tariff version …)."""

    value: Decimal
    provenance: Provenance
    version: int


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    version: int
    provenance: Provenance

    @property
    def stores(self) -> bool:
        return self.kind is not ChangeKind.UNCHANGED


class CorrectionNeedsReason(BillingError):
    """REF-CORRECTION: an entered value is changed only by a new version with a reason."""

    def __init__(self, what: str, current: Versioned) -> None:
        who = current.provenance.set_by
        super().__init__(
            f"{what} is {current.provenance.status} as {current.value} (version "
            f"{current.version}, by {who}); to correct it give a reason: a new version is "
            "stored, invoices already issued stay as they are"
        )
        self.what = what


class ConfirmationRefused(BillingError):
    """REF-CONFIRM: only a second person confirms, and only an entered value."""


def next_version(
    what: str,
    current: Versioned | None,
    value: Decimal,
    *,
    by: str,
    at: datetime,
    reason: str | None,
) -> Change:
    """What entering ``value`` does to the value now stored (REF-PLACEHOLDER, REF-CORRECTION)."""
    entered = Provenance(Status.ENTERED, by, at, reason)
    if current is None:
        return Change(ChangeKind.NEW, 1, entered)
    if current.provenance.is_placeholder:
        why = reason or f"replaces the shipped placeholder {current.value}"
        return Change(
            ChangeKind.REPLACES_PLACEHOLDER, current.version + 1, entered_with(why, entered)
        )
    if value == current.value:
        return Change(ChangeKind.UNCHANGED, current.version, current.provenance)
    if not (reason and reason.strip()):
        raise CorrectionNeedsReason(what, current)
    return Change(ChangeKind.CORRECTION, current.version + 1, entered)


def entered_with(reason: str, provenance: Provenance) -> Provenance:
    return Provenance(provenance.status, provenance.set_by, provenance.set_at, reason)


def confirm(what: str, current: Versioned, *, by: str, at: datetime) -> Change:
    """REF-CONFIRM: a second person of finance confirms an entered value (same value)."""
    if current.provenance.is_placeholder:
        raise ConfirmationRefused(f"{what} is a shipped placeholder: enter the real value first")
    if current.provenance.status is Status.CONFIRMED:
        return Change(ChangeKind.UNCHANGED, current.version, current.provenance)
    if current.provenance.set_by == by:
        raise ConfirmationRefused(f"{what} was entered by {by}: a second person confirms it")
    reason = f"confirms version {current.version} entered by {current.provenance.set_by}"
    confirmed = Provenance(Status.CONFIRMED, by, at, reason)
    return Change(ChangeKind.CONFIRMATION, current.version + 1, confirmed)
