from __future__ import annotations

from handover_common.settings import ServiceSettings

DEVELOPMENT_PSEUDONYM_SECRET = "local-development-secret-change-me"


class ReferralSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, PSEUDONYM_SECRET, …"""

    service_name: str = "referral"
    port: int = 8001
    pseudonym_secret: str = DEVELOPMENT_PSEUDONYM_SECRET

    def unsafe_defaults(self) -> list[str]:
        problems = super().unsafe_defaults()
        if self.pseudonym_secret == DEVELOPMENT_PSEUDONYM_SECRET or len(self.pseudonym_secret) < 32:
            problems.append(
                "PSEUDONYM_SECRET is the development one or shorter than 32 characters "
                "(every patient_ref could be reversed by trying all personnummer)"
            )
        return problems
