"""A delivery's life: transmit, await the application acknowledgement, resend within limits.

A transmission counts once the receiving system takes it (HTTP 2xx); it then has the
acknowledgement timeout to acknowledge it. Without an acknowledgement (or with a transient
error) it is resent, at most `max_resends` times; then, as after a fatal error, operations get
an alarm. A transmission the receiver does not take (no answer, non-2xx) is retried with
exponential back-off for as long as it takes — a receiver that comes back gets everything —
and operations hear of an unreachable receiver after `unreachable_after`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum


class State(StrEnum):
    PENDING = "pending"  # to be transmitted at due_at
    AWAITING = "awaiting-acknowledgement"  # taken by the receiver; acknowledgement due at due_at
    DELIVERED = "delivered"  # acknowledged ok
    FAILED = "failed"  # the receiver answered with a fatal error
    EXHAUSTED = "exhausted"  # no ok after the last resend
    CANCELLED = "cancelled"  # the subscription was deleted


UNSETTLED = (State.PENDING, State.AWAITING)
ALARMING = (State.FAILED, State.EXHAUSTED)


class Outcome(StrEnum):
    OK = "ok"
    TRANSIENT = "transient-error"
    FATAL = "fatal-error"


@dataclass(frozen=True)
class Policy:
    ack_timeout: timedelta = timedelta(minutes=15)
    max_resends: int = 2
    backoff: timedelta = timedelta(seconds=10)
    backoff_max: timedelta = timedelta(minutes=5)
    unreachable_after: timedelta = timedelta(minutes=45)

    def backoff_after(self, failures: int) -> timedelta:
        """10 s, 20 s, 40 s, … up to the maximum."""
        grown: timedelta = self.backoff * 2 ** min(max(failures - 1, 0), 20)  # no overflow
        return min(grown, self.backoff_max)


@dataclass(frozen=True)
class Progress:
    state: State
    due_at: datetime | None
    transmissions: int = 0  # taken by the receiver: the first send and every resend
    failures: int = 0  # transport failures in a row
    failing_since: datetime | None = None


def taken(p: Progress, policy: Policy, now: datetime) -> Progress:
    """The receiver took a transmission (2xx): wait for its acknowledgement."""
    return Progress(State.AWAITING, now + policy.ack_timeout, p.transmissions + 1)


def not_taken(p: Progress, policy: Policy, now: datetime) -> Progress:
    """No answer or a non-2xx: try again after a growing pause."""
    failures = p.failures + 1
    due = now + policy.backoff_after(failures)
    return replace(
        p, state=State.PENDING, due_at=due, failures=failures, failing_since=p.failing_since or now
    )


def unreachable(p: Progress, policy: Policy, now: datetime) -> bool:
    return p.failing_since is not None and now - p.failing_since >= policy.unreachable_after


def resend_or_give_up(p: Progress, policy: Policy, due_at: datetime) -> Progress:
    if p.transmissions > policy.max_resends:  # the first send plus max_resends resends
        return replace(p, state=State.EXHAUSTED, due_at=None)
    return replace(p, state=State.PENDING, due_at=due_at, failures=0, failing_since=None)


def timed_out(p: Progress, policy: Policy, now: datetime) -> Progress:
    """The acknowledgement did not come in time."""
    return resend_or_give_up(p, policy, now)


def acknowledged(p: Progress, outcome: Outcome, policy: Policy, now: datetime) -> Progress:
    """Apply an acknowledgement; a repeated or late one changes nothing, except that a late
    ok still counts (the receiver has the message after all)."""
    if outcome is Outcome.OK and p.state in (*UNSETTLED, State.EXHAUSTED):
        return replace(p, state=State.DELIVERED, due_at=None)
    if p.state not in UNSETTLED:
        return p
    if outcome is Outcome.FATAL:
        return replace(p, state=State.FAILED, due_at=None)
    if p.state is State.PENDING:  # not taken yet as far as we know: it will be sent anyway
        return p
    return resend_or_give_up(p, policy, now + policy.backoff_after(p.transmissions))
