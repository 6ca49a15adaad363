"""Who may call which notification route: each capability's table, merged here."""

from __future__ import annotations

from handover_common.access import AccessTable, allow

from notification.entrypoints import alarms, dashboard, delivery, followup
from notification.entrypoints.scope import READERS

OWN = "notices addressed to the caller's organisation; operations: all, pseudonyms and counts only"

BASE: AccessTable = {
    "GET /v1/events/recent": allow(*READERS, scope=OWN, reads_patient_data=True),
}
ACCESS: AccessTable = {
    **BASE,
    **alarms.ACCESS,
    **dashboard.ACCESS,
    **delivery.ACCESS,
    **followup.ACCESS,
}
