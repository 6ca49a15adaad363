"""Re-drive a service's outbox from a point in time, after a broker lost what it held
(the embedded broker keeps nothing over a restart; a cluster can lose an unreplicated
partition). The relay sends the rows again; the consumers' inboxes make repeats harmless.

    DATABASE_URL=… python -m handover_common.republish <service> --since 2026-11-23T10:00:00Z
"""

from __future__ import annotations

import argparse
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from handover_common.db import make_engine
from handover_common.settings import ServiceSettings
from handover_common.tables import OutboxMessage


def republish_since(engine: Engine, since: datetime) -> int:
    """Mark every row created since ``since`` unsent (parked rows stay parked); how many."""
    with Session(engine) as session:
        result = session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.created_at) >= since, col(OutboxMessage.parked_at).is_(None))
            .values(sent_at=None)
        )
        session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", help="whose outbox (its DATABASE_URL, or var/<service>.db)")
    parser.add_argument("--since", required=True, type=datetime.fromisoformat)
    args = parser.parse_args()
    if args.since.tzinfo is None:
        parser.error("--since needs a time zone, e.g. 2026-11-23T10:00:00+01:00")
    settings = ServiceSettings(service_name=args.service)
    count = republish_since(make_engine(settings.resolved_database_url()), args.since)
    print(f"{count} outbox rows of {args.service} will be sent again by its relay")


if __name__ == "__main__":
    main()
