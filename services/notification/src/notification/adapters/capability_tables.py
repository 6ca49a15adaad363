"""Imports every capability's tables, so one import registers them all (migrations, tests)."""

from notification.adapters import alarm_tables
from notification.adapters import delivery_tables as delivery_tables  # issue 12 delivery
from notification.adapters import followup_tables as followup_tables  # issue 12 follow-up
from notification.adapters import tracking_tables as tracking_tables  # issue 12 dashboard

# each capability of issue 12 adds its own import line here (delivery, tracking, follow-up)

__all__ = ["alarm_tables"]
