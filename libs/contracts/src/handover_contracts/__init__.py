"""Shared event contracts of Handover: one envelope, versioned payloads, one topic registry."""

from handover_contracts.codec import decode, encode, payload_of, wrap
from handover_contracts.envelope import Envelope
from handover_contracts.registry import (
    ALL_TOPICS,
    EVENTS,
    Topics,
    UnknownEventType,
    dead_letter_topic,
    retry_topic,
    spec_for,
)

__all__ = [
    "ALL_TOPICS",
    "EVENTS",
    "Envelope",
    "Topics",
    "UnknownEventType",
    "dead_letter_topic",
    "decode",
    "encode",
    "payload_of",
    "retry_topic",
    "spec_for",
    "wrap",
]
