"""The AsyncAPI 3.0 document of Handover's events, built from the contracts (issue 14).

    python -m handover_contracts.asyncapi      # writes libs/contracts/asyncapi.json

One channel per topic (its address is the topic), one message per event type with the
envelope as payload and the registered payload model inside it, the Kafka key (the
pseudonymous patient reference) and the record headers the outbox relay sends; a send
operation for the topic's one publisher and a receive operation for each consuming service
(registry.PUBLISHER, registry.SUBSCRIPTIONS). Every service serves the same document at
``GET /asyncapi.json``; tests/unit/contracts/test_asyncapi.py fails when the committed file
drifts from the contracts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from handover_contracts.envelope import Envelope
from handover_contracts.identifiers import PATIENT_REF_PATTERN
from handover_contracts.registry import (
    ALL_TOPICS,
    EVENTS,
    PERFORMER,
    PUBLISHER,
    SERVICES,
    EventSpec,
    consumers_of,
    dead_letter_topic,
    retry_topic,
)
from handover_contracts.schemas import close_objects, describe_envelope, schema_id

ASYNCAPI_FILE = Path(__file__).resolve().parents[2] / "asyncapi.json"
KAFKA_BINDING = "0.5.0"
PATIENT_REF_TEXT = (
    "pseudonymous patient reference (an HMAC of the personnummer under the deployment's "
    "secret), never a personnummer: the record key of every event"
)
Doc = dict[str, Any]

DESCRIPTION = """\
The events that Handover's four services (referral, responsibility, billing, notification)
exchange over Kafka.

* **Envelope.** Every record's value is one JSON envelope (`Envelope`): `event_id`,
  `event_type`, `schema_version`, `occurred_at`, `producer`, `correlation_id`,
  `causation_id`, `partition_key` and the event's own fields in `payload`.
* **Key.** The record key is the envelope's `partition_key`: the pseudonymous patient
  reference (`pr-` and 24 base32 letters), never a personnummer. All events about one patient
  share a partition and so keep their order.
* **Headers.** `event_id` and `event_type` (UTF-8), copies of the envelope's fields, so a
  record can be routed or skipped without parsing it; and, where the writer was traced, the
  W3C `traceparent` the consumer continues.
* **Delivery.** At least once: the producers publish from a transactional outbox, and a
  consumer applies each `event_id` once (its inbox). Consumers read in a group named after
  the service.
