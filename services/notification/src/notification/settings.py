from __future__ import annotations

from handover_common.settings import ServiceSettings


class NotificationSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, …"""

    service_name: str = "notification"
    port: int = 8004
    recent_events_limit: int = 200
