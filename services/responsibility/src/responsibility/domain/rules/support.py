"""Small builders shared by the rule modules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum

from ..decision import Criterion, Obligation
from ..enums import Outcome
from ..parties import Party
from ..serial import FactValue


def fact(value: object) -> FactValue:
    """Normalise an input value for the explanation (enums, dates, sets → primitives)."""
    if value is None or type(value) in _PLAIN:  # most facts; not a StrEnum, a str subclass
        return value  # type: ignore[return-value]
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return tuple(sorted(str(fact(v)) for v in value))
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"unsupported fact value {value!r}")


_PLAIN = frozenset({str, int, bool})


def criterion(
    rule_id: str,
    outcome: Outcome,
    sentence: str,
    inputs: Mapping[str, object],
    missing: tuple[str, ...] = (),
) -> Criterion:
    return Criterion(
        rule_id=rule_id,
        outcome=outcome,
        inputs={name: fact(inputs[name]) for name in sorted(inputs)},
        sentence=sentence,
        missing_facts=tuple(sorted(set(missing))) if missing else (),
    )


def applies(rule_id: str, applied: bool, topic: str, **inputs: object) -> Criterion:
    """A criterion for an exception rule: met when the exception applies."""
    outcome = Outcome.MET if applied else Outcome.NOT_MET
    sentence = f"{topic}: {'applies' if applied else 'does not apply'}."
    return criterion(rule_id, outcome, sentence, inputs)


def obligation(rule_id: str, duty: str, owner: Party | None, sentence: str) -> Obligation:
    return Obligation(rule_id=rule_id, duty=duty, owner=owner, sentence=sentence)


def missing_facts(**facts: object) -> tuple[str, ...]:
    """Names of the facts that are unknown (None)."""
    return tuple(name for name, value in facts.items() if value is None)


def outcome_of(value: bool | None) -> Outcome:
    if value is None:
        return Outcome.UNKNOWN
    return Outcome.MET if value else Outcome.NOT_MET
