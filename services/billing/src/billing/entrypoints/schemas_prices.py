"""Bodies of the price-book API. Amounts and index values are JSON strings ("640.00")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from handover_common.inputs import Day
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from billing.adapters.price_tables import ReferenceVersionRow
from billing.domain import IndexValue, PriceQuote, PriceUnit, Tariff, Validity
from billing.domain.provenance import Change, PlaceholderUse, Provenance
from billing.entrypoints import examples as ex
from billing.entrypoints.schemas_common import INDEX_NAME, RULE_IDS, DecimalText


class TariffIn(BaseModel):
    """A new tariff version: an amount at its base-year level, valid from a date."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.TARIFF))

    tariff_id: str = Field(min_length=1, max_length=100)
    rule_id: str
    description: str = Field(min_length=1, max_length=500)
    amount: DecimalText
    unit: PriceUnit
    base_year: int = Field(ge=2000, le=2100)
    index: str | None = Field(default=None, pattern=INDEX_NAME)
    valid_from: Day
    valid_to: Day | None = None
    note: str = Field(default="", max_length=500)

    @field_validator("rule_id")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        if value not in RULE_IDS:
            raise PydanticCustomError("RULE-ID", "not a money rule of the agreements")
        return value

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise PydanticCustomError("TARIFF-AMOUNT", "a tariff amount must be positive")
        return value

    @model_validator(mode="after")
    def _validity(self) -> TariffIn:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise PydanticCustomError("TARIFF-VALIDITY", "valid_to must not be before valid_from")
        return self

    def as_tariff(self) -> Tariff:
        return Tariff(
            tariff_id=self.tariff_id,
            rule_id=self.rule_id,
            description=self.description,
            base_amount=self.amount,
            unit=self.unit,
            base_year=self.base_year,
            validity=Validity(self.valid_from, self.valid_to),
            index=self.index,
            note=self.note,
        )


class ProvenanceOut(BaseModel):
    """Issue 13: placeholder (shipped example) / entered / confirmed, who set it and when."""

    status: str
    set_by: str
    set_at: datetime | None
    reason: str | None
    version: int

    @classmethod
    def of(cls, p: Provenance, version: int) -> ProvenanceOut:
        return cls(
            status=p.status.value,
            set_by=p.set_by,
            set_at=p.set_at,
            reason=p.reason,
            version=version,
        )


class TariffOut(BaseModel):
    tariff_id: str
    rule_id: str
    description: str
    amount: Decimal
    unit: str
    base_year: int
    index: str | None
    valid_from: date
    valid_to: date | None
    note: str
    provenance: ProvenanceOut

    @classmethod
    def of(cls, t: Tariff) -> TariffOut:
        return cls(
            tariff_id=t.tariff_id,
            rule_id=t.rule_id,
            description=t.description,
            amount=t.base_amount,
            unit=t.unit.value,
            base_year=t.base_year,
            index=t.index,
            valid_from=t.validity.valid_from,
            valid_to=t.validity.valid_to,
            note=t.note,
            provenance=ProvenanceOut.of(t.provenance, t.version),
        )


Reason = Field(
    default=None,
    min_length=1,
    max_length=500,
    description="why an entered value is corrected (REF-CORRECTION); a new version is stored",
)


class IndexValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.INDEX_VALUE))

    value: DecimalText
    note: str = Field(default="", max_length=500)
    reason: str | None = Reason

    @field_validator("value")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise PydanticCustomError("INDEX-VALUE", "an index value must be positive")
        return value


class IndexValueOut(BaseModel):
    index: str
    year: int
    value: Decimal
    note: str
    provenance: ProvenanceOut
    change: str | None = None  # new / unchanged / replaces-placeholder / correction / …

    @classmethod
    def of(cls, v: IndexValue, change: Change | None = None) -> IndexValueOut:
        return cls(
            index=v.index,
            year=v.year,
            value=v.value,
            note=v.note,
            provenance=ProvenanceOut.of(v.provenance, v.version),
            change=None if change is None else change.kind.value,
        )


class TariffAmountIn(BaseModel):
    """The amount of a stored tariff version: replaces a placeholder, or corrects with a reason."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.TARIFF_AMOUNT))

    amount: DecimalText
    reason: str | None = Reason

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise PydanticCustomError("TARIFF-AMOUNT", "a tariff amount must be positive")
        return value


class TariffChangeOut(BaseModel):
    tariff: TariffOut
    change: str


class VersionOut(BaseModel):
    version: int
    value: Decimal
    status: str
    set_by: str
    set_at: datetime
    reason: str | None

    @classmethod
    def of(cls, row: ReferenceVersionRow) -> VersionOut:
        return cls(
            version=row.version,
            value=Decimal(row.value),
            status=row.status,
            set_by=row.set_by,
            set_at=row.set_at,
            reason=row.reason,
        )


def where_to_replace(use: PlaceholderUse) -> str:
    """Where finance replaces a placeholder (REF-PLACEHOLDER)."""
    if use.kind == "index":
        return f"PUT /v1/indices/{use.key}"
    if use.kind == "tariff":
        return f"PUT /v1/tariffs/{use.key}"
    return "reference data (enter the agreed values with the parties)"


class PlaceholderOut(BaseModel):
    """A shipped example value something was priced on (REF-PLACEHOLDER-USE)."""

    kind: str
    key: str
    value: str
    replace_at: str

    @classmethod
    def of(cls, use: PlaceholderUse) -> PlaceholderOut:
        return cls(kind=use.kind, key=use.key, value=use.value, replace_at=where_to_replace(use))


class QuoteOut(BaseModel):
    """A unit price with every input of its formula."""

    tariff_id: str
    rule_id: str
    on: date
    year: int
    amount: Decimal
    unit: str
    index: str | None
    index_value: Decimal | None
    base_index_value: Decimal | None
    formula: str

    @classmethod
    def of(cls, q: PriceQuote, on: date) -> QuoteOut:
        return cls(
            tariff_id=q.tariff.tariff_id,
            rule_id=q.tariff.rule_id,
            on=on,
            year=q.year,
            amount=q.amount,
            unit=q.tariff.unit.value,
            index=q.tariff.index,
            index_value=q.index_value,
            base_index_value=q.base_index_value,
            formula=q.formula,
        )
