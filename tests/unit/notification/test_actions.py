from __future__ import annotations

import pytest
from handover_contracts import EVENTS
from notification.domain.actions import ROUTES, notice_for, notices_for

from tests.support.people import patient_ref

PR_X = patient_ref("x")


def test_a_care_request_asks_the_municipality_to_act() -> None:
    payload = {"municipality_code": "2380", "patient_ref": PR_X}
    notice = notice_for("care-request.created", payload)
    assert notice.audience == "municipality:2380"
    assert notice.action is not None and "acknowledge" in notice.action
    assert PR_X in notice.summary


def test_a_rejection_goes_back_to_the_requesting_region() -> None:
    notice = notice_for("care-request.rejected", {"municipality_code": "2380"})
    assert notice.audience == "region:23"
    assert notice.action is not None


def test_readiness_reminds_of_the_sip_deadline() -> None:
    notice = notice_for("patient.ready-for-discharge", {"registered_municipality_code": "1880"})
    assert notice.audience == "municipality:1880"
    assert "LAW-SIP3" in str(notice.action)


def test_an_event_without_an_organisation_goes_to_operations() -> None:
    assert notice_for("homecare.enrolled", {}).audience == "operations"


@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_every_event_type_has_a_route(event_type: str) -> None:
    assert event_type in ROUTES


def test_a_dispute_opened_goes_to_the_other_party() -> None:
    payload = {
        "patient_ref": PR_X,
        "region_code": "23",
        "municipality_code": "2380",
        "opened_by": "municipality:2380",
    }
    [notice] = notices_for("dispute.opened", payload)
    assert notice.audience == "region:23"
    assert notice.action is not None and "state your position" in notice.action
    assert "GEN-DISPUTE" in notice.action
    by_region = notices_for("dispute.opened", {**payload, "opened_by": "region:23"})
    assert [n.audience for n in by_region] == ["municipality:2380"]
    # a performing municipality disputes: both parties to the decision hear of it
    by_performer = notices_for("dispute.opened", {**payload, "opened_by": "municipality:2326"})
    assert [n.audience for n in by_performer] == ["municipality:2380", "region:23"]


def test_a_dispute_resolved_goes_to_both_parties() -> None:
    payload = {"patient_ref": PR_X, "region_code": "23", "municipality_code": "2380", "moved": []}
    notices = notices_for("dispute.resolved", payload)
    assert [n.audience for n in notices] == ["municipality:2380", "region:23"]
    assert all("GEN-DISPUTE" in (n.action or "") for n in notices)


def test_a_medication_change_reaches_every_receiving_municipality() -> None:
    payload = {"patient_ref": PR_X, "region_code": "23", "municipality_codes": ["2380", "2326"]}
    notices = notices_for("medication-list.changed", payload)
    assert [n.audience for n in notices] == ["municipality:2380", "municipality:2326"]
    assert all("acknowledge" in (n.action or "") for n in notices)


def test_the_admission_notice_also_reaches_the_listing_region() -> None:
    payload = {"patient_ref": PR_X, "region_code": "23", "registered_municipality_code": "2380"}
    audiences = [n.audience for n in notices_for("patient.admitted", payload)]
    assert audiences == ["municipality:2380", "region:23"]


@pytest.mark.parametrize(
    ("event_type", "payload", "audience"),
    [
        ("invoice.issued", {"customer_code": "23", "supplier_code": "2380"}, "region:23"),
        ("invoice.issued", {"customer_code": "2380", "supplier_code": "23"}, "municipality:2380"),
        ("work.reported", {"counterparty_code": "23", "performer_code": "2380"}, "region:23"),
        ("work.reported", {"counterparty_code": "2326"}, "municipality:2326"),
    ],
)
def test_money_notices_reach_an_organisation_a_caller_can_be(
    event_type: str, payload: dict[str, str], audience: str
) -> None:
    """Issue 12: notices addressed to `customer:NN` / `counterparty:NN` reached nobody; a
    party's SCB code names its region (2 digits) or municipality (4 digits)."""
    assert notice_for(event_type, payload).audience == audience
