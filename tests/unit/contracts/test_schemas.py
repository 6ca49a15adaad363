"""The committed JSON Schemas match the models, and no change breaks an existing consumer."""

from __future__ import annotations

import copy

import pytest
from handover_contracts.compatibility import breaking_changes
from handover_contracts.schemas import committed_schemas, current_schemas


def test_committed_schemas_are_up_to_date() -> None:
    assert committed_schemas() == current_schemas(), "run `make schemas` and commit the result"


@pytest.mark.parametrize("name", sorted(committed_schemas()))
def test_current_models_are_backward_compatible(name: str) -> None:
    assert breaking_changes(committed_schemas()[name], current_schemas()[name]) == []


@pytest.fixture
def discharged() -> dict:
    return copy.deepcopy(current_schemas()["patient.discharged.v1"])


def test_removing_a_field_breaks_consumers(discharged: dict) -> None:
    changed = copy.deepcopy(discharged)
    del changed["properties"]["hospital_unit"]
    assert breaking_changes(discharged, changed) == ["hospital_unit: removed"]


def test_retyping_a_field_breaks_consumers(discharged: dict) -> None:
    changed = copy.deepcopy(discharged)
    changed["properties"]["age_years"] = {"type": "string"}
    assert breaking_changes(discharged, changed) == ["age_years: type changed"]


def test_a_new_required_field_breaks_consumers(discharged: dict) -> None:
    changed = copy.deepcopy(discharged)
    changed["properties"]["ward_phone"] = {"type": "string"}
    changed["required"] = [*changed["required"], "ward_phone"]
    assert breaking_changes(discharged, changed) == ["ward_phone: new required field"]


def test_a_new_optional_field_is_compatible(discharged: dict) -> None:
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
