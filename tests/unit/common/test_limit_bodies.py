"""LimitBodies at the ASGI level: a body that declares no length is read up to the limit, in
as many messages as the server hands over, and given to the app as it came (issue 10)."""

from __future__ import annotations

from collections.abc import Sequence

from handover_common.middleware import LimitBodies
from starlette.types import Message, Receive, Scope, Send

LIMIT = 100


def scope(headers: Sequence[tuple[bytes, bytes]] = ()) -> Scope:
    return {"type": "http", "method": "POST", "path": "/v1/discharges", "headers": list(headers)}


def chunks(*sizes: int, then: str = "http.disconnect") -> tuple[list[Message], Receive]:
    messages: list[Message] = [
        {"type": "http.request", "body": b"x" * size, "more_body": i < len(sizes) - 1}
        for i, size in enumerate(sizes)
    ]
    given = list(messages)

    async def receive() -> Message:
        return given.pop(0) if given else {"type": then}

    return messages, receive


class App:
    def __init__(self) -> None:
        self.received: list[Message] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.received = []
        while True:
            message = await receive()
            self.received.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        self.received.append(await receive())  # and then what the server says next
        await send({"type": "http.response.start", "status": 202, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def run(
    headers: Sequence[tuple[bytes, bytes]], receive: Receive
) -> tuple[App, list[Message]]:
    app, sent = App(), []

    async def send(message: Message) -> None:
        sent.append(message)

    await LimitBodies(app, LIMIT, 10 * LIMIT)(scope(headers), receive, send)
    return app, sent


async def test_a_body_in_several_messages_within_the_limit_reaches_the_app_as_it_came() -> None:
    messages, receive = chunks(40, 40, 20)
    app, sent = await run([(b"transfer-encoding", b"chunked")], receive)
    assert app.received == [*messages, {"type": "http.disconnect"}]
    assert sent[0]["status"] == 202


async def test_past_the_limit_it_is_refused_and_the_connection_closed() -> None:
    _, receive = chunks(40, 40, 40)
    app, sent = await run([(b"transfer-encoding", b"chunked")], receive)
    assert app.received is None
    assert sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]


async def test_whatever_the_encoding_headers_say_a_body_without_a_length_is_counted() -> None:
    headers = [(b"transfer-encoding", b"gzip"), (b"transfer-encoding", b"chunked")]
    _, receive = chunks(60, 60)
    app, sent = await run(headers, receive)
    assert app.received is None and sent[0]["status"] == 413


async def test_a_client_gone_mid_body_reaches_the_app_as_a_disconnect() -> None:
    given: list[Message] = [
        {"type": "http.request", "body": b"x" * 30, "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Message:
        return given.pop(0) if given else {"type": "http.disconnect"}

    app, _ = await run([(b"transfer-encoding", b"chunked")], receive)
    assert app.received is not None and app.received[1] == {"type": "http.disconnect"}


async def test_a_declared_length_past_the_limit_is_refused_before_anything_is_read() -> None:
    async def receive() -> Message:
        raise AssertionError("the body was read")

    app, sent = await run([(b"content-length", b"101")], receive)
    assert app.received is None and sent[0]["status"] == 413
