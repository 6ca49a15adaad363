"""Party details (issue 13): finance of a party maintains its organisation number, buyer
reference and payment accounts; each change is a new version with provenance.

Rules: PARTY-ORGNR, PARTY-BUYER-REF, PARTY-BANKGIRO, PARTY-PLUSGIRO (the values), PARTY-REASON
(a change of entered or confirmed details says why), PARTY-CONFIRM (a second person of
finance confirms the current details unchanged), PARTY-VERSION (409: changed meanwhile).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from sqlmodel import Session

from billing.adapters.party_tables import latest_versions, row_of, shipped_details
from billing.domain.parties import (
    Party,
    PartyDetails,
    PaymentScheme,
    detail_problems,
    normalised_details,
)
from billing.domain.provenance import Provenance, Status
from billing.service_layer.errors import commit_or_conflict
from billing.service_layer.reference import reference


@dataclass(frozen=True)
class DetailsChange:
    org_number: str
    buyer_reference: str
    bankgiro: str | None
    plusgiro: str | None
    status: Status  # ENTERED, or CONFIRMED by a second person
    reason: str | None
    based_on: int | None  # the version the caller saw (None: whatever is current)


def current_details(session: Session, party_ids: Iterable[str]) -> dict[str, PartyDetails]:
    """Each party's current details: finance's newest version, else the shipped one."""
    ids = list(party_ids)
    shipped = shipped_details()
    entered = latest_versions(session, ids)
    return {i: entered.get(i) or shipped[i] for i in ids}


def current_parties(session: Session, party_ids: Iterable[str]) -> dict[str, Party]:
    parties = reference().parties
    details = current_details(session, party_ids)
    return {i: parties[i].with_details(d) for i, d in details.items()}


def _accounts(change: DetailsChange) -> Mapping[PaymentScheme, str | None]:
    return {PaymentScheme.BANKGIRO: change.bankgiro, PaymentScheme.PLUSGIRO: change.plusgiro}


def _same_values(change: DetailsChange, current: PartyDetails, proposed: PartyDetails) -> bool:
    return (proposed.org_number, proposed.buyer_reference, proposed.accounts) == (
        current.org_number,
        current.buyer_reference,
        current.accounts,
    )


def _rule_problems(
    change: DetailsChange, current: PartyDetails, proposed: PartyDetails, by: str
) -> list[FieldError]:
    errors = []
    if change.based_on is not None and change.based_on != current.version:
        message = f"based on version {change.based_on}, but version {current.version} is current"
        raise RequestRejected([FieldError("based_on", "PARTY-VERSION", message)], 409)
    if change.status is Status.CONFIRMED:
        if current.provenance.status is not Status.ENTERED:
            message = "only details finance entered can be confirmed"
            errors.append(FieldError("status", "PARTY-CONFIRM", message))
        elif not _same_values(change, current, proposed):
            message = "a confirmation repeats the current details unchanged"
            errors.append(FieldError("status", "PARTY-CONFIRM", message))
        elif current.provenance.set_by == by:
            message = "a second person of finance confirms, not the one who entered them"
            errors.append(FieldError("status", "PARTY-CONFIRM", message))
    elif not current.provenance.is_placeholder and not (change.reason or "").strip():
        message = "entered or confirmed details change only with a reason"
        errors.append(FieldError("reason", "PARTY-REASON", message))
    return errors


def change_details(uow: UnitOfWork, party_id: str, change: DetailsChange, by: str) -> PartyDetails:
    """Store the change as the next version; 422 naming every broken rule, nothing stored."""
    current = current_details(uow.session, [party_id])[party_id]
    problems = detail_problems(change.org_number, change.buyer_reference, _accounts(change))
    errors = [FieldError(p.field, p.rule, p.message) for p in problems]
    if errors:
        raise RequestRejected(errors)
    provenance = Provenance(change.status, by, datetime.now(UTC), change.reason)
    proposed = normalised_details(
        change.org_number,
        change.buyer_reference,
        _accounts(change),
        provenance,
        current.version + 1,
    )
    errors = _rule_problems(change, current, proposed, by)
    if errors:
        raise RequestRejected(errors)
    uow.session.add(row_of(party_id, proposed))
    message = f"the details of {party_id} were changed meanwhile: read them again"
    commit_or_conflict(uow, "based_on", "PARTY-VERSION", message)
    return proposed
