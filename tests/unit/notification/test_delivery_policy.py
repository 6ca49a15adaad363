"""A delivery's life: acknowledgement timeout, resends within the limit, back-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notification.domain.delivery.policy import (
    Outcome,
    Policy,
    Progress,
    State,
    acknowledged,
    not_taken,
    taken,
    timed_out,
    unreachable,
)

POLICY = Policy()
T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
NEW = Progress(State.PENDING, None)


def test_the_back_off_doubles_up_to_its_maximum() -> None:
    pauses = [POLICY.backoff_after(n).total_seconds() for n in (1, 2, 3, 6, 10_000)]
    assert pauses == [10, 20, 40, 300, 300]


def test_a_taken_message_awaits_its_acknowledgement_for_fifteen_minutes() -> None:
    sent = taken(NEW, POLICY, T0)
    assert (sent.state, sent.due_at, sent.transmissions) == (
        State.AWAITING,
        T0 + timedelta(minutes=15),
        1,
    )


def test_without_acknowledgement_it_is_resent_twice_then_given_up() -> None:
    progress, sends = NEW, 0
    while progress.state is State.PENDING:
        progress = taken(progress, POLICY, T0)
        sends += 1
        progress = timed_out(progress, POLICY, T0)
    assert (sends, progress.state) == (3, State.EXHAUSTED)


def test_acknowledgements_settle_once_and_a_late_ok_still_counts() -> None:
    sent = taken(NEW, POLICY, T0)
    assert acknowledged(sent, Outcome.OK, POLICY, T0).state is State.DELIVERED
    failed = acknowledged(sent, Outcome.FATAL, POLICY, T0)
    assert failed.state is State.FAILED
    assert acknowledged(failed, Outcome.OK, POLICY, T0) == failed  # the first answer stands
    delivered = acknowledged(sent, Outcome.OK, POLICY, T0)
    assert acknowledged(delivered, Outcome.FATAL, POLICY, T0) == delivered
    exhausted = Progress(State.EXHAUSTED, None, transmissions=3)
    assert acknowledged(exhausted, Outcome.OK, POLICY, T0).state is State.DELIVERED


def test_a_transient_error_is_resent_after_a_pause_within_the_limit() -> None:
    again = acknowledged(taken(NEW, POLICY, T0), Outcome.TRANSIENT, POLICY, T0)
    assert (again.state, again.due_at) == (State.PENDING, T0 + timedelta(seconds=10))
    last = Progress(State.AWAITING, T0, transmissions=3)
    assert acknowledged(last, Outcome.TRANSIENT, POLICY, T0).state is State.EXHAUSTED


def test_an_unreachable_receiver_is_retried_and_reported_after_a_while() -> None:
    progress = not_taken(NEW, POLICY, T0)
    assert (progress.state, progress.failures, progress.failing_since) == (State.PENDING, 1, T0)
    later = not_taken(progress, POLICY, T0 + timedelta(minutes=44))
    assert later.failing_since == T0 and not unreachable(later, POLICY, T0 + timedelta(minutes=44))
    assert unreachable(later, POLICY, T0 + timedelta(minutes=45))
    assert taken(later, POLICY, T0).failing_since is None
