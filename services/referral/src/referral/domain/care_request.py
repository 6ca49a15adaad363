"""The care request (vårdbegäran) as a FHIR Task: its states, and who owns each transition
(domain brief sections 5 and 5.2; the requester is the sending region, the performer the
municipality). An admission pauses municipal home care (on-hold) and a discharge resumes it,
as MedCom does."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    REQUESTED = "requested"
    RECEIVED = "received"  # acknowledged by the municipality
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IN_PROGRESS = "in-progress"  # enrolled in home health care
    ON_HOLD = "on-hold"  # the patient is back in hospital
    COMPLETED = "completed"  # discharged from home care
    CANCELLED = "cancelled"
    ENTERED_IN_ERROR = "entered-in-error"


class Owner(StrEnum):
    REQUESTER = "requester"
    PERFORMER = "performer"


S, R, P = Status, Owner.REQUESTER, Owner.PERFORMER
ACTIVE = frozenset({S.REQUESTED, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD})
PAUSABLE = frozenset({S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS})

TRANSITIONS: dict[tuple[Status, Status], frozenset[Owner]] = {
    (S.REQUESTED, S.RECEIVED): frozenset({P}),
    (S.RECEIVED, S.ACCEPTED): frozenset({P}),
    (S.RECEIVED, S.REJECTED): frozenset({P}),
    (S.ACCEPTED, S.IN_PROGRESS): frozenset({P}),
    (S.IN_PROGRESS, S.COMPLETED): frozenset({P}),
    (S.ACCEPTED, S.CANCELLED): frozenset({R, P}),  # the performer: care could not begin
    **{(s, S.CANCELLED): frozenset({R}) for s in ACTIVE if s is not S.ACCEPTED},
    **{(s, S.ENTERED_IN_ERROR): frozenset({R}) for s in ACTIVE},
    **{(s, S.ON_HOLD): frozenset({R}) for s in PAUSABLE},
    **{(S.ON_HOLD, s): frozenset({R}) for s in PAUSABLE},  # back to where it was paused
}
"""Every allowed transition and who may make it; everything else is refused."""


class TransitionNotAllowed(ValueError):
    def __init__(self, current: Status, wanted: Status):
        super().__init__(f"a care request that is {current} cannot become {wanted}")
        self.current = current
        self.wanted = wanted


class NotTheOwner(PermissionError):
    def __init__(self, current: Status, wanted: Status, owner: Owner):
        owners = " or ".join(sorted(TRANSITIONS[current, wanted]))
        super().__init__(f"{current} → {wanted} is the {owners}'s to make, not the {owner}'s")


def transition(
    current: Status, wanted: Status, by: Owner = P, resume_to: Status | None = None
) -> Status:
    owners = TRANSITIONS.get((current, wanted))
    if owners is None or (current is S.ON_HOLD and wanted is not resume_to):
        raise TransitionNotAllowed(current, wanted)
    if by not in owners:
        raise NotTheOwner(current, wanted, by)
    return wanted
