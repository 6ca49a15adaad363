from __future__ import annotations

from notification.domain.actions import notice_for


def test_a_care_request_asks_the_municipality_to_act() -> None:
    notice = notice_for(
        "care-request.created", {"municipality_code": "2380", "patient_ref": "pr-x"}
    )
    assert notice.audience == "municipality:2380"
    assert notice.action is not None and "acknowledge" in notice.action
    assert "pr-x" in notice.summary


def test_a_discharge_is_shown_to_the_registered_municipality() -> None:
    notice = notice_for("patient.discharged", {"registered_municipality_code": "2326"})
    assert notice.audience == "municipality:2326"
    assert notice.action is None


def test_an_event_without_an_organisation_goes_to_operations() -> None:
    assert notice_for("homecare.enrolled", {}).audience == "operations"
