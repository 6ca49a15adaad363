"""The care request's states as a FHIR Task (issue 9): every allowed and refused transition."""

from __future__ import annotations

import itertools

import pytest
from referral.domain.care_request import (
    TRANSITIONS,
    NotTheOwner,
    Owner,
    Status,
    TransitionNotAllowed,
    transition,
)

S, R, P = Status, Owner.REQUESTER, Owner.PERFORMER
ALLOWED = {
    (S.REQUESTED, S.RECEIVED, P),
    (S.RECEIVED, S.ACCEPTED, P),
    (S.RECEIVED, S.REJECTED, P),
    (S.ACCEPTED, S.IN_PROGRESS, P),
    (S.IN_PROGRESS, S.COMPLETED, P),
    (S.ACCEPTED, S.CANCELLED, P),
    *{(s, S.CANCELLED, R) for s in (S.REQUESTED, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD)},
    *{
        (s, S.ENTERED_IN_ERROR, R)
        for s in (S.REQUESTED, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD)
    },
    *{(s, S.ON_HOLD, R) for s in (S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS)},
    *{(S.ON_HOLD, s, R) for s in (S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS)},
}


def test_the_table_is_exactly_the_reviewed_list() -> None:
    table = {(a, b, o) for (a, b), owners in TRANSITIONS.items() for o in owners}
    assert table == ALLOWED


@pytest.mark.parametrize(("current", "wanted", "owner"), sorted(ALLOWED))
def test_every_allowed_transition_is_made_by_its_owner(current, wanted, owner) -> None:
    resume_to = wanted if current is S.ON_HOLD else None
    assert transition(current, wanted, owner, resume_to) is wanted


@pytest.mark.parametrize(
    ("current", "wanted", "owner"),
    [
        (a, b, o)
        for a, b in itertools.product(Status, Status)
        for o in Owner
        if (a, b, o) not in ALLOWED
    ],
)
def test_every_other_transition_is_refused(current, wanted, owner) -> None:
    with pytest.raises((TransitionNotAllowed, NotTheOwner)):
        transition(current, wanted, owner, resume_to=wanted)
    if (current, wanted) in TRANSITIONS:
        with pytest.raises(NotTheOwner, match=f"not the {owner}"):
            transition(current, wanted, owner, resume_to=wanted)


def test_a_paused_request_resumes_only_where_it_was() -> None:
    assert transition(S.ON_HOLD, S.IN_PROGRESS, R, resume_to=S.IN_PROGRESS) is S.IN_PROGRESS
    with pytest.raises(TransitionNotAllowed):
        transition(S.ON_HOLD, S.ACCEPTED, R, resume_to=S.IN_PROGRESS)
