"""Where the deadlines' facts come from that the case's own rows do not hold: withdrawn
referrals, care requests and their moves, and when each stay's SIP was called."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlmodel import Session, col, func, select

from referral.adapters.followup_tables import SipMeetingRow
from referral.adapters.orm import CareRequestRow, CareRequestTransition, DischargeRow


def voided_referrals(session: Session, ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    query = select(DischargeRow.id).where(
        col(DischargeRow.id).in_(ids), col(DischargeRow.cancelled_at).is_not(None)
    )
    return set(session.exec(query))


def care_requests_of(session: Session, referral_ids: Collection[uuid.UUID]) -> list[CareRequestRow]:
    if not referral_ids:
        return []
    query = select(CareRequestRow).where(col(CareRequestRow.discharge_id).in_(referral_ids))
    return list(session.exec(query.order_by(col(CareRequestRow.created_at))))


def transitions_of(
    session: Session, request_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[CareRequestTransition]]:
    found: dict[uuid.UUID, list[CareRequestTransition]] = defaultdict(list)
    if request_ids:
        query = select(CareRequestTransition).where(
            col(CareRequestTransition.care_request_id).in_(request_ids)
        )
        for step in session.exec(query):
            found[step.care_request_id].append(step)
    return found


# --- the SIP: called by the fixed care contact (LAW-SIP3) --------------------------------


def sip_calls(session: Session, stay_ids: Collection[str]) -> dict[str, datetime]:
    """When each stay's SIP was first called (sip_meeting, by stay_id: a SIP called for a
    care request carries the stay of its discharge)."""
    if not stay_ids:
        return {}
    first_call = func.min(SipMeetingRow.called_at)
    query = (
        select(SipMeetingRow.stay_id, first_call)
        .where(col(SipMeetingRow.stay_id).in_(stay_ids))
        .group_by(col(SipMeetingRow.stay_id))
    )
    return {stay: called for stay, called in session.exec(query) if stay and called}
