from __future__ import annotations

import pytest
from referral.domain.care_request import Status, TransitionNotAllowed, transition
from referral.domain.routing import ComponentOwner, municipal_components


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


def test_only_the_named_municipalitys_components_are_routed() -> None:
    owners = [
        ComponentOwner("rehabilitation", "municipality", "2380"),
        ComponentOwner("nursing", "municipality", "2380"),
        ComponentOwner("physician", "region", "23"),
        ComponentOwner("aids", "municipality", "2309"),
    ]
    assert municipal_components(owners, "2380") == ["nursing", "rehabilitation"]
    assert municipal_components(owners, "2326") == []
