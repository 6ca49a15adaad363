"""What each event asks somebody to do (domain brief sections 5 and 7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Notice:
    audience: str  # "municipality:2380", "region:23", "operations"
    summary: str
    action: str | None


ACTIONS: dict[str, str] = {
    "care-request.created": "acknowledge the care request, then accept or reject it",
    "responsibility.decided": "check the responsibility decision for your part of the care",
}


def notice_for(event_type: str, payload: Mapping[str, Any]) -> Notice:
    municipality = payload.get("municipality_code") or payload.get("registered_municipality_code")
    region = payload.get("region_code")
    audience = (
        f"municipality:{municipality}"
        if municipality
        else f"region:{region}"
        if region
        else "operations"
    )
    summary = f"{event_type} for patient {payload.get('patient_ref', 'unknown')}"
    return Notice(audience=audience, summary=summary, action=ACTIONS.get(event_type))
