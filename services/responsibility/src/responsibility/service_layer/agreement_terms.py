"""Agreement terms, persisted: termination notices per part (AG-RENEW) and the catalogue that
decisions are taken under — the agreement files with every recorded notice on its part.

Recording a notice stores it, its audit row and the earlier re-evaluation of the standing
decisions it bounds in one transaction: a decision that relies on a terminated part is taken
again the day after the part ends, and then answers that no agreement is in force for it.
"""

from __future__ import annotations

from datetime import date, timedelta

from handover_common.tables import AuditEntry
from handover_common.unit_of_work import UnitOfWork
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from responsibility.adapters.orm import AgreementTerminationRow, DecisionRow
from responsibility.domain import (
    Agreement,
    AgreementCatalogue,
    PartTermination,
    TerminationEffect,
    TerminationRefused,
    record_notice,
)


def stored_terminations(session: Session) -> list[tuple[str, PartTermination]]:
    rows = session.exec(select(AgreementTerminationRow))
    return [
        (r.agreement_id, PartTermination(r.part_id, r.noticed_on, r.noticed_by, r.reason))
        for r in rows
    ]


def catalogue_in_force(session: Session, catalogue: AgreementCatalogue) -> AgreementCatalogue:
    """The agreement files with the recorded termination notices applied (AG-RENEW); read
    once per transaction (a consumer batch decides many discharges under the same notices)."""
    known: dict[int, AgreementCatalogue] = session.info.setdefault(_IN_FORCE, {})
    if id(catalogue) not in known:
        known[id(catalogue)] = catalogue.with_terminations(stored_terminations(session))
    return known[id(catalogue)]


_IN_FORCE = "catalogue-in-force"


def record_termination(
    uow: UnitOfWork,
    agreement: Agreement,
    part_id: str,
    notice: tuple[date, str, str],
    today: date,
    recorded_by: str,
    audit: AuditEntry,
) -> TerminationEffect:
    """Check the notice (`noticed_on`, `noticed_by`, `reason`) and store it, or store nothing."""
    noticed_on, noticed_by, reason = notice
    effect = record_notice(agreement, part_id, noticed_on, noticed_by, reason, today)
    uow.session.info.pop(_IN_FORCE, None)  # this transaction's catalogue has a new notice
    uow.session.add(
        AgreementTerminationRow(
            agreement_id=agreement.id,
            part_id=effect.termination.part_id,
            noticed_on=noticed_on,
            noticed_by=noticed_by,
            reason=effect.termination.reason,
            ends_on=effect.ends_on,
            missed_deadline=effect.missed_deadline,
            recorded_by=recorded_by,
        )
    )
    uow.session.add(audit)
    reschedule_bounded(uow.session, agreement.with_terminations([effect.termination]))
    try:
        uow.commit()
    except IntegrityError:  # recorded concurrently: the unique (agreement, part) says so
        uow.session.rollback()
        message = f"part {part_id} of {agreement.id} was terminated meanwhile"
        raise TerminationRefused("part", "AG-RENEW", message, 409) from None
    return effect


def reschedule_bounded(session: Session, agreement: Agreement) -> int:
    """Standing decisions under `agreement` are re-evaluated the day after the earliest end
    of the parts they rely on, if that comes before their own re-evaluation date."""
    query = (
        select(DecisionRow)
        .where(DecisionRow.agreement_id == agreement.id)
        .where(col(DecisionRow.superseded_by).is_(None))
    )
    moved = 0
    for row in session.exec(query):
        end = agreement.part_end_bounding(row.rule_ids, row.decided_on)
        if end is None or end < row.decided_on:
            continue
        due = end + timedelta(days=1)
        if row.reevaluate_on is None or due < row.reevaluate_on:
            row.reevaluate_on = due
            session.add(row)
            moved += 1
    return moved
