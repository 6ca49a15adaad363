from __future__ import annotations

from handover_common.settings import ServiceSettings


class BillingSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, …"""

    service_name: str = "billing"
    port: int = 8003
    payment_clock_agreement: str = "example"
    """The agreement whose LAW-PAY models apply when a run names none (reference data)."""

    # --- reference data and corrections (issue 13 sections 1 and 5) ---
    refuse_placeholders: bool = False
    """REF-PLACEHOLDER-USE: refuse to issue a run priced on a shipped placeholder value, unless
    the run's ``refuse_placeholders`` says otherwise (runs always list the placeholders)."""

    # --- parties and finance (issue 13 sections 2 and 7) ---

    # --- derived counts, seed readings, agreement terms (issue 13 sections 3, 4 and 6) ---
