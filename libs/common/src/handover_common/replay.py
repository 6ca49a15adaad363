"""Replay a consumer's dead letters to the topics they came from, once each.

    python -m handover_common.replay <consumer>      # e.g. responsibility

Run it after the cause is fixed. The replayer's own consumer group remembers what it has
replayed; the consumer's inbox makes a replay of an already-applied event a no-op.
"""

from __future__ import annotations

import argparse
import asyncio
import logging

from aiokafka import ConsumerRecord
from handover_contracts import dead_letter_topic

from handover_common.kafka import make_consumer, start_producer
from handover_common.settings import ServiceSettings

log = logging.getLogger(__name__)


def origin_topic(record: ConsumerRecord) -> str:
    headers = dict(record.headers or [])
    return bytes(headers["dlq.topic"]).decode()


def replay_headers(record: ConsumerRecord) -> list[tuple[str, bytes]]:
    return [(k, v) for k, v in record.headers or [] if not k.startswith("dlq.")]


async def replay(
    bootstrap: str, consumer_name: str, idle_seconds: float = 2.0, session_timeout_ms: int = 6000
) -> int:
    """Re-publish every dead letter not yet replayed; returns how many."""
    source = dead_letter_topic(consumer_name)
    consumer = make_consumer(bootstrap, f"{source}.replay", [source], session_timeout_ms)
    producer = await start_producer(bootstrap)
    await consumer.start()
    replayed = 0
    try:
        while batch := await consumer.getmany(timeout_ms=int(idle_seconds * 1000)):
            for tp, records in batch.items():
                for record in records:
                    await producer.send_and_wait(
                        origin_topic(record),
                        record.value,
                        key=record.key,
                        headers=replay_headers(record),
                    )
                    replayed += 1
                await consumer.commit({tp: records[-1].offset + 1})
    finally:
        await consumer.stop()
        await producer.stop()
    return replayed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("consumer", help="the service whose dead letters to replay")
    args = parser.parse_args()
    settings = ServiceSettings()
    count = asyncio.run(
        replay(
            settings.kafka_bootstrap_servers,
            args.consumer,
            session_timeout_ms=settings.consumer_session_timeout_ms,
        )
    )
    print(f"replayed {count} dead letters of {args.consumer}")


if __name__ == "__main__":
    main()
