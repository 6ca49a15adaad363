"""Agreements as data: parts, validity, renewal (AG-RENEW) and termination per part."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from .terms import AgreementPart, PartTerm, PartTermination, earliest, term_on

_IN_FORCE_MEMO = 10_000
"""Answers an agreement remembers for `rule_in_force` (a few dozen rules a day)."""


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str


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
    parts: tuple[AgreementPart, ...]
    rule_ids: tuple[str, ...]
    parameters: Mapping[str, Mapping[str, int]]
    sources: tuple[str, ...]
    notes: str = ""

    @property
    def frame(self) -> AgreementPart:
        """The part whose end ends the agreement (the loader guarantees exactly one)."""
        return next(p for p in self.parts if p.frame)

    def part(self, part_id: str) -> AgreementPart | None:
        return next((p for p in self.parts if p.id == part_id), None)

    def effective_end(self) -> date | None:
        """Last day in force after applying AG-RENEW to the frame; None when it renews."""
        return self.frame.own_end()

    def in_force_on(self, on_date: date) -> bool:
        end = self.effective_end()
        return self.valid_from <= on_date and (end is None or on_date <= end)

    def term(self, part: AgreementPart, on: date) -> PartTerm:
        return term_on(part, self.frame, on)

    def terms_on(self, on: date) -> tuple[PartTerm, ...]:
        return tuple(self.term(p, on) for p in self.parts)

    def parts_of_rule(self, rule_id: str) -> tuple[AgreementPart, ...]:
        return tuple(p for p in self.parts if rule_id in p.rule_ids)

    def rule_in_force(self, rule_id: str, on: date) -> bool:
        """A rule applies while at least one part that contains it is in force (AG-RENEW)."""
        known = self._in_force.get((rule_id, on))
        if known is None:
            periods = self._rule_periods.get(rule_id, ())
            known = any(start <= on and (end is None or on <= end) for start, end in periods)
            if len(self._in_force) >= _IN_FORCE_MEMO:  # a long-lived agreement, many dates
                self._in_force.clear()
            self._in_force[rule_id, on] = known
        return known

    @cached_property
    def _in_force(self) -> dict[tuple[str, date], bool]:
        """`rule_in_force` answers, asked for every rule of every decision (issue 11): a few
        dozen rules a day, and an agreement with notices attached is a new object."""
        return {}

    @cached_property
    def _rule_periods(self) -> dict[str, tuple[tuple[date, date | None], ...]]:
        """Per rule, the periods of its parts (the frame's end included): asked for every rule
        of every decision, so computed once per agreement (with its notices)."""
        frame_end = self.frame.own_end()
        periods: dict[str, list[tuple[date, date | None]]] = {}
        for part in self.parts:
            period = (part.valid_from, earliest(part.own_end(), frame_end))
            for rule_id in part.rule_ids:
                periods.setdefault(rule_id, []).append(period)
        return {rule_id: tuple(found) for rule_id, found in periods.items()}

    def part_end_bounding(self, rule_ids: Iterable[str], on: date) -> date | None:
        """The earliest known end of the parts the applied rules came from, seen on `on`: a
        decision under them must be taken again the day after (AG-RENEW)."""
        end: date | None = self.effective_end()
        for rule_id in rule_ids:
            ends = [e for start, e in self._rule_periods.get(rule_id, ()) if start <= on]
            known = [e for e in ends if e is not None]
            if known and len(known) == len(ends):
                end = earliest(end, max(known))
        return end

    def with_terminations(self, terminations: Iterable[PartTermination]) -> Agreement:
        """The agreement with recorded termination notices attached to their parts."""
        by_part = {t.part_id: t for t in terminations}
        if not by_part:
            return self
        parts = tuple(replace(p, termination=by_part.get(p.id, p.termination)) for p in self.parts)
        return replace(self, parts=parts)

    def party_names(self) -> frozenset[str]:
        """The parties as organisations name themselves in tokens (region:23, municipality:…)."""
        return frozenset(
            {f"region:{self.region_code}"} | {f"municipality:{m.code}" for m in self.municipalities}
        )

    def parameter(self, rule_id: str, name: str) -> int:
        return self.parameters[rule_id][name]

    def has_rule(self, rule_id: str) -> bool:
        return rule_id in self._rule_set

    @cached_property
    def _rule_set(self) -> frozenset[str]:
        return frozenset(self.rule_ids)

    def municipality(self, code: str) -> Municipality | None:
        return next((m for m in self.municipalities if m.code == code), None)

    def describe_validity(self) -> str:
        original = f"{self.valid_from.isoformat()} – {_iso_or_open(self.valid_to)}"
        frame = self.frame
        if frame.renewal is None:
            return f"valid {original}"
        end = self.effective_end()
        if end is None or frame.termination is None:
            return f"valid {original}, renewed under {frame.renewal.rule} (no termination recorded)"
        return (
            f"valid {original}, under {frame.renewal.rule} in force until {end.isoformat()} "
            f"(termination notice {frame.termination.noticed_on.isoformat()})"
        )


def _iso_or_open(value: date | None) -> str:
    return "open-ended" if value is None else value.isoformat()
