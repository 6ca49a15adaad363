"""Work reports: billable parts and rounding to started hours per job (issue 4 item 2)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from billing.domain import BillableTime, WorkKind, started_hours

from tests.unit.billing.builders import report


@pytest.mark.parametrize(
    ("minutes", "hours"), [(0, 0), (1, 1), (59, 1), (60, 1), (61, 2), (120, 2), (121, 3)]
)
def test_started_hours(minutes, hours):
    assert started_hours(minutes) == hours


def test_billable_time_counts_travel_only_when_not_combined_with_an_ordinary_visit():
    separate = BillableTime(
        30, administration_minutes=10, reporting_back_minutes=5, travel_minutes=20
    )
    combined = BillableTime(30, 10, 5, 20, travel_combined_with_ordinary_visit=True)
    assert separate.billable_minutes == 65
    assert combined.billable_minutes == 45


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        BillableTime(-1)


def test_a_report_must_end_after_it_starts_and_name_two_parties():
    with pytest.raises(ValueError, match="end after"):
        report(start=datetime(2026, 3, 10, 9), end=datetime(2026, 3, 10, 9))
    with pytest.raises(ValueError, match="same"):
        report(performer="region", counterparty="region")


def test_aware_times_are_read_as_swedish_wall_clock():
    utc = ZoneInfo("UTC")
    summer = report(
        start=datetime(2026, 7, 1, 15, 0, tzinfo=utc), end=datetime(2026, 7, 1, 16, 0, tzinfo=utc)
    )
    assert summer.local_start == datetime(2026, 7, 1, 17, 0)  # CEST = UTC+2
    assert report(kind=WorkKind.SIGHT).local_start == datetime(2026, 3, 10, 9, 0)
