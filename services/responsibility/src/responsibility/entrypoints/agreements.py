"""Agreement terms (AG-RENEW): each part's current term end, next notice deadline and renewal
rule, and termination notices recorded per part by an agreement administrator of a party."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from handover_common.access import Access, Authorised, forbidden
from handover_common.errors import NotFound
from handover_common.pages import Limit, Offset, Page, page_of
from handover_common.service import UoW
from handover_common.tables import AuditEntry

from responsibility.domain import Agreement, AgreementCatalogue, AgreementPart, PartTerm
from responsibility.entrypoints.deps import Catalogue, Today, engine_errors_as_4xx
from responsibility.entrypoints.schemas import TerminationIn
from responsibility.service_layer.agreement_terms import record_termination

router = APIRouter(prefix="/v1", tags=["agreements"])
On = Annotated[date | None, Query(description="the date the terms are seen on; default today")]


@router.get("/agreements")
def list_agreements(
    catalogue: Catalogue, today: Today, on: On = None, limit: Limit = 100, offset: Offset = 0
) -> Page[dict[str, Any]]:
    """Every region's agreement with its parts, their terms, term ends and notice deadlines as
    on ``on`` (default today) (AG-RENEW), a page at a time."""
    agreements = [a for region in catalogue.region_codes() for a in catalogue.for_region(region)]
    window = page_of(agreements, limit, offset)
    items = [agreement_view(a, on or today) for a in window.items]
    return Page(items=items, total=window.total, limit=limit, offset=offset)


@router.get("/agreements/{agreement_id}")
def get_agreement(
    agreement_id: str, catalogue: Catalogue, today: Today, on: On = None
) -> dict[str, Any]:
    """One agreement with its parts, terms, term ends, notice deadlines and recorded
    terminations, as on ``on`` (default today)."""
    return agreement_view(_agreement(catalogue, agreement_id), on or today)


@router.post(
    "/agreements/{agreement_id}/parts/{part_id}/termination",
    status_code=status.HTTP_201_CREATED,
)
def terminate_part(
    agreement_id: str,
    part_id: str,
    body: TerminationIn,
    uow: UoW,
    access: Authorised,
    catalogue: Catalogue,
    today: Today,
) -> dict[str, Any]:
    """A party gives notice for one part; checked against the notice deadline, then stored."""
    agreement = _agreement(catalogue, agreement_id)
    caller = str(access.org)
    if caller not in agreement.party_names():
        message = f"{caller} is not a party to {agreement.id}"
        raise forbidden("agreement_id", "AG-RENEW", message)
    if body.by != caller:
        raise forbidden("by", "AG-RENEW", f"{caller} records its own notice, not {body.by}'s")
    notice = (body.noticed_on, body.by, body.reason)
    with uow, engine_errors_as_4xx():
        effect = record_termination(
            uow, agreement, part_id, notice, today, _signed_by(access), _audit(access)
        )
    terminated = agreement.with_terminations([effect.termination])
    return {
        "agreement_id": agreement.id,
        "effect": effect.sentence,
        "missed_deadline": _iso(effect.missed_deadline),
        "part": part_view(terminated, terminated.term(_part(terminated, part_id), today)),
    }


def agreement_view(agreement: Agreement, on: date) -> dict[str, Any]:
    return {
        "id": agreement.id,
        "version": agreement.version,
        "region_code": agreement.region_code,
        "region_name": agreement.region_name,
        "name": agreement.name,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": _iso(agreement.valid_to),
        "effective_end": _iso(agreement.effective_end()),
        "validity": agreement.describe_validity(),
        "in_force": agreement.in_force_on(on),
        "on": on.isoformat(),
        "parts": [part_view(agreement, term) for term in agreement.terms_on(on)],
        "municipalities": [{"code": m.code, "name": m.name} for m in agreement.municipalities],
        "rule_ids": sorted(agreement.rule_ids),
    }


def part_view(agreement: Agreement, term: PartTerm) -> dict[str, Any]:
    part, notice = term.part, term.part.termination
    renewal = part.renewal
    return {
        "id": part.id,
        "name": part.name,
        "frame": part.frame,
        "valid_from": part.valid_from.isoformat(),
        "valid_to": _iso(part.valid_to),
        "renewal": None
        if renewal is None
        else {
            "rule": renewal.rule,
            "extend_years": renewal.extend_years,
            "notice_months": renewal.notice_months,
        },
        "status": term.status,
        "in_force": term.in_force,
        "current_term_end": _iso(term.current_term_end),
        "next_notice_deadline": _iso(term.next_notice_deadline),
        "ends_on": _iso(term.ends_on),
        "termination": None
        if notice is None
        else {
            "noticed_on": notice.noticed_on.isoformat(),
            "by": notice.noticed_by,
            "reason": notice.reason,
        },
        "rule_ids": list(part.rule_ids),
    }


def _agreement(catalogue: AgreementCatalogue, agreement_id: str) -> Agreement:
    try:
        return catalogue.by_id(agreement_id)
    except KeyError:
        raise NotFound("agreement") from None


def _part(agreement: Agreement, part_id: str) -> AgreementPart:
    part = agreement.part(part_id)
    assert part is not None  # recorded, so it exists
    return part


def _signed_by(access: Access) -> str:
    """Who records it, from the signed token — never from the body."""
    return f"{access.org} {access.caller.person}"


def _audit(access: Access) -> AuditEntry:
    caller = access.caller
    return AuditEntry(
        organisation=str(caller.organisation),
        actor=caller.person,
        role=caller.role.value,
        unit=caller.unit,
        action="record-termination",
        route=access.route,
        resource=access.resource,
        patient_ref=None,
    )


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
