"""Bodies and answers of the statement routes: JH-TB counts, adjustments, readings (issue 13)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from billing.adapters.invoice_tables import invoice_id_of
from billing.domain.distribution.connections import ConnectedCount, CountAdjustment
from billing.domain.work.rules import Reading
from billing.entrypoints import examples as ex
from billing.service_layer.statements import PLACEHOLDER_STEP, StatementView


class ReadingOut(BaseModel):
    """Which reading of the agreement was applied to a rule, and the seed paragraph."""

    rule_id: str
    reading_id: str
    text: str
    source: str

    @classmethod
    def of(cls, reading: Reading) -> ReadingOut:
        return cls(
            rule_id=reading.rule_id,
            reading_id=reading.reading_id,
            text=reading.text,
            source=reading.source,
        )


class StatementOut(BaseModel):
    kind: str
    period: str
    parameters: dict[str, Any]
    steps: list[str]
    invoice_ids: list[str]
    stored: bool = Field(description="false for a preview that issued nothing")
    readings: list[ReadingOut]
    notes: list[str] = Field(description="how this statement relates to the stored one")
    placeholders: list[str] = Field(
        description="the shipped placeholder values it was priced on (REF-PLACEHOLDER-USE)"
    )

    @classmethod
    def of(cls, view: StatementView) -> StatementOut:
        return cls(
            kind=view.kind,
            period=view.period,
            parameters=dict(view.parameters),
            steps=list(view.steps),
            invoice_ids=[invoice_id_of(n) for n in view.invoice_numbers],
            stored=view.stored,
            readings=[ReadingOut.of(r) for r in view.readings],
            notes=list(view.notes),
            placeholders=[
                step.removeprefix(PLACEHOLDER_STEP)
                for step in view.steps
                if step.startswith(PLACEHOLDER_STEP)
            ],
        )


class CountAdjustmentIn(BaseModel):
    """JH-TB: finance's correction of the derived count of connected persons."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.COUNT_ADJUSTMENT))

    delta: int = Field(ge=-1000, le=1000, description="persons to add (+) or remove (−)")
    reason: str = Field(min_length=10, max_length=500, description="why, kept on the statement")

    @field_validator("delta")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise PydanticCustomError("JH-TB", "an adjustment adds or removes at least one person")
        return value

    @field_validator("reason")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("JH-TB", "give the reason for the adjustment")
        return value.strip()


class AdjustmentOut(BaseModel):
    delta: int
    reason: str
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def of(cls, a: CountAdjustment) -> AdjustmentOut:
        return cls(
            delta=a.delta, reason=a.reason, recorded_by=a.recorded_by, recorded_at=a.recorded_at
        )


class ConnectedCountOut(BaseModel):
    """JH-TB: the persons connected during ``count_year``, for the amount of ``year``."""

    year: int
    count_year: int
    derived: int = Field(description="distinct patients with a JH-PAL-2 decision in force")
    decisions: int = Field(description="JH-PAL-2 decisions held")
    adjustments: list[AdjustmentOut]
    connected_persons: int = Field(description="derived + adjustments: what the run uses")
    steps: list[str]
    reading: ReadingOut

    @classmethod
    def of(cls, count: ConnectedCount, reading: Reading) -> ConnectedCountOut:
        return cls(
            year=count.year + 1,
            count_year=count.year,
            derived=count.derived,
            decisions=count.decisions,
            adjustments=[AdjustmentOut.of(a) for a in count.adjustments],
            connected_persons=count.total,
            steps=list(count.steps()),
            reading=ReadingOut.of(reading),
        )
