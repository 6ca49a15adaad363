from __future__ import annotations

from handover_common.settings import ServiceSettings
from pydantic import Field

DEVELOPMENT_PSEUDONYM_SECRET = "local-development-secret-change-me"


class ReferralSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, PSEUDONYM_SECRET,
    DEADLINE_WATCH_SECONDS, DEADLINE_WATCH_FULL_SECONDS, DEADLINE_WATCH_LOOKBACK_DAYS, …"""

    service_name: str = "referral"
    port: int = 8001
    pseudonym_secret: str = DEVELOPMENT_PSEUDONYM_SECRET
    deadline_watch_seconds: float = Field(default=30.0, gt=0)
    """How often the deadline watch sweeps (issue 12 section 2: alarms when deadlines pass)."""
    deadline_watch_full_seconds: float = Field(default=600.0, gt=0)
    """How often the deadline watch judges every case that can still change; the sweeps in
    between judge only cases that something happened to, or whose deadline fell due."""
    deadline_watch_lookback_days: float = Field(default=3.0, gt=0)
    """How far back a change (a duty met or ended) is looked for in cases that owe nothing
    more; open cases and unsettled alarms are swept whatever their age."""
    intake_group_max: int = Field(default=64, ge=1)
    """At most this many messages from concurrent requests are stored in one transaction
    (group commit, issue 11); 1 stores each alone."""

    def unsafe_defaults(self) -> list[str]:
        return super().unsafe_defaults() + self.weak_secret(
            "PSEUDONYM_SECRET",
            self.pseudonym_secret,
            DEVELOPMENT_PSEUDONYM_SECRET,
            "every patient_ref could be reversed by trying all personnummer",
        )
