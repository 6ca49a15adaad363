"""Follow-up figures per municipality and month, as JSON and CSV, and the per-municipality
trend the dashboard draws (issue 12 section 4; seeds orebro-… and dalarna-…)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from handover_common.access import Access, AccessTable, Authorised, Role, allow, forbidden
from handover_common.errors import FieldError, NotFound, RequestRejected
from handover_common.service import UoW
from handover_contracts.envelope import utcnow

from notification.domain.followup import (
    Month,
    MonthFigures,
    Trend,
    Viewer,
    known_municipality,
    rows,
    to_csv,
)
from notification.domain.followup.months import SWEDISH_TIME, months_until
from notification.service_layer.background import BackgroundTask
from notification.service_layer.followup import figures_for, trend_for
from notification.settings import NotificationSettings

FOLLOW_UP_READERS = (
    Role.OPERATIONS,
    Role.FINANCE,
    Role.AGREEMENT_ADMIN,
    Role.MUNICIPAL_NURSE,
    Role.HEALTH_CENTRE,
    Role.HOSPITAL_UNIT,
    Role.SPECIALISED_OUTPATIENT,
)
SCOPE = (
    "counts only, no patient data: a municipality its own figures, a region the "
    "municipalities of its county, operations and finance all (FOLLOW-UP-SCOPE)"
)
MONTH_ROUTE = "/follow-up/{municipality_code}/{year}-{month}"

router = APIRouter(prefix="/v1", tags=["follow-up"])
ACCESS: AccessTable = {
    "GET /v1/follow-up/trend": allow(*FOLLOW_UP_READERS, scope=SCOPE),
    f"GET /v1{MONTH_ROUTE}": allow(*FOLLOW_UP_READERS, scope=SCOPE),
    f"GET /v1{MONTH_ROUTE}/figures.csv": allow(*FOLLOW_UP_READERS, scope=SCOPE),
}
BACKGROUND: tuple[BackgroundTask, ...] = ()

MunicipalityCode = Annotated[
    str, Path(pattern=r"^[0-9]{4}$", description="SCB municipality code, e.g. 2380")
]
Year = Annotated[int, Path(ge=2000, le=2100)]
MonthNumber = Annotated[int, Path(ge=1, le=12, description="1–12 (01–12)")]


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"  # comma, decimal point
    CSV_SV = "csv-sv"  # semicolon, decimal comma, UTF-8 BOM (Swedish spreadsheets)


class Variant(StrEnum):
    STANDARD = "standard"
    SWEDISH = "swedish"


def viewer_of(access: Access) -> Viewer:
    org = access.caller.organisation
    return Viewer(org.kind.value, org.code, access.caller.role.value)


def _visible(access: Access, code: str) -> None:
    if not known_municipality(code):
        raise NotFound(f"municipality {code} (no Swedish county {code[:2]})")
    viewer = viewer_of(access)
    if not viewer.sees(code):
        raise forbidden("municipality_code", "FOLLOW-UP-SCOPE", viewer.refusal(code))


def _figures(uow: UoW, access: Access, code: str, year: int, month: int) -> MonthFigures:
    _visible(access, code)
    today = utcnow().astimezone(SWEDISH_TIME).date()
    with uow:
        return figures_for(uow.session, code, Month(year, month), today)


def _csv(figures: MonthFigures, swedish: bool) -> Response:
    name = f"follow-up-{figures.municipality_code}-{figures.month}{'-sv' if swedish else ''}.csv"
    return Response(
        to_csv(rows(figures), swedish=swedish),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/follow-up/trend")
def follow_up_trend(
    request: Request,
    uow: UoW,
    access: Authorised,
    months: Annotated[int | None, Query(ge=1, description="how many months, default 12")] = None,
    until: Annotated[
        str | None, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    ] = None,
) -> Trend:
    """One number per month, oldest first, per municipality the caller sees: care requests
    created, accepted, rejected (answers given in the month) and enrolments."""
    settings: NotificationSettings = request.app.state.runtime.settings
    count = months or settings.follow_up_trend_months
    if count > settings.follow_up_trend_max_months:
        limit = settings.follow_up_trend_max_months
        message = f"at most {limit} months, not {count}"
        raise RequestRejected([FieldError("months", "FOLLOW-UP-MONTHS", message)])
    try:  # the pattern admits years the calendar does not (0000-01), or a window before 1900
        last = Month.parse(until) if until else Month.of_moment(utcnow())
        months_until(last, count)
    except ValueError as error:
        raise RequestRejected([FieldError("until", "FOLLOW-UP-MONTH", str(error))]) from None
    with uow:
        return trend_for(uow.session, viewer_of(access), last, count)


@router.get(MONTH_ROUTE, response_model=MonthFigures)
def follow_up_figures(
    municipality_code: MunicipalityCode,
    year: Year,
    month: MonthNumber,
    uow: UoW,
    access: Authorised,
    output: Annotated[Format, Query(alias="format")] = Format.JSON,
) -> MonthFigures | Response:
    """The municipality's figures of a Swedish calendar month; ``format=csv`` or ``csv-sv``
    gives the rows (figure, dimension, value) as CSV."""
    figures = _figures(uow, access, municipality_code, year, month)
    if output is Format.JSON:
        return figures
    return _csv(figures, swedish=output is Format.CSV_SV)


@router.get(f"{MONTH_ROUTE}/figures.csv", response_class=Response)
def follow_up_figures_csv(
    municipality_code: MunicipalityCode,
    year: Year,
    month: MonthNumber,
    uow: UoW,
    access: Authorised,
    variant: Variant = Variant.STANDARD,
) -> Response:
    """One row per figure: figure, dimension, value. ``variant=swedish``: semicolon, decimal
    comma and a UTF-8 BOM, as Swedish spreadsheets open it."""
    figures = _figures(uow, access, municipality_code, year, month)
    return _csv(figures, swedish=variant is Variant.SWEDISH)
