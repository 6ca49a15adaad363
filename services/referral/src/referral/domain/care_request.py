"""The care request (vårdbegäran) lifecycle, domain brief section 5."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    REQUESTED = "requested"
    ACKNOWLEDGED = "acknowledged"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


ALLOWED: dict[Status, frozenset[Status]] = {
    Status.REQUESTED: frozenset({Status.ACKNOWLEDGED, Status.CANCELLED}),
    Status.ACKNOWLEDGED: frozenset({Status.ACCEPTED, Status.REJECTED, Status.CANCELLED}),
    Status.ACCEPTED: frozenset({Status.ENROLLED, Status.CANCELLED}),
    Status.ENROLLED: frozenset({Status.COMPLETED}),
    Status.REJECTED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
}


class TransitionNotAllowed(ValueError):
    def __init__(self, current: Status, wanted: Status):
        super().__init__(f"a care request that is {current} cannot become {wanted}")
        self.current = current
        self.wanted = wanted


def transition(current: Status, wanted: Status) -> Status:
    if wanted not in ALLOWED[current]:
        raise TransitionNotAllowed(current, wanted)
    return wanted
