"""Intake: a care request the municipality cannot act on is refused with every gap at once,
and nothing of it is stored (issue 8; CR-CONTENT-*, GEN-SELF, LAW-INFO)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from handover_common.access import Access
from handover_common.errors import FieldError, RequestRejected
from handover_contracts.events import WayIn

from referral.domain.completeness import contradictions, gaps
from referral.domain.dates import local_date
from referral.domain.personnummer import Personnummer
from referral.entrypoints.intake.schemas import DischargeIn, ReferralIn
from referral.service_layer.intake.commands import RegisterReferral
from referral.service_layer.lifecycle.history import Author


def born_by(personnummer: str, moment: datetime) -> None:
    """Section 8: the birth date is a real date not after the day of the event."""
    day = local_date(moment)
    if Personnummer.parse(personnummer).birth_date() > day:
        message = f"the person was born after {day}, the day of this event"
        raise RequestRejected([FieldError("patient.personnummer", "PNR-FORMAT", message)])


def refuse_incomplete(body: ReferralIn, way: WayIn, discharged_at: datetime | None) -> None:
    content = body.content(mode="python")
    components = {str(c) for c in body.care.needs.components}
    day = local_date(discharged_at) if discharged_at else None
    found = [*gaps(content, way, body.acute), *contradictions(content, components, day)]
    if found:
        raise RequestRejected([FieldError(g.field, g.rule, g.message) for g in found])


def command(body: ReferralIn, way: WayIn, access: Access) -> RegisterReferral:
    sender = body.sender
    hospital = body if isinstance(body, DischargeIn) else None
    return RegisterReferral(
        way_in=way,
        personnummer=body.patient.personnummer,
        registered_municipality_code=body.patient.registered_municipality_code,
        region_code=body.region_code,
        sending_unit=hospital.hospital_unit if hospital else _unit_name(sender),
        care=body.care.as_facts(),
        content=body.content(),
        sender_unit_hsa_id=access.caller.unit,
        sender_person_hsa_id=access.caller.person,
        acute=body.acute,
        message_id=body.message_id,
        discharged_at=hospital.discharged_at if hospital else None,
        admitted_at=hospital.admitted_at if hospital else None,
        stay_id=hospital.stay_id if hospital else None,
        fingerprint=fingerprint(body),
        author=Author(str(access.org), access.caller.person),
    )


def fingerprint(body: ReferralIn) -> str:
    """What was sent, but the message id: a repeat must match it exactly."""
    sent = body.model_dump(mode="json", exclude={"message_id"})
    return hashlib.sha256(json.dumps(sent, sort_keys=True).encode()).hexdigest()


def _unit_name(sender: object) -> str:
    name = getattr(sender, "unit_name", None)
    assert isinstance(name, str), "completeness requires sender.unit_name"
    return name
