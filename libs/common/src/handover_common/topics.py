"""Creates every topic the services use, once per release (issue 14):

    python -m handover_common.topics referral responsibility billing notification

The shared topics, and each named service's dead-letter and retry topics, with TOPIC_PARTITIONS
partitions and TOPIC_REPLICATION_FACTOR replicas from the environment (the same settings the
services' own topic guard uses). Existing topics are left as they are: more partitions or
replicas for a topic are a Kafka operation (kafka-topics.sh --alter, a partition reassignment).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Sequence

from handover_contracts import ALL_TOPICS, dead_letter_topic, retry_topic

from handover_common.kafka import ensure_topics
from handover_common.settings import ServiceSettings

log = logging.getLogger(__name__)


def topics_for(services: Sequence[str]) -> list[str]:
    """What the services' runtimes ensure at start, for all of them together."""
    own = [topic for s in services for topic in (dead_letter_topic(s), retry_topic(s))]
    return [*ALL_TOPICS, *own]


async def create(settings: ServiceSettings, services: Sequence[str]) -> list[str]:
    return await ensure_topics(
        settings.kafka_bootstrap_servers,
        topics_for(services),
        settings.topic_partitions,
        settings.topic_replication_factor,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handover_common.topics")
    parser.add_argument("services", nargs="+", help="the services whose topics to create")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = ServiceSettings()
    created = asyncio.run(create(settings, args.services))
    log.info(
        "%d topics (%d created) at %s: %d partitions, replication factor %d",
        len(topics_for(args.services)),
        len(created),
        settings.kafka_bootstrap_servers,
        settings.topic_partitions,
        settings.topic_replication_factor,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
