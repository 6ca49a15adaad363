"""Who must hear of each event, and what they must do (domain brief sections 5 and 7)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Payload = Mapping[str, Any]


@dataclass(frozen=True)
class Notice:
    audience: str  # "municipality:2380", "region:23", "operations"
    summary: str
    action: str | None


def _municipality(payload: Payload) -> str | None:
    code = payload.get("municipality_code") or payload.get("registered_municipality_code")
    return f"municipality:{code}" if code else None


def _requesting_region(payload: Payload) -> str | None:
    """The region that asked: SCB municipality codes start with their county (region) code."""
    code = payload.get("region_code") or str(payload.get("municipality_code") or "")[:2]
    return f"region:{code}" if code else None


def organisation_of_code(code: str | None) -> str | None:
    """The organisation an SCB code names, as callers' tokens name it: a county (2 digits) is
    a region, a municipality has 4 digits."""
    if not code:
        return None
    return f"region:{code}" if len(code) == 2 else f"municipality:{code}"


def _customer(payload: Payload) -> str | None:
    """An invoice goes to the party that must pay it (its finance sees the notice)."""
    return organisation_of_code(payload.get("customer_code"))


def _counterparty(payload: Payload) -> str | None:
    """Reported work goes to the principal it was done for, who will be invoiced."""
    return organisation_of_code(payload.get("counterparty_code"))


def _other_side(payload: Payload) -> str | None:
    """A cancellation goes to whoever did not cancel."""
    if payload.get("cancelled_by") == "performer":
        return _requesting_region(payload)
    return _municipality(payload)


def _owed_by(payload: Payload) -> str | None:
    """A deadline's news goes to the organisation that owes the duty."""
    return str(payload["owed_by"]) if payload.get("owed_by") else None


def _receiving_municipalities(payload: Payload) -> list[str]:
    return [f"municipality:{code}" for code in payload.get("municipality_codes") or []]


def _invited(payload: Payload) -> list[str]:
    return [str(party) for party in payload.get("invited") or []]


def _parties(payload: Payload) -> list[str]:
    """The parties to a decision: its municipality and its region."""
    found = [_municipality(payload), _requesting_region(payload)]
    return [party for party in found if party]


def _other_party(payload: Payload) -> list[str]:
    """A dispute is told to the parties that did not open it (both, when a third opened it)."""
    parties = _parties(payload)
    return [party for party in parties if party != payload.get("opened_by")] or parties


Audience = Callable[[Payload], str | Sequence[str] | None]
"""Who hears of an event: one organisation, several (one notice each), or none (operations)."""
Route = tuple[Audience, str | None]

ROUTES: dict[str, Route] = {
    "patient.admitted": (_municipality, "expect a discharge: prepare support (LAW-ADM24)"),
    "patient.ready-for-discharge": (
        _municipality,
        "plan the discharge; a SIP is called within 3 days (LAW-SIP3)",
    ),
    "patient.readiness-cancelled": (_municipality, "the patient is no longer ready: pause plans"),
    "patient.discharged": (_municipality, None),
    "referral.submitted": (_municipality, None),
    "responsibility.decided": (_municipality, "check the decision for your part of the care"),
    "responsibility.moved": (_municipality, "responsibility moved by a dispute: settle costs"),
    "dispute.opened": (
        _other_party,
        "a dispute was opened about responsibility: state your position; care continues under "
        "the decision (GEN-DISPUTE)",
    ),
    "dispute.resolved": (
        _parties,
        "the dispute is resolved: care follows the resolution, costs are settled afterwards "
        "(GEN-DISPUTE)",
    ),
    "responsibility.undecidable": (
        _requesting_region,
        "the rules cannot decide: correct the named field and resend",
    ),
    "care-request.created": (_municipality, "acknowledge the care request, then accept or reject"),
    "care-request.acknowledged": (_requesting_region, None),
    "care-request.accepted": (_requesting_region, None),
    "care-request.rejected": (_requesting_region, "the municipality rejected: read the reason"),
    "care-request.acute-confirmed": (
        _requesting_region,
        "the acute request is confirmed: it may be carried out",
    ),
    "homecare.enrolled": (_requesting_region, None),
    "patient.admission-corrected": (_municipality, "the admission notice was corrected"),
    "patient.admission-cancelled": (_municipality, "the admission notice was entered in error"),
    "patient.readiness-corrected": (_municipality, "the readiness notice was corrected"),
    "patient.discharge-corrected": (_municipality, None),
    "patient.discharge-cancelled": (_municipality, "the discharge was entered in error"),
    "care-request.corrected": (_municipality, "read the corrected care request"),
    "care-request.cancelled": (_other_side, "the care request is cancelled: read the reason"),
    "care-request.completed": (_requesting_region, None),
    "care-request.on-hold": (_municipality, "the patient is back in hospital: pause home care"),
    "care-request.resumed": (_municipality, "the patient is home again: resume home care"),
    "medication-list.changed": (
        _receiving_municipalities,
        "the medication list changed: read and acknowledge it (JH-INFO)",
    ),
    "medication-list.acknowledged": (_requesting_region, None),
    "sip.called": (_invited, "you are invited to a SIP meeting (LAW-SIP3)"),
    "sip.held": (_requesting_region, None),
    "homecare.discharged": (
        _requesting_region,
        "the patient is back with the health centre: acknowledge the discharge",
    ),
    "homecare.discharge-acknowledged": (_municipality, None),
    "work.reported": (_counterparty, None),
    "invoice.issued": (_customer, "check and pay the invoice"),
    "deadline.missed": (_owed_by, "a deadline passed unmet: act now (see the rule ID)"),
    "deadline.met": (_owed_by, None),
    "deadline.stopped": (_owed_by, None),
}


def _listing_region(payload: Payload) -> str | None:
    """The region of the patient's home county, whose health centre the patient is listed at
    (the hospital's region when no registered municipality is known)."""
    home = str(payload.get("registered_municipality_code") or "")[:2]
    code = home or payload.get("region_code")
    return f"region:{code}" if code else None


ALSO: dict[str, tuple[Route, ...]] = {
    "patient.admitted": (
        (
            _listing_region,
            "your listed patient is in hospital: prepare continued care and the SIP (LAW-ADM24)",
        ),
    ),
}
"""Further audiences of an event, each with its own notice (domain brief 5.1: the admission
notice goes to the municipality and to primary care)."""


def notices_for(event_type: str, payload: Payload) -> list[Notice]:
    """One notice per audience: the event's route first, then any further ones."""
    routes = (ROUTES.get(event_type, (_municipality, None)), *ALSO.get(event_type, ()))
    summary = f"{event_type} for patient {payload.get('patient_ref', '-')}"
    notices: list[Notice] = []
    for audience_of, action in routes:
        for audience in _audiences(audience_of(payload)):
            if all(n.audience != audience for n in notices):
                notices.append(Notice(audience=audience, summary=summary, action=action))
    return notices


def _audiences(found: str | Sequence[str] | None) -> list[str]:
    if isinstance(found, str):
        return [found]
    return [*found] if found else ["operations"]


def notice_for(event_type: str, payload: Payload) -> Notice:
    """The event's first audience (the one its route names)."""
    return notices_for(event_type, payload)[0]
