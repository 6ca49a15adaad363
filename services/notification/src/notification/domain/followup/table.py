"""The month's figures as rows (figure, dimension, value), and as CSV: the plain variant, and
the Swedish spreadsheet variant (semicolon, decimal comma, UTF-8 BOM, Swedish header)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from notification.domain.followup.figures import MonthFigures, StreamWork

ALL = "all"
Value = int | Decimal | None


@dataclass(frozen=True)
class Row:
    figure: str
    dimension: str
    value: Value


def _each(figure: str, counts: Mapping[str, int]) -> Iterator[Row]:
    for dimension, value in counts.items():
        yield Row(figure, dimension, value)


def _work(direction: str, streams: Mapping[str, StreamWork]) -> Iterator[Row]:
    for stream, work in streams.items():
        yield Row(f"work_reports_{direction}", stream, work.reports)
        yield Row(f"work_minutes_{direction}", stream, work.minutes)
        yield Row(f"work_hours_{direction}", stream, work.hours)


def rows(f: MonthFigures) -> list[Row]:
    """Every figure in a fixed order; enumerated dimensions always present (zero if none)."""
    cr, ack, hc, disputes = f.care_requests, f.time_to_acknowledge, f.home_care, f.disputes
    found = [
        Row("care_requests_created", ALL, cr.created),
        *_each("care_requests_created", cr.by_way_in),
        Row("care_requests_acute", ALL, cr.acute),
        *_each("care_requests_outcome", cr.by_outcome),
        *(
            Row("care_requests_outcome", f"{way}/{outcome}", n)
            for way, outcomes in cr.by_way_in_and_outcome.items()
            for outcome, n in outcomes.items()
        ),
        Row("care_requests_accepted", ALL, cr.accepted),
        Row("care_requests_rejected", ALL, cr.rejected),
        *_each("care_requests_rejected", cr.rejected_by_reason),
        Row("acknowledged", ALL, ack.acknowledged),
        Row("time_to_acknowledge_median_minutes", ALL, ack.median_minutes),
        Row("time_to_acknowledge_mean_minutes", ALL, ack.mean_minutes),
        Row("homecare_enrolled", ALL, hc.enrolled),
        Row("homecare_discharged", ALL, hc.discharged),
        *_each("homecare_discharged", hc.discharged_by_reason),
        Row("homecare_stays", ALL, hc.stays),
        Row("homecare_days", ALL, hc.days),
    ]
    for rule, counts in f.deadlines.items():
        found += [
            Row("deadlines_met", rule, counts.met),
            Row("deadlines_met_late", rule, counts.met_late),
            Row("deadlines_missed", rule, counts.missed),
        ]
    found += [
        Row("disputes_opened", ALL, disputes.opened),
        *_each("disputes_opened", disputes.opened_by_level),
        Row("disputes_settled", ALL, disputes.settled),
        Row("disputes_settled_with_move", ALL, disputes.settled_with_move),
        Row("disputes_settled_without_move", ALL, disputes.settled_without_move),
        *_each("components_moved", disputes.components_moved),
        *_each("components_moved_to", disputes.moved_to),
        *_work("performed", f.work.performed),
        *_work("received", f.work.received),
    ]
    return found


def _text(value: Value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.replace(".", ",") if decimal_comma else text


def to_csv(found: list[Row], swedish: bool = False) -> str:
    """RFC 4180 CSV with CRLF line ends; ``swedish``: ; and decimal comma, BOM first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if swedish else ",", lineterminator="\r\n")
    writer.writerow(
        ("figur", "dimension", "värde") if swedish else ("figure", "dimension", "value")
    )
    for row in found:
        writer.writerow((row.figure, row.dimension, _text(row.value, swedish)))
    return ("\ufeff" if swedish else "") + out.getvalue()
