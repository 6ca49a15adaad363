"""The committed JSON Schemas match the models, and no change breaks an existing consumer."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from handover_contracts import EVENTS, Envelope, decode, payload_of
from handover_contracts.compatibility import breaking_changes
from handover_contracts.schemas import committed_schemas, current_schemas
from jsonschema import Draft202012Validator, ValidationError  # type: ignore[import-untyped]

from tests.unit.contracts.samples import wire_events


def test_committed_schemas_are_up_to_date() -> None:
    assert committed_schemas() == current_schemas(), "run `make schemas` and commit the result"


@pytest.mark.parametrize("name", sorted(committed_schemas()))
def test_current_models_are_backward_compatible(name: str) -> None:
    assert breaking_changes(committed_schemas()[name], current_schemas()[name]) == []


@pytest.fixture
def discharged() -> dict[str, Any]:
    return copy.deepcopy(current_schemas()["patient.discharged.v1"])


def test_removing_a_field_breaks_consumers(discharged: dict[str, Any]) -> None:
    changed = copy.deepcopy(discharged)
    del changed["properties"]["hospital_unit"]
    assert breaking_changes(discharged, changed) == ["hospital_unit: removed"]


def test_retyping_a_field_breaks_consumers(discharged: dict[str, Any]) -> None:
    changed = copy.deepcopy(discharged)
    changed["properties"]["age_years"] = {"type": "string"}
    assert breaking_changes(discharged, changed) == ["age_years: type changed"]


def test_a_new_required_field_breaks_consumers(discharged: dict[str, Any]) -> None:
    changed = copy.deepcopy(discharged)
    changed["properties"]["ward_phone"] = {"type": "string"}
    changed["required"] = [*changed["required"], "ward_phone"]
    assert breaking_changes(discharged, changed) == ["ward_phone: new required field"]


def test_a_new_optional_field_is_compatible(discharged: dict[str, Any]) -> None:
    changed = copy.deepcopy(discharged)
    changed["properties"]["ward_phone"] = {"type": "string"}
    assert breaking_changes(discharged, changed) == []


def test_removing_an_enum_value_breaks_consumers() -> None:
    old = current_schemas()["responsibility.decided.v1"]
    changed = copy.deepcopy(old)
    changed["$defs"]["CareComponent"]["enum"].remove("oxygen")
    assert breaking_changes(old, changed) == ["CareComponent: enum values removed"]


def test_retyping_a_nested_field_breaks_consumers() -> None:
    old = current_schemas()["responsibility.decided.v1"]
    changed = copy.deepcopy(old)
    changed["$defs"]["ComponentResponsibility"]["properties"]["rule_ids"] = {"type": "string"}
    assert breaking_changes(old, changed) == ["ComponentResponsibility.rule_ids: type changed"]


def test_closing_an_open_object_breaks_consumers(discharged: dict[str, Any]) -> None:
    opened = copy.deepcopy(discharged)
    del opened["additionalProperties"]
    assert breaking_changes(opened, discharged) == ["event: closed to unknown fields"]
    assert breaking_changes(discharged, opened) == []  # opening is compatible


def test_every_schema_has_an_id_and_closed_objects() -> None:
    for name, schema in committed_schemas().items():
        assert schema["$id"] == f"https://handover.example/schemas/{name}.json"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        objects = [schema, *schema.get("$defs", {}).values()]
        for node in objects:
            if "properties" in node:
                assert node["additionalProperties"] is False, name


def test_the_envelope_requires_what_every_producer_sends() -> None:
    required = set(committed_schemas()["envelope"]["required"])
    assert required == set(Envelope.model_fields) - {"causation_id"}
    assert {"event_id", "occurred_at", "event_type", "schema_version", "producer"} <= required


@pytest.mark.parametrize("full", [True, False], ids=["all-fields", "required-fields"])
def test_every_event_on_the_wire_matches_its_published_schemas(full: bool) -> None:
    schemas = committed_schemas()
    envelope = Draft202012Validator(schemas["envelope"])
    events = wire_events(full)
    assert set(events) == set(EVENTS)
    for name, event in events.items():
        envelope.validate(event)
        Draft202012Validator(schemas[f"{name}.v{EVENTS[name].version}"]).validate(event["payload"])


def test_the_schemas_are_closed_for_producers_and_readers_stay_tolerant() -> None:
    schemas = committed_schemas()
    event = wire_events(full=False)["patient.discharged"]
    newer = {**event["payload"], "ward_phone": "+46 19 000 00 00"}  # a later optional field
    with pytest.raises(ValidationError):
        Draft202012Validator(schemas["patient.discharged.v1"]).validate(newer)
    with pytest.raises(ValidationError):
        Draft202012Validator(schemas["envelope"]).validate({**event, "tenant": "x"})
    reader = payload_of(decode(json.dumps({**event, "payload": newer}).encode()))
    assert reader == EVENTS["patient.discharged"].model.model_validate(event["payload"])
