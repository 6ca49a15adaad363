"""An open-loop HTTP/1.1 load generator: requests leave on a fixed schedule whatever the
answers do (wrk is closed-loop: a slow server slows wrk down and hides its queue).

Prebuilt request bytes, keep-alive connections (a request goes to an idle connection or a new
one; only at the connection limit is it pipelined behind the shortest queue), minimal response
parsing (status line, Content-Length).
Latency is counted from the *scheduled* send time, so a generator or server that falls behind
shows up in the figures instead of being left out. It runs as its own process and writes JSON:

    python -m bench.harness.openloop --port P --rate R --duration D --base B --out FILE \
        [--token-file F] [--connections C]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import uvloop

from bench.harness.bodies import PATH, discharge, template


def build_requests(port: int, token: str, base: int, count: int) -> list[bytes]:
    text = template()
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nAuthorization: Bearer {token}\r\n"
    ).encode()
    requests = []
    for i in range(base, base + count):
        body = discharge(i, text)
        requests.append(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    return requests


KEEP_ALIVE_SECONDS = 3.0
"""A connection unused this long is not used again: uvicorn closes idle ones after 5 s, and a
request written as the server closes would be lost."""


@dataclass(eq=False)
class Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    pending: deque[int] = field(default_factory=deque)
    last_used: float = field(default_factory=time.perf_counter)
    dead: bool = False


@dataclass
class Run:
    count: int
    scheduled: list[float]
    sent: list[float] = field(default_factory=list)
    answered: list[float | None] = field(default_factory=list)
    status: list[int] = field(default_factory=list)
    outstanding: int = 0
    lost: int = 0  # written to a connection that then closed without answering
    all_answered: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.sent = [0.0] * self.count
        self.answered = [None] * self.count
        self.status = [0] * self.count

    def settled(self, count: int) -> None:
        self.outstanding -= count
        if self.outstanding == 0:
            self.all_answered.set()


class Pool:
    """Keep-alive connections: the most recently used idle one takes the next request; a new
    one opens when none is idle; only at `limit` connections are requests pipelined."""

    def __init__(self, port: int, run: Run, limit: int):
        self.port, self.run, self.limit = port, run, limit
        self.idle: deque[Connection] = deque()
        self.busy: set[Connection] = set()
        self.open_count = 0
        self.tasks: list[asyncio.Task[None]] = []
        self.opened = 0

    async def open(self) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        conn = Connection(reader, writer)
        self.open_count += 1
        self.opened += 1
        self.tasks.append(asyncio.create_task(self.read_answers(conn)))
        return conn

    async def take(self) -> Connection:
        now = time.perf_counter()
        while self.idle:
            conn = self.idle.pop()
            if conn.dead:
                continue
            if now - conn.last_used < KEEP_ALIVE_SECONDS:
                return conn
            self.close(conn)
        if self.open_count < self.limit:
            return await self.open()
        return min(self.busy, key=lambda c: len(c.pending))

    def send(self, conn: Connection, index: int, request: bytes) -> None:
        conn.pending.append(index)
        self.busy.add(conn)
        self.run.outstanding += 1
        self.run.all_answered.clear()
        self.run.sent[index] = time.perf_counter()
        conn.writer.write(request)

    def close(self, conn: Connection) -> None:
        if not conn.dead:
            conn.dead = True
            self.open_count -= 1
            conn.writer.close()

    async def read_answers(self, conn: Connection) -> None:
        run = self.run
        try:
            while True:
                head = await conn.reader.readuntil(b"\r\n\r\n")
                at = time.perf_counter()
                lower = head.lower()
                mark = lower.find(b"content-length:")
                length = int(lower[mark + 15 : lower.index(b"\r\n", mark)]) if mark >= 0 else 0
                if length:
                    await conn.reader.readexactly(length)
                index = conn.pending.popleft()
                run.answered[index] = at
                run.status[index] = int(head[9:12])
                if not conn.pending:
                    conn.last_used = at
                    self.busy.discard(conn)
                    self.idle.append(conn)
                run.settled(1)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            self.close(conn)
            self.busy.discard(conn)
            run.lost += len(conn.pending)
            run.settled(len(conn.pending))
            conn.pending.clear()


async def generate(args: argparse.Namespace) -> dict[str, object]:
    token = Path(args.token_file).read_text().strip() if args.token_file else "none"
    count = max(1, round(args.rate * args.duration))
    requests = build_requests(args.port, token, args.base, count)
    start = time.perf_counter() + 0.1
    run = Run(count, [start + i / args.rate for i in range(count)])
    pool = Pool(args.port, run, args.connections)
    for _ in range(min(args.connections, max(2, round(args.rate / 50)))):
        pool.idle.append(await pool.open())  # warm: the first requests find one open
    wall_offset = time.time() - time.perf_counter()
    cpu_before = time.process_time()
    limit = max(200, int(args.rate * args.max_queue_seconds))
    aborted = ""
    sent = 0
    for index in range(count):
        delay = run.scheduled[index] - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif index % 32 == 0:
            await asyncio.sleep(0)  # behind schedule: still let the answers in
        if run.outstanding >= limit:
            aborted = f"{run.outstanding} requests unanswered (> {args.max_queue_seconds} s)"
            break
        pool.send(await pool.take(), index, requests[index])
        sent += 1
    if run.outstanding:
        try:
            await asyncio.wait_for(run.all_answered.wait(), args.drain)
        except TimeoutError:
            aborted = aborted or f"{run.outstanding} requests unanswered after {args.drain} s"
    if run.lost:
        aborted = aborted or f"{run.lost} requests lost with their connection"
    cpu = time.process_time() - cpu_before
    for task in pool.tasks:
        task.cancel()
    for conn in [*pool.idle, *pool.busy]:
        pool.close(conn)
    return {
        "rate": args.rate,
        "offered": count,
        "sent": sent,
        "aborted": aborted,
        "base": args.base,
        "connections": pool.opened,
        "scheduled": [t + wall_offset for t in run.scheduled[:sent]],
        "sent_at": [t + wall_offset for t in run.sent[:sent]],
        "answered": [None if t is None else t + wall_offset for t in run.answered[:sent]],
        "status": run.status[:sent],
        "cpu": cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True, help="requests per second")
    parser.add_argument("--duration", type=float, required=True, help="seconds of sending")
    parser.add_argument("--base", type=int, default=0, help="number of the first request")
    parser.add_argument("--token-file")
    parser.add_argument("--connections", type=int, default=256, help="at most")
    parser.add_argument(
        "--max-queue-seconds",
        type=float,
        default=3.0,
        help="stop sending once this many seconds of requests are unanswered",
    )
    parser.add_argument("--drain", type=float, default=30.0, help="wait this long for answers")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = uvloop.run(generate(args))
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
