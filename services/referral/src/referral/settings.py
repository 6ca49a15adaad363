from __future__ import annotations

from handover_common.settings import ServiceSettings


class ReferralSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, PSEUDONYM_SECRET, …"""

    service_name: str = "referral"
    port: int = 8001
    pseudonym_secret: str = "local-development-secret-change-me"
