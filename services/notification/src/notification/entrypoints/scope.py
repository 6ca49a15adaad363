"""Who reads notification's pages and lists: every role that works with patients or runs
the system; each sees what is addressed to its own organisation, operations everything."""

from __future__ import annotations

from handover_common.access import Role

READERS = (
    Role.OPERATIONS,
    Role.HOSPITAL_UNIT,
    Role.HEALTH_CENTRE,
    Role.SPECIALISED_OUTPATIENT,
    Role.MUNICIPAL_NURSE,
    Role.FINANCE,
)
