"""The coordinated individual plan (SIP, samordnad individuell plan): called by the fixed care
contact in regional outpatient care (LAW-SIP3), held with the invited organisations. A SIP
brings the region and the municipality together, so at least one municipality is invited.
Pure: no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from referral.domain.follow_up import SIP_PARTIES, SIP_TIMES, Kind, Refusal

PARTY = re.compile(r"^(region:[0-9]{2}|municipality:[0-9]{4})$")


def invited_parties(given: Iterable[str], required: Iterable[str] = ()) -> list[str]:
    """The invited organisations, each ``region:NN`` or ``municipality:NNNN``, deduplicated
    and sorted; ``required`` (the municipality of the care request) is always invited."""
    parties = [*given]
    for index, party in enumerate(parties):
        if not PARTY.match(party):
            message = f"{party!r} is no organisation: write region:NN or municipality:NNNN"
            raise Refusal(Kind.INVALID, f"invited.{index}", SIP_PARTIES, message)
    invited = sorted({*parties, *required})
    if not any(party.startswith("municipality:") for party in invited):
        message = "a SIP brings region and municipality together: invite the municipality"
        raise Refusal(Kind.INVALID, "invited", SIP_PARTIES, message)
    return invited


CLOCK_SKEW = timedelta(minutes=5)


def check_call(called_at: datetime, meeting_at: datetime, now: datetime) -> None:
    """A call is reported once made (the sender's clock may run a little ahead), for a meeting
    that is not before the call."""
    if called_at > now + CLOCK_SKEW:
        message = f"called_at {called_at.isoformat()} is in the future: report a call once made"
        raise Refusal(Kind.INVALID, "called_at", SIP_TIMES, message)
    if meeting_at < called_at:
        message = (
            f"meeting_at {meeting_at.isoformat()} is before the call ({called_at.isoformat()})"
        )
        raise Refusal(Kind.INVALID, "meeting_at", SIP_TIMES, message)


def check_held(called_at: datetime, held_at: datetime, now: datetime) -> None:
    """A meeting is reported held once it took place, after it was called."""
    if held_at > now + CLOCK_SKEW:
        message = f"held_at {held_at.isoformat()} is in the future: report the meeting once held"
        raise Refusal(Kind.INVALID, "held_at", SIP_TIMES, message)
    if held_at < called_at:
        message = f"held_at {held_at.isoformat()} is before the call ({called_at.isoformat()})"
        raise Refusal(Kind.INVALID, "held_at", SIP_TIMES, message)
