"""List and replay a consumer's dead letters — to that consumer only, up to where the dead
letters ended when the replay began, so a replay always ends (issue 10).

    python -m handover_common.replay <consumer> --list          # what is there, and why
    python -m handover_common.replay <consumer>                  # replay all, once
    python -m handover_common.replay <consumer> --one 0:17       # replay partition 0, offset 17

Run it after the cause is fixed. Replayed records go to the consumer's own retry topic
(`handover.retry.<consumer>`), which no other service reads; one that fails again is
dead-lettered again and waits for the next replay. The replayer's consumer group remembers
what it replayed; the consumer's inbox makes a replay of an applied event a no-op.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from handover_contracts import dead_letter_topic, retry_topic

from handover_common.kafka import make_consumer, start_producer
from handover_common.settings import ServiceSettings

log = logging.getLogger(__name__)


def header(record: ConsumerRecord, name: str) -> str:
    value = dict(record.headers or []).get(name)
    return bytes(value).decode() if value is not None else ""


def replay_headers(record: ConsumerRecord) -> list[tuple[str, bytes]]:
    return [(k, v) for k, v in record.headers or [] if not k.startswith("dlq.")]


@asynccontextmanager
async def _reader(
    bootstrap: str, consumer_name: str, group: str, session_timeout_ms: int
) -> AsyncIterator[AIOKafkaConsumer]:
    consumer = make_consumer(
        bootstrap, group, [dead_letter_topic(consumer_name)], session_timeout_ms
    )
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


async def _until_the_end(
    consumer: AIOKafkaConsumer, idle_seconds: float
) -> AsyncIterator[tuple[TopicPartition, list[ConsumerRecord]]]:
    """Batches up to each partition's end as first seen; later dead letters wait."""
    ends: dict[TopicPartition, int] = {}
    while batch := await consumer.getmany(timeout_ms=int(idle_seconds * 1000)):
        for tp, records in batch.items():
            end = ends.setdefault(tp, consumer.highwater(tp))
            wanted = [r for r in records if r.offset < end]
            if len(wanted) < len(records) or (wanted and wanted[-1].offset + 1 >= end):
                consumer.pause(tp)
            if wanted:
                yield tp, wanted


async def list_dead_letters(
    bootstrap: str, consumer_name: str, idle_seconds: float = 2.0, session_timeout_ms: int = 6000
) -> list[dict[str, str]]:
    """Every dead letter of ``consumer_name`` with its reason; replays nothing."""
    found = []
    group = f"list-{uuid.uuid4().hex[:8]}"  # a throwaway group: reading commits nothing
    async with _reader(bootstrap, consumer_name, group, session_timeout_ms) as consumer:
        async for tp, records in _until_the_end(consumer, idle_seconds):
            found += [
                {
                    "position": f"{tp.partition}:{r.offset}",
                    "reason": header(r, "dlq.reason"),
                    "detail": header(r, "dlq.detail"),
                    "event_type": header(r, "event_type"),
                    "from": f"{header(r, 'dlq.topic')}[{header(r, 'dlq.partition')}]",
                }
                for r in records
            ]
    return found


async def replay(
    bootstrap: str,
    consumer_name: str,
    idle_seconds: float = 2.0,
    session_timeout_ms: int = 6000,
    only: tuple[int, int] | None = None,
) -> int:
    """Re-deliver dead letters not yet replayed to ``consumer_name`` alone; returns how many."""
    group = f"{dead_letter_topic(consumer_name)}.replay"
    producer = await start_producer(bootstrap)
    replayed = 0
    try:
        async with _reader(bootstrap, consumer_name, group, session_timeout_ms) as consumer:
            async for tp, records in _until_the_end(consumer, idle_seconds):
                for record in records:
                    if only is None or only == (tp.partition, record.offset):
                        await producer.send_and_wait(
                            retry_topic(consumer_name),
                            record.value,
                            key=record.key,
                            headers=replay_headers(record),
                        )
                        replayed += 1
                if only is None:
                    await consumer.commit({tp: records[-1].offset + 1})
    finally:
        await producer.stop()
    return replayed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("consumer", help="the service whose dead letters to list or replay")
    parser.add_argument("--list", action="store_true", help="list them, replay nothing")
    parser.add_argument("--one", help="replay one: PARTITION:OFFSET")
    args = parser.parse_args()
    settings = ServiceSettings()
    bootstrap, timeout = settings.kafka_bootstrap_servers, settings.consumer_session_timeout_ms
    if args.list:
        letters = asyncio.run(
            list_dead_letters(bootstrap, args.consumer, session_timeout_ms=timeout)
        )
        for letter in letters:
            print("\t".join(letter.values()))
        print(f"{len(letters)} dead letters of {args.consumer}")
        return
    only = tuple(int(part) for part in args.one.split(":")) if args.one else None
    count = asyncio.run(
        replay(bootstrap, args.consumer, session_timeout_ms=timeout, only=only)  # type: ignore[arg-type]
    )
    print(f"replayed {count} dead letters of {args.consumer} to {retry_topic(args.consumer)}")


if __name__ == "__main__":
    main()
