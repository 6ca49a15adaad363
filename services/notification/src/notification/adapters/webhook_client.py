"""Posts a signed message to a receiving system and reads what it answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import httpx

from notification.domain.delivery.policy import Outcome
from notification.domain.delivery.signing import signature

TIMESTAMP = "Handover-Timestamp"
SIGNATURE = "Handover-Signature"
MESSAGE_ID = "Handover-Message-Id"
SUBSCRIPTION = "Handover-Subscription"
TRANSMISSION = "Handover-Transmission"


@dataclass(frozen=True)
class Acknowledgement:
    outcome: Outcome
    reason: str | None = None


@dataclass(frozen=True)
class Answer:
    taken: bool  # 2xx: the receiver has the message
    status_code: int | None = None
    error: str | None = None
    acknowledgement: Acknowledgement | None = None  # when given in the response body


@dataclass(frozen=True)
class Message:
    url: str
    secret: str = field(repr=False)
    message_id: str
    subscription_id: str
    transmission: int
    body: bytes


def post(client: httpx.Client, message: Message, timestamp: int) -> Answer:
    headers = {
        "Content-Type": "application/json",
        MESSAGE_ID: message.message_id,
        SUBSCRIPTION: message.subscription_id,
        TRANSMISSION: str(message.transmission),
        TIMESTAMP: str(timestamp),
        SIGNATURE: signature(message.secret, timestamp, message.body),
    }
    try:
        response = client.post(message.url, content=message.body, headers=headers)
    except httpx.HTTPError as error:
        return Answer(taken=False, error=f"{type(error).__name__}: {error}"[:500])
    if not response.is_success:
        return Answer(taken=False, status_code=response.status_code, error=response.text[:500])
    return Answer(True, response.status_code, acknowledgement=_acknowledgement(response))


def _acknowledgement(response: httpx.Response) -> Acknowledgement | None:
    """An acknowledgement in the answer: {"outcome": "ok" | "transient-error" | "fatal-error",
    "reason": "…"}. Anything else means the acknowledgement will come later."""
    try:
        body = json.loads(response.content or b"null")
        outcome = Outcome(body["outcome"])
    except (ValueError, TypeError, KeyError):
        return None
    reason = body.get("reason")
    return Acknowledgement(outcome, str(reason)[:1000] if reason else None)
