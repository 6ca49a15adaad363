"""Who may call which notification route; the handlers filter to the caller's own notices."""

from __future__ import annotations

from handover_common.access import AccessTable, Role, allow, public

READERS = (
    Role.OPERATIONS,
    Role.HOSPITAL_UNIT,
    Role.HEALTH_CENTRE,
    Role.SPECIALISED_OUTPATIENT,
    Role.MUNICIPAL_NURSE,
    Role.FINANCE,
)
OWN = "notices addressed to the caller's organisation; operations: all, pseudonyms and counts only"

ACCESS: AccessTable = {
    "GET /dashboard": public("the page itself holds no data; it calls /v1/dashboard with a token"),
    "GET /v1/dashboard": allow(*READERS, scope=OWN, reads_patient_data=True),
    "GET /v1/events/recent": allow(*READERS, scope=OWN, reads_patient_data=True),
}
