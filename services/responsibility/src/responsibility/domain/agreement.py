"""Agreements as data: validity, renewal (AG-RENEW) and termination."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .dates import add_months


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str


@dataclass(frozen=True)
class RenewalTerms:
    """AG-RENEW: extended by `extension_months` each time unless terminated in time."""

    extension_months: int
    notice_months: int


@dataclass(frozen=True)
class Termination:
    """A termination notice; it stops the first renewal it reaches in time (AG-RENEW)."""

    notice_given_on: date
    note: str


@dataclass(frozen=True)
class Agreement:
    id: str
    version: str
    family: str
    region_code: str
    region_name: str
    name: str
    municipalities: tuple[Municipality, ...]
    valid_from: date
    valid_to: date | None
    renewal: RenewalTerms | None
    termination: Termination | None
    rule_ids: tuple[str, ...]
    parameters: Mapping[str, Mapping[str, int]]
    sources: tuple[str, ...]
    notes: str = ""

    def effective_end(self) -> date | None:
        """Last day in force after applying AG-RENEW; None when open-ended."""
        if self.valid_to is None or self.renewal is None:
            return self.valid_to
        if self.termination is None:
            return None
        end = self.valid_to
        while self.termination.notice_given_on > self.notice_deadline(end):
            end = add_months(end, self.renewal.extension_months)
        return end

    def notice_deadline(self, term_end: date) -> date:
        """Latest day a termination notice stops the renewal at `term_end` (AG-RENEW)."""
        assert self.renewal is not None
        return add_months(term_end, -self.renewal.notice_months)

    def in_force_on(self, on_date: date) -> bool:
        end = self.effective_end()
        return self.valid_from <= on_date and (end is None or on_date <= end)

    def parameter(self, rule_id: str, name: str) -> int:
        return self.parameters[rule_id][name]

    def has_rule(self, rule_id: str) -> bool:
        return rule_id in self.rule_ids

    def municipality(self, code: str) -> Municipality | None:
        return next((m for m in self.municipalities if m.code == code), None)

    def describe_validity(self) -> str:
        original = f"{self.valid_from.isoformat()} – {_iso_or_open(self.valid_to)}"
        if self.renewal is None:
            return f"valid {original}"
        end = self.effective_end()
        if end is None:
            return f"valid {original}, renewed under AG-RENEW (no termination recorded)"
        assert self.termination is not None
        return (
            f"valid {original}, under AG-RENEW in force until {end.isoformat()} "
            f"(termination notice {self.termination.notice_given_on.isoformat()})"
        )


def _iso_or_open(value: date | None) -> str:
    return "open-ended" if value is None else value.isoformat()
