"""Backward compatibility of a schema change, as a schema registry's BACKWARD mode checks.

A consumer built on the old schema must still read events written with the new one: no field
it knows may disappear or change type, and no new field may be required. Nor may an open
object be closed (``additionalProperties: false``): events already written may carry fields
the closed schema would refuse. (The published schemas were closed once, in issue 14, when every
event on the wire was known to carry exactly the models' fields.)
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def _resolve(node: Schema, root: Schema) -> Schema:
    ref = node.get("$ref")
    if not ref:
        return node
    name = ref.rsplit("/", 1)[-1]
    resolved: Schema = root.get("$defs", {})[name]
    return resolved


def _type_signature(node: Schema, root: Schema) -> Any:
    node = _resolve(node, root)
    if "anyOf" in node:
        return sorted(str(_type_signature(n, root)) for n in node["anyOf"])
    if "enum" in node:
        return ("enum", node.get("type"))
    if node.get("type") == "array":
        return ("array", _type_signature(node.get("items", {}), root))
    return (node.get("type"), node.get("format"))


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Problems an old consumer would have with the new schema (empty list: compatible)."""
    problems = _object_changes(old, new, old, new, "")
    for name, old_def in old.get("$defs", {}).items():
        new_def = new.get("$defs", {}).get(name, {})
        if "properties" in old_def:
            problems += _object_changes(old_def, new_def, old, new, f"{name}.")
        if "enum" in old_def and set(old_def["enum"]) - set(new_def.get("enum", [])):
            problems.append(f"{name}: enum values removed")
    return problems


def _object_changes(
    old: Schema, new: Schema, old_root: Schema, new_root: Schema, path: str
) -> list[str]:
    problems: list[str] = []
    new_props = new.get("properties", {})
    for field, old_node in old.get("properties", {}).items():
        if field not in new_props:
            problems.append(f"{path}{field}: removed")
        elif _type_signature(old_node, old_root) != _type_signature(new_props[field], new_root):
            problems.append(f"{path}{field}: type changed")
    for field in sorted(set(new.get("required", [])) - set(old.get("required", []))):
        problems.append(f"{path}{field}: new required field")
    if _closed(new) and not _closed(old):
        problems.append(f"{path.rstrip('.') or 'event'}: closed to unknown fields")
    return problems


def _closed(node: Schema) -> bool:
    return "properties" in node and node.get("additionalProperties") is False
