"""Building envelopes from payloads and reading them back from bytes."""

from __future__ import annotations

from handover_contracts.envelope import Envelope
from handover_contracts.events import Payload
from handover_contracts.registry import spec_for, spec_of


def wrap(
    payload: Payload,
    *,
    producer: str,
    partition_key: str,
    correlation_id: str,
    causation_id: str | None = None,
) -> Envelope:
    spec = spec_of(payload)
    return Envelope(
        event_type=spec.event_type,
        schema_version=spec.version,
        producer=producer,
        correlation_id=correlation_id,
        causation_id=causation_id,
        partition_key=partition_key,
        payload=payload.model_dump(mode="json"),
    )


def decode(raw: bytes) -> Envelope:
    """Parse bytes into an envelope; raises pydantic.ValidationError on garbage."""
    return Envelope.model_validate_json(raw)


def encode(envelope: Envelope) -> bytes:
    return envelope.model_dump_json().encode()


def payload_of(envelope: Envelope) -> Payload:
    """The typed payload; raises UnknownEventType or pydantic.ValidationError."""
    return spec_for(envelope.event_type).model.model_validate(envelope.payload)