* **Compatibility.** A version (`schema_version`, the `v1` in a schema's name) only gains
  optional fields. The schemas are closed (what a producer of this version sends); readers
  ignore fields they do not know. JSON Schemas of the envelope and each payload, with their
  `$id`, are in `libs/contracts/schemas/`.
* **Failures.** A record a consumer cannot apply goes to its dead-letter topic
  (`handover.dlq.<consumer>`) with `dlq.*` headers; `python -m handover_common.replay
  <consumer>` sends it back through `handover.retry.<consumer>`, which only that consumer
  reads.
"""


def _short(topic: str) -> str:
    """``handover.care-plan.v1`` → ``care-plan`` (channel and operation names)."""
    return topic.removeprefix("handover.").rsplit(".v", 1)[0]


def _components_schemas() -> Doc:
    classes: list[type[BaseModel]] = [spec.model for spec in EVENTS.values()]
    classes.append(Envelope)
    models: list[tuple[type[BaseModel], Literal["validation"]]] = [
        (model, "validation") for model in classes
    ]
    _, top = models_json_schema(models, ref_template="#/components/schemas/{model}")
    schemas: Doc = top["$defs"]
    close_objects(schemas)
    describe_envelope(schemas["Envelope"])
    schemas["PatientRef"] = {
        "type": "string",
        "pattern": PATIENT_REF_PATTERN,
        "description": PATIENT_REF_TEXT,
    }
    return dict(sorted(schemas.items()))


def _record_headers(event_type: str | None) -> Doc:
    kind: Doc = {"type": "string", "description": "the envelope's event_type"}
    if event_type is not None:
        kind["const"] = event_type
    return {
        "type": "object",
        "properties": {
            "event_id": {
                "type": "string",
                "format": "uuid",
                "description": "the envelope's event_id",
            },
            "event_type": kind,
            "traceparent": {
                "type": "string",
                "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
                "description": "W3C trace context of the span that wrote the outbox row "
                "(optional): a consumer continues the trace with it",
            },
        },
        "required": ["event_id", "event_type"],
    }


def _message(spec: EventSpec) -> Doc:
    doc = (spec.model.__doc__ or "").strip()
    summary, _, rest = doc.partition("\n\n")
    message: Doc = {
        "name": spec.event_type,
        "title": f"{spec.event_type} v{spec.version}",
        "summary": " ".join(summary.split()),
        "contentType": "application/json",
        "headers": _record_headers(spec.event_type),
        "payload": {
            "allOf": [
                {"$ref": "#/components/schemas/Envelope"},
                {
                    "type": "object",
                    "properties": {
                        "event_type": {"const": spec.event_type},
                        "schema_version": {"const": spec.version},
                        "partition_key": {"$ref": "#/components/schemas/PatientRef"},
                        "payload": {"$ref": f"#/components/schemas/{spec.model.__name__}"},
                    },
                },
            ]
        },
        "correlationId": {"$ref": "#/components/correlationIds/correlation"},
        "bindings": {"kafka": {"key": _key(), "bindingVersion": KAFKA_BINDING}},
    }
    name = f"{spec.event_type}.v{spec.version}"
    message["description"] = "\n\n".join(
        part
        for part in (
            rest.strip(),
            f"The payload's JSON Schema: `{schema_id(name)}` (libs/contracts/schemas/).",
        )
        if part
    )
    return message


def _key() -> Doc:
    """Inline: the Kafka binding's key is a schema *or* a reference, and a bare reference
    would be both."""
    return {"type": "string", "pattern": PATIENT_REF_PATTERN, "description": PATIENT_REF_TEXT}


def _event_channel(topic: str) -> Doc:
    publisher = PUBLISHER[topic]
    writer = (
        "the performing organisation's system (outside Handover)"
        if publisher == PERFORMER
        else publisher
    )
    readers = ", ".join(consumers_of(topic)) or "no service"
    return {
        "address": topic,
        "title": _short(topic),
        "description": f"Published by {writer}; consumed by {readers}. "
        "Keyed by the patient reference: one patient's events keep their order.",
        "messages": {
            name: {"$ref": f"#/components/messages/{name}"}
            for name, spec in EVENTS.items()
            if spec.topic == topic
        },
    }


def _failure_channels() -> Doc:
    consumer = {
        "consumer": {
            "enum": list(SERVICES),
            "description": "the consuming service (its consumer group)",
        }
    }
    return {
        "dead-letters": {
            "address": dead_letter_topic("{consumer}"),
            "title": "dead letters",
            "description": "Records a consumer could not apply (undecodable, unknown type, or "
            "still failing after its retries), as they arrived, with the reason in headers.",
            "parameters": consumer,
            "messages": {"dead-letter": {"$ref": "#/components/messages/dead-letter"}},
        },
        "retries": {
            "address": retry_topic("{consumer}"),
            "title": "replayed dead letters",
            "description": "Dead letters replayed after the cause was fixed "
            "(python -m handover_common.replay <consumer>); only that consumer reads it.",
            "parameters": consumer,
            "messages": {"replayed": {"$ref": "#/components/messages/replayed"}},
        },
    }


def _dead_letter_headers() -> Doc:
    headers = _record_headers(None)
    text = {"type": "string"}
    headers["properties"].update(
        {
            "dlq.reason": {**text, "description": "why, e.g. retries-exhausted"},
            "dlq.detail": {**text, "description": "the error, without values, ≤ 2000 chars"},
            "dlq.topic": {**text, "description": "the topic the record came from"},
            "dlq.partition": {**text, "description": "its partition (decimal)"},
            "dlq.offset": {**text, "description": "its offset (decimal)"},
        }
    )
    headers["required"] = ["dlq.reason", "dlq.topic", "dlq.partition", "dlq.offset"]
    return headers


def _any_event(name: str, title: str, headers: Doc, summary: str) -> Doc:
    return {
        "name": name,
        "title": title,
        "summary": summary,
        "contentType": "application/json",
        "headers": headers,
        "payload": {"$ref": "#/components/schemas/Envelope"},
        "bindings": {"kafka": {"key": _key(), "bindingVersion": KAFKA_BINDING}},
    }


def _messages() -> Doc:
    messages = {name: _message(spec) for name, spec in EVENTS.items()}
    messages["dead-letter"] = _any_event(
        "dead-letter",
        "dead letter",
        _dead_letter_headers(),
        "Any event, unchanged (key, value and headers), plus the dlq.* headers.",
    )
    messages["replayed"] = _any_event(
        "replayed",
        "replayed dead letter",
        _record_headers(None),
        "A dead letter sent again: the original record without the dlq.* headers.",
    )
    return messages


def _group(service: str) -> Doc:
    return {"groupId": {"type": "string", "const": service}, "bindingVersion": KAFKA_BINDING}


def _operations() -> Doc:
    operations: Doc = {}
    for topic in ALL_TOPICS:
        short, publisher = _short(topic), PUBLISHER[topic]
        messages = [
            {"$ref": f"#/channels/{topic}/messages/{name}"}
            for name, spec in EVENTS.items()
            if spec.topic == topic
        ]
        operations[f"{publisher}.send.{short}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{topic}"},
            "title": f"{publisher} publishes {short} events",
            "summary": "From the service's transactional outbox (at least once)."
            if publisher != PERFORMER
            else "The performing organisation's system reports its work here "
            "(or over billing's POST /v1/work-reports).",
            "messages": messages,
        }
        for consumer in consumers_of(topic):
            operations[f"{consumer}.receive.{short}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{topic}"},
                "title": f"{consumer} consumes {short} events",
                "summary": "Applied once per event_id (the consumer's inbox); event types "
                "the service has no handler for are ignored.",
                "messages": messages,
                "bindings": {"kafka": _group(consumer)},
            }
    dead, retried = "#/channels/dead-letters", "#/channels/retries"
    operations["consumer.send.dead-letters"] = {
        "action": "send",
        "channel": {"$ref": dead},
        "title": "a consumer dead-letters a record",
        "summary": "Every consuming service, to its own handover.dlq.<service>.",
        "messages": [{"$ref": f"{dead}/messages/dead-letter"}],
    }
    operations["replay.send.retries"] = {
        "action": "send",
        "channel": {"$ref": retried},
        "title": "the replay tool sends dead letters back",
        "summary": "python -m handover_common.replay <consumer>: reads handover.dlq.<consumer> "
        "up to its end, sends each record to handover.retry.<consumer>.",
        "messages": [{"$ref": f"{retried}/messages/replayed"}],
    }
    operations["consumer.receive.retries"] = {
        "action": "receive",
        "channel": {"$ref": retried},
        "title": "a consumer reads its replayed dead letters",
        "summary": "Every consuming service reads its own handover.retry.<service> with its "
        "event topics, in the same consumer group.",
        "messages": [{"$ref": f"{retried}/messages/replayed"}],
    }
    return operations


def build_asyncapi() -> Doc:
    channels: Doc = {topic: _event_channel(topic) for topic in ALL_TOPICS}
    channels.update(_failure_channels())
    return {
        "asyncapi": "3.0.0",
        "id": "urn:handover:events",
        "info": {
            "title": "Handover events",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "The embedded Kafka-protocol broker that `make run` starts "
                "(in memory).",
            },
            "cluster": {
                "host": "{bootstrap}",
                "protocol": "kafka",
                "description": "Apache Kafka, as the services' KAFKA_BOOTSTRAP_SERVERS names "
                "it (docker-compose.yml: kafka:9092).",
                "variables": {"bootstrap": {"default": "kafka:9092"}},
            },
        },
        "channels": channels,
        "operations": _operations(),
        "components": {
            "schemas": _components_schemas(),
            "messages": _messages(),
            "correlationIds": {
                "correlation": {
                    "description": "One request's trace through the services: the "
                    "X-Correlation-ID of the HTTP call that caused the first event, carried "
                    "on by every event it causes.",
                    "location": "$message.payload#/correlation_id",
                }
            },
        },
    }


def render(doc: Doc) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write_asyncapi(path: Path = ASYNCAPI_FILE) -> Path:
    path.write_text(render(build_asyncapi()), encoding="utf-8")
    return path


def committed_asyncapi(path: Path = ASYNCAPI_FILE) -> str:
    return path.read_text(encoding="utf-8")


if __name__ == "__main__":
    print(write_asyncapi())
