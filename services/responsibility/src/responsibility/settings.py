from __future__ import annotations

from handover_common.settings import ServiceSettings


class ResponsibilitySettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, REEVALUATION_INTERVAL_SECONDS…"""

    service_name: str = "responsibility"
    port: int = 8002
    reevaluation_interval_seconds: float = 300.0
