"""A receiving system for webhook tests: a real HTTP server on loopback that checks each
request as the receiver's recipe says (written here independently of notification's code),
drops duplicates by message id and answers them with the acknowledgement given first."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPLAY_WINDOW = 300


@dataclass
class Received:
    message_id: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    secret: str = ""
    reply: dict[str, Any] | None = field(default_factory=lambda: {"outcome": "ok"})
    """The acknowledgement in the answer to a new message; None: 202 and acknowledge later."""
    clock: Callable[[], float] = time.time
    received: list[Received] = field(default_factory=list)  # every valid request
    refused: list[str] = field(default_factory=list)  # why invalid requests were refused
    answered: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/handover"

    @property
    def handled(self) -> list[Received]:
        """Each message once: what the receiver's users would see."""
        firsts: dict[str, Received] = {}
        for item in self.received:
            firsts.setdefault(item.message_id, item)
        return list(firsts.values())

    def verify(self, headers: dict[str, str], raw: bytes) -> str | None:
        """Why the request is refused, or None."""
        stamp = headers.get("handover-timestamp", "")
        if not stamp.isdigit() or abs(self.clock() - int(stamp)) > REPLAY_WINDOW:
            return "timestamp outside the replay window"
        expected = hmac.new(self.secret.encode(), f"{stamp}.".encode() + raw, hashlib.sha256)
        if not hmac.compare_digest(
            "sha256=" + expected.hexdigest(), headers.get("handover-signature", "")
        ):
            return "bad signature"
        return None

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver._handle(self, {k.lower(): v for k, v in self.headers.items()}, raw)

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _handle(self, request: BaseHTTPRequestHandler, headers: dict[str, str], raw: bytes) -> None:
        problem = self.verify(headers, raw)
        if problem:
            self.refused.append(problem)
            return _answer(request, 401, {"error": problem})
        message_id = headers["handover-message-id"]
        self.received.append(Received(message_id, headers, json.loads(raw)))
        ack = self.answered.get(message_id, self.reply)
        if ack is None or ack.get("outcome") != "transient-error":  # a transient one: try anew
            self.answered[message_id] = ack
        _answer(request, 200 if ack else 202, ack)


def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any] | None) -> None:
    content = json.dumps(body).encode() if body else b""
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(content)))
    request.end_headers()
    request.wfile.write(content)
