from __future__ import annotations

import pytest
from referral.domain.care_request import Status, TransitionNotAllowed, transition


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (Status.REQUESTED, Status.ACKNOWLEDGED),
        (Status.ACKNOWLEDGED, Status.ACCEPTED),
        (Status.ACKNOWLEDGED, Status.REJECTED),
        (Status.ACCEPTED, Status.ENROLLED),
        (Status.ENROLLED, Status.COMPLETED),
        (Status.REQUESTED, Status.CANCELLED),
    ],
)
def test_the_lifecycle_of_section_5_is_allowed(current: Status, wanted: Status) -> None:
    assert transition(current, wanted) is wanted


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (Status.REQUESTED, Status.ACCEPTED),  # must be acknowledged first
        (Status.REJECTED, Status.ENROLLED),
        (Status.COMPLETED, Status.ENROLLED),
        (Status.ENROLLED, Status.CANCELLED),
    ],
)
def test_skipping_or_reversing_a_step_is_refused(current: Status, wanted: Status) -> None:
    with pytest.raises(TransitionNotAllowed, match=f"{current}.*{wanted}"):
        transition(current, wanted)
