"""Test data builders for the billing domain (a price book with round index values)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from billing.domain import (
    Address,
    BillableTime,
    BillingContext,
    CostItem,
    IndexValue,
    Party,
    PartyKind,
    PriceBook,
    PriceUnit,
    Tariff,
    Validity,
    WorkBillingRules,
    WorkKind,
    WorkReport,
)

D = Decimal


def tariff(
    tid: str,
    rule: str,
    amount: str,
    unit: PriceUnit,
    base_year: int,
    index: str | None,
    start: date,
    end: date | None = None,
) -> Tariff:
    return Tariff(tid, rule, tid, D(amount), unit, base_year, Validity(start, end), index)


def price_book() -> PriceBook:
    indices = (
        IndexValue("VPI", 2025, D("100")),
        IndexValue("VPI", 2026, D("103")),
        IndexValue("OPI", 2025, D("100")),
        IndexValue("OPI", 2026, D("102.5")),
        IndexValue("LPIK", 2024, D("100")),
        IndexValue("LPIK", 2026, D("105")),
    )
    tariffs = (
        tariff("RENT", "JH-RENT-DAY", "640", PriceUnit.STARTED_HOUR, 2025, "VPI", date(2025, 1, 1)),
        tariff("SIGHT", "JH-SIGHT", "338", PriceUnit.STARTED_HOUR, 2025, "OPI", date(2025, 1, 1)),
        tariff("MT", "JH-MT-VARIABLE", "1123", PriceUnit.HOUR, 2025, "VPI", date(2025, 1, 1)),
        tariff("TB", "JH-TB", "3735428", PriceUnit.YEAR, 2024, "LPIK", date(2026, 1, 1)),
        tariff("TB-ADJ", "JH-TB", "25940", PriceUnit.PERSON, 2024, "LPIK", date(2026, 1, 1)),
        tariff(
            "GB",
            "GB-ECO",
            "295.40",
            PriceUnit.HOUR,
            2018,
            None,
            date(2018, 4, 1),
            date(2018, 12, 31),
        ),
        tariff(
            "GB",
            "GB-ECO",
            "299.80",
            PriceUnit.HOUR,
            2019,
            None,
            date(2019, 1, 1),
            date(2019, 12, 31),
        ),
        tariff(
            "PAY",
            "LAW-PAY",
            "9300",
            PriceUnit.DAY,
            2022,
            None,
            date(2022, 1, 1),
            date(2022, 12, 31),
        ),
        tariff(
            "PAY",
            "LAW-PAY",
            "10500",
            PriceUnit.DAY,
            2023,
            None,
            date(2023, 1, 1),
            date(2023, 12, 31),
        ),
    )
    return PriceBook(tariffs=tariffs, index_values=indices)


def _party(pid: str, kind: PartyKind, region: str | None = None) -> Party:
    return Party(pid, pid.title(), kind, "212000-0000", Address("Gatan 1", "831 00", "Ort"), region)


MUNICIPALITIES = ("berg", "bracke", "harj", "krokom", "ragunda", "strom", "are", "ost")


def parties() -> dict[str, Party]:
    result = {
        "region": _party("region", PartyKind.REGION),
        "gavleborg": _party("gavleborg", PartyKind.REGION),
        "vasternorrland": _party("vasternorrland", PartyKind.REGION),
        "bollnas": _party("bollnas", PartyKind.MUNICIPALITY, "gavleborg"),
    }
    for name in MUNICIPALITIES:
        result[name] = _party(name, PartyKind.MUNICIPALITY, "region")
    return result


def rules(**overrides: object) -> WorkBillingRules:
    values: dict[str, Any] = {
        "rental_tariff_id": "RENT",
        "sight_hearing_tariff_id": "SIGHT",
        "mt_hourly_tariff_id": "MT",
        "gb_hourly_tariff_id": "GB",
        "gen_res_tariff_id": "RENT",
        "billable_sight_tasks": frozenset({"reading-writing-training", "reading-tv"}),
        "billable_hearing_tasks": frozenset({"hearing-aid-handling-training"}),
        "gb_target_groups": frozenset({"respirator", "tracheostomy", "peritoneal-dialysis"}),
        "gb_region_share": D("0.50"),
    }
    values.update(overrides)
    return WorkBillingRules(**values)


def context(**rule_overrides: object) -> BillingContext:
    return BillingContext(price_book(), parties(), rules(**rule_overrides))


def report(
    report_id: str = "r1",
    *,
    kind: WorkKind = WorkKind.STAFF_RENTAL,
    start: datetime = datetime(2026, 3, 10, 9, 0),
    minutes: int = 60,
    performer: str = "ost",
    counterparty: str = "region",
    responsible: str = "region",
    task: str = "wound-care",
    time: BillableTime | None = None,
    end: datetime | None = None,
    subject_ref: str | None = None,
    costs: tuple[CostItem, ...] = (),
    written_agreement_ref: str | None = None,
) -> WorkReport:
    return WorkReport(
        report_id,
        kind,
        performer,
        counterparty,
        responsible,
        task,
        start,
        end if end is not None else start + timedelta(hours=1),
        time if time is not None else BillableTime(intervention_minutes=minutes),
        subject_ref=subject_ref,
        costs=costs,
        written_agreement_ref=written_agreement_ref,
    )
