"""Imports every capability's tables, so one import registers them all (migrations, tests)."""

from notification.adapters import alarm_tables

__all__ = ["alarm_tables"]
