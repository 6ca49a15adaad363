"""Bodies of the invoice-run API."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from handover_common.inputs import Day
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from billing.domain import Exclusion, Period
from billing.domain.provenance import PlaceholderUse
from billing.entrypoints import examples as ex
from billing.entrypoints.schemas_common import MONTH, DecimalText
from billing.entrypoints.schemas_invoices import InvoiceSummary
from billing.entrypoints.schemas_prices import PlaceholderOut
from billing.service_layer.issuing import RunResult

RefusePlaceholders = Field(
    default=None,
    description="refuse to issue while a shipped placeholder value would be used "
    "(REF-PLACEHOLDER-USE); default: the service setting",
)


class MonthlyRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.MONTHLY_RUN))

    month: str = Field(pattern=MONTH, description="YYYY-MM, the month billed")
    issue_date: Day
    refuse_placeholders: bool | None = RefusePlaceholders

    @property
    def period(self) -> Period:
        year, month = self.month.split("-")
        return Period.month(int(year), int(month))


class PaymentClockRunIn(MonthlyRunIn):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.PAYMENT_CLOCK_RUN))

    agreement_id: str | None = Field(default=None, description="LAW-PAY agreement (data)")


class MtFixedRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.MT_FIXED_RUN))

    year: int = Field(ge=2000, le=2100)
    half: Literal[1, 2]
    issue_date: Day
    refuse_placeholders: bool | None = RefusePlaceholders

    @model_validator(mode="after")
    def _in_advance(self) -> MtFixedRunIn:
        if self.issue_date >= Period.half_year(self.year, self.half).start:
            message = "the MT fixed part is invoiced in advance: issue before the half-year"
            raise PydanticCustomError("JH-MT-FIXED", message)
        return self


class SupplementaryRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.SUPPLEMENTARY_RUN))

    year: int = Field(ge=2000, le=2100, description="the year of the amount")
    connected_persons: int | None = Field(
        default=None,
        ge=0,
        description="persons connected in year − 1 (JH-TB); derived from the JH-PAL-2 decisions "
        "when left out, and a different number is refused (409)",
    )
    issue_date: Day
    refuse_placeholders: bool | None = RefusePlaceholders


class JointFundsRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.JOINT_FUNDS_RUN))

    budget_id: str = Field(min_length=1, max_length=100)
    budget: DecimalText
    year: int = Field(ge=2000, le=2100)
    issue_date: Day
    refuse_placeholders: bool | None = RefusePlaceholders

    @field_validator("budget")
    @classmethod
    def _whole_ore(cls, value: Decimal) -> Decimal:
        if value < 0 or value != value.quantize(Decimal("0.01")):
            raise PydanticCustomError("JH-ECO", "a budget is a non-negative amount in öre")
        return value


class PriceCorrectionRunIn(BaseModel):
    """REF-CORRECTION-RUN: reprice the caller's issued invoices after a corrected value."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=ex.examples(ex.PRICE_CORRECTION_RUN)
    )

    issue_date: Day
    tariff_ids: list[str] | None = Field(
        default=None, description="only lines of these tariffs (default: every priced line)"
    )


class ExclusionOut(BaseModel):
    """An item not billed, with the rule and why (for finance to follow up)."""

    item_id: str
    reason: str
    rule_id: str
    detail: str

    @classmethod
    def of(cls, e: Exclusion) -> ExclusionOut:
        return cls(item_id=e.report_id, reason=e.reason.value, rule_id=e.rule_id, detail=e.detail)


class RunOut(BaseModel):
    run: str
    period: str
    invoices: list[InvoiceSummary]
    exclusions: list[ExclusionOut]
    warnings: list[str]
    steps: list[str]
    placeholders: list[PlaceholderOut] = Field(
        default_factory=list, description="shipped placeholder values the run used"
    )

    @classmethod
    def of(cls, result: RunResult, placeholders: Sequence[PlaceholderUse] = ()) -> RunOut:
        warned = [f"REF-PLACEHOLDER-USE: priced on the placeholder {u.label}" for u in placeholders]
        return cls(
            run=result.run,
            period=result.period,
            invoices=[InvoiceSummary.of(issued.row) for issued in result.issued],
            exclusions=[ExclusionOut.of(e) for e in result.exclusions],
            warnings=[*result.warnings, *warned],
            steps=list(result.steps),
            placeholders=[PlaceholderOut.of(use) for use in placeholders],
        )
