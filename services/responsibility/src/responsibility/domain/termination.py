"""Recording a termination notice of one part of an agreement (AG-RENEW), checked first.

Seed (jamtland-…, Giltighet(stid) of each part): "Uppsägning … ska ske via länsövergripande
politisk samverkansarena minst 12 månader före giltighetstidens utgång, i annat fall är
överenskommelsen varje gång förlängd med två år." Read as: a notice given by the deadline ends
the part at the end of the current term; a later notice does not stop that renewal, so the
part is extended once more and ends at the end of the following term (the notice is then in
time for it). The notice is recorded with that effect stated, not refused. Each part may be
terminated on its own ("Uppsägning av samverkansavtalet eller enskilda överenskommelser"); a
part without a renewal clause (joint development) simply expires and has nothing to terminate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .agreement import Agreement
from .errors import TerminationRefused
from .terms import AgreementPart, PartTermination

RULE = "AG-RENEW"


@dataclass(frozen=True)
class TerminationEffect:
    """What a recorded notice does: the part's last day, and the deadline it missed if late."""

    agreement_id: str
    termination: PartTermination
    ends_on: date
    missed_deadline: date | None

    @property
    def sentence(self) -> str:
        part = self.termination.part_id
        if self.missed_deadline is None:
            return f"{RULE}: notice in time; part {part} ends {self.ends_on.isoformat()}."
        return (
            f"{RULE}: notice after the deadline {self.missed_deadline.isoformat()}, so the part "
            f"was renewed once more; part {part} ends {self.ends_on.isoformat()}."
        )


def record_notice(
    agreement: Agreement,
    part_id: str,
    noticed_on: date,
    noticed_by: str,
    reason: str,
    today: date,
) -> TerminationEffect:
    """Check a termination notice against the agreement's terms; nothing is stored here."""
    part = agreement.part(part_id)
    if part is None:
        known = ", ".join(p.id for p in agreement.parts)
        raise TerminationRefused(
            "part", RULE, f"{agreement.id} has no part {part_id} ({known})", 404
        )
    if noticed_by not in agreement.party_names():
        message = f"{noticed_by} is not a party to {agreement.id}"
        raise TerminationRefused("by", RULE, message, 403)
    _check_terminable(agreement, part)
    _check_date(agreement, part, noticed_on, today)
    if not reason.strip():
        raise TerminationRefused("reason", RULE, "say why the part is terminated")
    termination = PartTermination(part.id, noticed_on, noticed_by, reason.strip())
    ends_on = part.term_end_for_notice(noticed_on)
    current_end = part.term_end_on(noticed_on)
    assert part.renewal is not None and current_end is not None
    late = ends_on > current_end
    missed = part.renewal.notice_deadline(current_end) if late else None
    return TerminationEffect(agreement.id, termination, ends_on, missed)


def _check_terminable(agreement: Agreement, part: AgreementPart) -> None:
    if part.renewal is None or part.valid_to is None:
        end = "is open-ended" if part.valid_to is None else f"ends {part.valid_to.isoformat()}"
        message = f"part {part.id} has no renewal clause: it {end} without notice"
        raise TerminationRefused("part", RULE, message)
    if part.termination is not None:
        notice = part.termination
        message = (
            f"part {part.id} of {agreement.id} was already terminated: notice "
            f"{notice.noticed_on.isoformat()} by {notice.noticed_by}, ends "
            f"{part.term_end_for_notice(notice.noticed_on).isoformat()}"
        )
        raise TerminationRefused("part", RULE, message, 409)


def _check_date(agreement: Agreement, part: AgreementPart, noticed_on: date, today: date) -> None:
    if noticed_on > today:
        message = f"{noticed_on} is after today ({today}): record a notice once it is given"
        raise TerminationRefused("noticed_on", RULE, message)
    if noticed_on < part.valid_from:
        message = f"before part {part.id} starts ({part.valid_from.isoformat()})"
        raise TerminationRefused("noticed_on", RULE, message)
    term = agreement.term(part, noticed_on)
    if not term.in_force:
        message = f"part {part.id} of {agreement.id} had already ended ({term.ends_on})"
        raise TerminationRefused("noticed_on", RULE, message)
