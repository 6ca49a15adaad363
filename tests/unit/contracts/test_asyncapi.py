"""The committed AsyncAPI document is the contracts' (no drift), valid AsyncAPI 3.0, complete,
and it describes what goes on the wire: every event's value, key and headers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from handover_contracts import ALL_TOPICS, EVENTS
from handover_contracts.asyncapi import build_asyncapi, committed_asyncapi, render
from handover_contracts.registry import PUBLISHER, SERVICES, SUBSCRIPTIONS
from jsonschema import Draft7Validator  # type: ignore[import-untyped]

from tests.unit.contracts.samples import wire_events

SPEC = Path(__file__).with_name("asyncapi-3.0.0.schema.json")  # from @asyncapi/specs, offline


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return build_asyncapi()


@pytest.fixture(scope="module")
def asyncapi_spec() -> Draft7Validator:
    return Draft7Validator(json.loads(SPEC.read_text()))


def test_the_committed_document_is_up_to_date(doc: dict[str, Any]) -> None:
    assert committed_asyncapi() == render(doc), "run `make schemas` and commit the result"


def test_the_document_is_valid_asyncapi_3(doc: dict[str, Any], asyncapi_spec) -> None:
    assert doc["asyncapi"] == "3.0.0"
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in asyncapi_spec.iter_errors(doc)]
    assert errors == []


def test_the_validator_would_notice_a_broken_document(doc: dict[str, Any], asyncapi_spec) -> None:
    broken = copy.deepcopy(doc)
    del next(iter(broken["operations"].values()))["action"]
    assert not asyncapi_spec.is_valid(broken)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [
            *([node["$ref"]] if isinstance(node.get("$ref"), str) else []),
            *(ref for value in node.values() for ref in _refs(value)),
        ]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref}: only references inside the document"
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_reference_resolves(doc: dict[str, Any]) -> None:
    refs = set(_refs(doc))
    assert len(refs) > len(EVENTS)
    for ref in refs:
        _resolve(doc, ref)


def test_every_topic_and_event_type_is_there(doc: dict[str, Any]) -> None:
    channels = {c["address"]: c for c in doc["channels"].values()}
    assert set(ALL_TOPICS) <= set(channels)
    for name, spec in EVENTS.items():
        message = doc["components"]["messages"][name]
        assert message["name"] == name
        assert name in channels[spec.topic]["messages"]
        payload = message["payload"]["allOf"][1]["properties"]["payload"]
        assert payload == {"$ref": f"#/components/schemas/{spec.model.__name__}"}


def test_publishers_and_consumers_are_the_registry(doc: dict[str, Any]) -> None:
    for topic in ALL_TOPICS:
        assert _actors(doc, "send", topic) == {PUBLISHER[topic]}
        receivers = _actors(doc, "receive", topic)
        assert receivers == {s for s in SERVICES if topic in SUBSCRIPTIONS[s]}
        assert "notification" in receivers


def _actors(doc: dict[str, Any], action: str, topic: str) -> set[str]:
    return {
        op_id.split(".")[0]
        for op_id, op in doc["operations"].items()
        if op["action"] == action and op["channel"] == {"$ref": f"#/channels/{topic}"}
    }


def _validator(doc: dict[str, Any], schema: dict[str, Any]) -> Draft7Validator:
    """AsyncAPI schemas are JSON Schema draft 07; ``#/components/…`` resolve in ``doc``."""
    return Draft7Validator({**schema, "components": doc["components"]})


@pytest.mark.parametrize("full", [True, False], ids=["all-fields", "required-fields"])
def test_every_record_on_the_wire_matches_its_message(doc: dict[str, Any], full: bool) -> None:
    """Value, key and headers as the outbox relay sends them (handover_common.relay)."""
    for name, event in wire_events(full).items():
        message = doc["components"]["messages"][name]
        _validator(doc, message["payload"]).validate(event)
        headers = {"event_id": event["event_id"], "event_type": event["event_type"]}
        _validator(doc, message["headers"]).validate(headers)
        _validator(doc, message["bindings"]["kafka"]["key"]).validate(event["partition_key"])


def test_a_message_refuses_another_event_type(doc: dict[str, Any]) -> None:
    event = wire_events(full=False)["patient.discharged"]
    message = doc["components"]["messages"]["patient.admitted"]
    assert not _validator(doc, message["payload"]).is_valid(event)
    assert not _validator(doc, message["bindings"]["kafka"]["key"]).is_valid("199001011234")
