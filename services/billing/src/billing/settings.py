from __future__ import annotations

from handover_common.settings import ServiceSettings


class BillingSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, …"""

    service_name: str = "billing"
    port: int = 8003
