"""End-to-end throughput of the discharge flow, against ceilings measured in the same run.

    python bench/bench_flow.py [--discharges 500]

Ceilings: (1) a trivial FastAPI POST on one uvicorn worker, driven by the same client;
(2) the broker's produce-and-consume rate for the same number of messages. Ours: discharges
posted to referral until every one has a care request (four services, outbox, inbox, broker).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from fastapi import FastAPI
from handover_common.access.dev_issuer import DevIssuer
from handover_common.broker import EmbeddedBroker, free_port, wait_for_port
from handover_common.kafka import EMBEDDED_SESSION_TIMEOUT_MS, make_consumer, start_producer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.people import discharge_body
from tests.support.system import running_system

CONCURRENCY = 20


async def post_all(
    url: str, bodies: list[dict[str, object]], headers: dict[str, str] | None = None
) -> None:
    limit = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, timeout=60, headers=headers) as client:

        async def post(body: dict[str, object]) -> None:
            async with limit:
                (await client.post("/v1/discharges", json=body)).raise_for_status()

        await asyncio.gather(*(post(b) for b in bodies))


trivial_app = FastAPI()


@trivial_app.post("/v1/discharges")
async def accept(body: dict[str, object]) -> dict[str, str]:
    return {"ok": "yes"}


async def trivial_post_ceiling(count: int) -> float:
    """A FastAPI POST that does nothing, in its own uvicorn process like our services."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench_flow:trivial_app",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=Path(__file__).parent,
    )
    try:
        await asyncio.to_thread(wait_for_port, "127.0.0.1", port)
        started = time.perf_counter()
        await post_all(f"http://127.0.0.1:{port}", [discharge_body(i) for i in range(count)])
        return count / (time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait()


async def broker_ceiling(count: int) -> float:
    with EmbeddedBroker(port=free_port()) as broker:
        producer = await start_producer(broker.bootstrap_servers)
        consumer = make_consumer(
            broker.bootstrap_servers, "bench", ["bench"], EMBEDDED_SESSION_TIMEOUT_MS
        )
        await producer.send_and_wait("bench", b"warm-up")
        await consumer.start()
        started = time.perf_counter()
        for i in range(count):
            await producer.send("bench", b"x" * 1000, key=str(i).encode())
        await producer.flush()
        seen = 0
        while seen < count + 1:
            seen += sum(len(r) for r in (await consumer.getmany(timeout_ms=200)).values())
        elapsed = time.perf_counter() - started
        await consumer.stop()
        await producer.stop()
    return count / elapsed


def care_requests(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return int(conn.execute("select count(*) from care_request").fetchone()[0])


async def system_rate(count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, running_system(Path(tmp)) as system:
        referral = system.services["referral"].url
        issuer = DevIssuer(system.extra_env["DEV_ISSUER_DIR"])
        hospital = {"Authorization": f"Bearer {issuer.token('region:23', 'hospital-unit')}"}
        await post_all(referral, [discharge_body(100_000 + i) for i in range(20)], hospital)
        while care_requests(Path(tmp) / "referral.db") < 20:
            await asyncio.sleep(0.05)
        started = time.perf_counter()
        await post_all(referral, [discharge_body(i) for i in range(count)], hospital)
        while care_requests(Path(tmp) / "referral.db") < count + 20:
            await asyncio.sleep(0.02)
        return count / (time.perf_counter() - started)


async def main(count: int) -> None:
    http = await trivial_post_ceiling(count)
    broker = await broker_ceiling(count)
    ours = await system_rate(count)
    print(f"discharges: {count}")
    print(f"ceiling, trivial FastAPI POST:   {http:9.0f} req/s")
    print(f"ceiling, broker produce+consume: {broker:9.0f} msg/s")
    print(f"ours, discharge → care request:  {ours:9.0f} /s")
    print(f"ratio to the HTTP ceiling:   {ours / http:.3f}")
    print(f"ratio to the broker ceiling: {ours / broker:.4f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--discharges", type=int, default=500)
    asyncio.run(main(parser.parse_args().discharges))
