"""The parts of an agreement and their terms (AG-RENEW): pure date arithmetic, no clock.

Each part has an original period and, when its text has a renewal clause, a renewal rule:
"unless terminated at least `notice_months` before expiry it is extended by `extend_years`
each time". A termination notice ends the part at the end of the first term whose notice
deadline it meets; a notice after a deadline lets that renewal happen and ends the part at the
end of the following term (seed: "i annat fall är överenskommelsen varje gång förlängd").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import add_months


@dataclass(frozen=True)
class RenewalRule:
    """AG-RENEW as data: extended by `extend_years` unless noticed `notice_months` before."""

    rule: str
    extend_years: int
    notice_months: int

    def term_end(self, original_end: date, renewals: int) -> date:
        """The end of the term after `renewals` extensions (0: the original period)."""
        return add_months(original_end, 12 * self.extend_years * renewals)

    def notice_deadline(self, term_end: date) -> date:
        """The last day a notice stops the renewal at `term_end` ("minst 12 månader före")."""
        return add_months(term_end, -self.notice_months)


@dataclass(frozen=True)
class PartTermination:
    """A recorded termination notice of one part."""

    part_id: str
    noticed_on: date
    noticed_by: str
    reason: str


@dataclass(frozen=True)
class AgreementPart:
    """One document of an agreement (överenskommelse) with its own validity and renewal.

    `frame` marks the part whose end ends every part (the collaboration agreement itself);
    `rule_ids` are the engine rules written in this part (a rule may be in several).
    """

    id: str
    name: str
    valid_from: date
    valid_to: date | None
    renewal: RenewalRule | None
    rule_ids: tuple[str, ...]
    frame: bool = False
    termination: PartTermination | None = None

    def own_end(self) -> date | None:
        """The last day in force by its own terms; None while it renews with no notice."""
        if self.valid_to is None or self.renewal is None:
            return self.valid_to
        if self.termination is None:
            return None
        return self.term_end_for_notice(self.termination.noticed_on)

    def term_end_for_notice(self, noticed_on: date) -> date:
        """The end of the first term whose notice deadline `noticed_on` meets (AG-RENEW)."""
        assert self.valid_to is not None and self.renewal is not None
        renewals = 0
        while noticed_on > self.renewal.notice_deadline(
            self.renewal.term_end(self.valid_to, renewals)
        ):
            renewals += 1
        return self.renewal.term_end(self.valid_to, renewals)

    def term_end_on(self, on: date) -> date | None:
        """The end of the term that `on` falls in (the first term before the start)."""
        if self.valid_to is None or self.renewal is None:
            return self.valid_to
        renewals = 0
        while on > self.renewal.term_end(self.valid_to, renewals):
            renewals += 1
        return self.renewal.term_end(self.valid_to, renewals)

    def next_notice_deadline(self, on: date) -> date | None:
        """The first day on or after `on` by which a notice must be given to stop a renewal;
        None when the part does not renew or is already terminated."""
        if self.valid_to is None or self.renewal is None or self.termination is not None:
            return None
        renewals = 0
        while on > self.renewal.notice_deadline(self.renewal.term_end(self.valid_to, renewals)):
            renewals += 1
        return self.renewal.notice_deadline(self.renewal.term_end(self.valid_to, renewals))


@dataclass(frozen=True)
class PartTerm:
    """A part's terms as seen on one date: what `GET /v1/agreements` shows."""

    part: AgreementPart
    on: date
    ends_on: date | None  # the last day in force, the frame's end included; None: renews
    in_force: bool
    current_term_end: date | None
    next_notice_deadline: date | None

    @property
    def status(self) -> str:
        if self.on < self.part.valid_from:
            return "not_started"
        if not self.in_force:
            return "ended"
        if self.part.termination is not None:
            return "terminated"
        return "expires" if self.ends_on is not None else "renewing"


def term_on(part: AgreementPart, frame: AgreementPart, on: date) -> PartTerm:
    """The part's term on `on`; the frame's end bounds every part."""
    ends_on = earliest(part.own_end(), frame.own_end())
    in_force = part.valid_from <= on and (ends_on is None or on <= ends_on)
    current = part.term_end_on(on)
    deadline = part.next_notice_deadline(on)
    if ends_on is not None:
        current = ends_on if current is None else min(current, ends_on)
        deadline = None if deadline is None or deadline > ends_on else deadline
    return PartTerm(part, on, ends_on, in_force, current, deadline if in_force else None)


def earliest(a: date | None, b: date | None) -> date | None:
    if a is None or b is None:
        return a or b
    return min(a, b)
