"""Each region's LAW-PAY payment clock over HTTP (issue 13): the agreement its stays are clocked
under and that agreement's model, as the region's finance enters, corrects and confirms them
(see ``service_layer.payment_clock_entries``)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from fastapi import APIRouter
from handover_common.access import Access, Authorised, forbidden
from handover_common.errors import NotFound
from handover_common.pages import MAX_LIMIT, Limit, Offset, Page, page_of
from handover_common.service import UoW
from pydantic import BaseModel, ConfigDict, Field

from billing.adapters.payment_clock_tables import ClockParameters
from billing.domain import ClockKind, DayBasis, PartyKind, PaymentClockModel
from billing.domain.provenance import Status
from billing.service_layer.payment_clock_entries import (
    ClockChange,
    RegionClock,
    change_clock,
    current_clocks,
)
from billing.service_layer.reference import directory

router = APIRouter(prefix="/v1/payment-clock", tags=["payment clock"])


class ClockProvenanceOut(BaseModel):
    status: str
    set_by: str
    set_at: datetime | None
    reason: str | None


class ClockModelOut(BaseModel):
    model_id: str
    care_type: str
    kind: str
    free_days: int
    day_basis: str
    notice_cutoff: str = Field(description="a ready notice sent before this time is day 0")
    daily_tariff_id: str
    valid_from: date
    valid_to: date | None
    admission_notice_hours: int
    sip_deadline_days: int
    count_discharge_day: bool
    window_months: int
    status: str

    @classmethod
    def of(cls, model: PaymentClockModel) -> ClockModelOut:
        return cls(
            model_id=model.model_id,
            care_type=model.care_type,
            kind=model.kind.value,
            free_days=model.free_days,
            day_basis=model.day_basis.value,
            notice_cutoff=model.notice_cutoff.strftime("%H:%M"),
            daily_tariff_id=model.daily_tariff_id,
            valid_from=model.validity.valid_from,
            valid_to=model.validity.valid_to,
            admission_notice_hours=model.admission_notice_hours,
            sip_deadline_days=model.sip_deadline_days,
            count_discharge_day=model.count_discharge_day,
            window_months=model.window_months,
            status=model.provenance.status.value,
        )


class RegionClockOut(BaseModel):
    region_code: str = Field(description="SCB county code")
    organisation: str = Field(description="as callers' tokens name it, e.g. region:23")
    name: str
    version: int = Field(description="0: as shipped (placeholders); finance's from 1")
    agreement_id: str | None = Field(description="LAW-PAY-AGREEMENT, e.g. region-jh/2026")
    valid_from: date | None
    valid_to: date | None
    provenance: ClockProvenanceOut
    models: list[ClockModelOut]

    @classmethod
    def of(cls, clock: RegionClock) -> RegionClockOut:
        names, p, agreement = directory(), clock.provenance, clock.agreement
        return cls(
            region_code=names.code(clock.region_id),
            organisation=names.organisation(clock.region_id),
            name=names.parties[clock.region_id].name,
            version=clock.version,
            agreement_id=None if agreement is None else agreement.agreement_id,
            valid_from=None if agreement is None else agreement.validity.valid_from,
            valid_to=None if agreement is None else agreement.validity.valid_to,
            provenance=ClockProvenanceOut(
                status=p.status.value, set_by=p.set_by, set_at=p.set_at, reason=p.reason
            ),
            models=[ClockModelOut.of(m) for m in clock.models],
        )


class RegionClockIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "individual",
                    "free_days": 2,
                    "psychiatry_free_days": 5,
                    "valid_from": "2026-01-01",
                    "status": "entered",
                }
            ]
        },
    )

    kind: Literal["individual", "monthly-average"] = Field(
        description="individual: each stay's payable days; monthly-average: each municipality's "
        "average excess over free_days"
    )
    free_days: int = Field(description="somatic care, after day 0 (LAW-PAY-ENTRY-DAYS)")
    psychiatry_free_days: int = Field(description="psychiatric care (LAW-PAY-ENTRY-DAYS)")
    day_basis: Literal["calendar", "working"] = "calendar"
    notice_cutoff: time = Field(
        default=time(12, 0), description="a ready notice sent before it makes its day day 0"
    )
    daily_tariff_id: str = Field(
        default="LAW-PAY-NATIONAL-DAILY", max_length=100, description="LAW-PAY-ENTRY-TARIFF"
    )
    valid_from: date = Field(description="the agreement's start; its id is region/year")
    admission_notice_hours: int = Field(default=24, description="LAW-ADM24")
    sip_deadline_days: int = Field(default=3, description="LAW-SIP3")
    count_discharge_day: bool = False
    window_months: int = Field(default=3, description="monthly-average and late notices")
    status: Literal["entered", "confirmed"] = Field(
        default="entered", description="confirmed: a second person of finance (REF-CONFIRM)"
    )
    reason: str | None = Field(default=None, max_length=1000, description="REF-CORRECTION")
    based_on: int | None = Field(
        default=None, ge=0, description="version read (LAW-PAY-ENTRY-VERSION)"
    )

    def parameters(self) -> ClockParameters:
        return ClockParameters(
            kind=ClockKind(self.kind),
            free_days=self.free_days,
            psychiatry_free_days=self.psychiatry_free_days,
            day_basis=DayBasis(self.day_basis),
            notice_cutoff=self.notice_cutoff.replace(second=0, microsecond=0, tzinfo=None),
            daily_tariff_id=self.daily_tariff_id,
            valid_from=self.valid_from,
            admission_notice_hours=self.admission_notice_hours,
            sip_deadline_days=self.sip_deadline_days,
            count_discharge_day=self.count_discharge_day,
            window_months=self.window_months,
        )


def _regions() -> list[str]:
    names = directory()
    regions = [p for p, party in names.parties.items() if party.kind is PartyKind.REGION]
    return sorted(regions, key=names.code)


def _region_id(code: str) -> str:
    region_id = directory().party_of(PartyKind.REGION.value, code)
    if region_id is None:
        raise NotFound("region")
    return region_id


def _own(access: Access, region_id: str) -> None:
    organisation = directory().organisation(region_id)
    if organisation != str(access.org):
        message = f"{access.org} may not enter the payment clock of {organisation}"
        raise forbidden("region_code", "ACCESS-OWN-PARTY", message)


@router.get("/agreements")
def list_clocks(
    uow: UoW, _access: Authorised, limit: Limit = MAX_LIMIT, offset: Offset = 0
) -> Page[RegionClockOut]:
    """Every region's LAW-PAY agreement and models, by region code, and where they came from
    (placeholder, entered or confirmed)."""
    with uow:
        clocks = current_clocks(uow.session, _regions())
    return page_of([RegionClockOut.of(clock) for clock in clocks.values()], limit, offset)


@router.put("/agreements/{region_code}")
def put_clock(
    region_code: str, body: RegionClockIn, uow: UoW, access: Authorised
) -> RegionClockOut:
    """Finance of the region enters (or corrects with a reason, or a second person confirms) its
    agreement and model as a new version; runs clock its stays with them from ``valid_from``.
    200 with the clock as now stored (unchanged when the same values are entered again)."""
    region_id = _region_id(region_code)
    _own(access, region_id)
    change = ClockChange(body.parameters(), Status(body.status), body.reason, body.based_on)
    by = f"{access.org}/{access.caller.person}"
    with uow:
        clock, _stored = change_clock(uow, region_id, change, by)
    return RegionClockOut.of(clock)
