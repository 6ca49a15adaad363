from __future__ import annotations

from handover_common.settings import ServiceSettings


class BillingSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, …"""

    service_name: str = "billing"
    port: int = 8003
    payment_clock_agreement: str = "example"
    """The agreement whose LAW-PAY models apply when a run names none (reference data)."""
