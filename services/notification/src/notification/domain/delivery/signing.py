"""How a webhook is signed, and how a receiver checks it.

The receiver's recipe (all three headers are on every request):

    Handover-Message-Id:  the message's id; the same on every resend, and in the feed
    Handover-Timestamp:   when this request was signed, in Unix seconds
    Handover-Signature:   "sha256=" + hex HMAC-SHA256(secret, f"{timestamp}.".encode() + body)

1. Compute the HMAC over the timestamp, a full stop and the raw body bytes exactly as received
   (before any JSON parsing), keyed with the subscription's secret (UTF-8).
2. Compare it with the header in constant time (hmac.compare_digest); reject on mismatch.
3. Reject a timestamp more than 5 minutes from your clock: a captured request cannot be
   replayed later. Within the window, drop a message id you have already handled and answer it
   with the acknowledgement you gave it the first time.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

SCHEME = "sha256="
REPLAY_WINDOW_SECONDS = 300
MESSAGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:handover:notification:message")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return SCHEME + mac.hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signed: str,
    now: float,
    window_seconds: int = REPLAY_WINDOW_SECONDS,
) -> bool:
    """True when the signature is the secret's over this timestamp and body, and the timestamp
    lies within the replay window around `now` (Unix seconds)."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > window_seconds:
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), signed)


def message_id(event_id: uuid.UUID, audience: str) -> uuid.UUID:
    """One id per notice (an event to one organisation): the same on every resend, to every
    subscription of that organisation and in its feed, so duplicates are recognised."""
    return uuid.uuid5(MESSAGE_NAMESPACE, f"{event_id}:{audience}")
