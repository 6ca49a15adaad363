"""work.reported ↔ the domain's WorkReport, and the normal form a report is stored in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from handover_contracts.billing_events import WorkReported

from billing.domain import BillableTime, CostItem, CostKind, UnknownParty, WorkKind, WorkReport
from billing.domain.work.reports import SWEDISH_TIME, to_swedish_time
from billing.service_layer.reference import Directory


def as_utc(moment: datetime) -> datetime:
    """A naive time is Swedish wall-clock time (as the domain reads it); store it in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SWEDISH_TIME)
    return moment.astimezone(UTC)


def normalised(report: WorkReported) -> WorkReported:
    """The same report however it arrived: times in UTC."""
    update = {"started_at": as_utc(report.started_at), "ended_at": as_utc(report.ended_at)}
    return report.model_copy(update=update)


def fingerprint(report: WorkReported) -> str:
    """Identifies the content: an identical redelivery has the same fingerprint."""
    text = json.dumps(report.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def service_month(report: WorkReported) -> str:
    """YYYY-MM of the job's start in Swedish time: the month it is invoiced in."""
    start = to_swedish_time(as_utc(report.started_at))
    return f"{start.year:04d}-{start.month:02d}"


def _party(directory: Directory, code: str) -> str:
    party_id = directory.party_id(code)
    if party_id is None:
        raise UnknownParty(code)
    return party_id


def work_report_of(payload: Mapping[str, Any], directory: Directory) -> WorkReport:
    """The domain report for a stored work.reported payload (codes → party ids)."""
    report = WorkReported.model_validate(payload)
    return WorkReport(
        report_id=report.report_id,
        kind=WorkKind(report.kind.value),
        performer_id=_party(directory, report.performer_code),
        counterparty_id=_party(directory, report.counterparty_code),
        responsible_id=_party(directory, report.responsible_code),
        task_type=report.task_type,
        start=report.started_at,
        end=report.ended_at,
        time=BillableTime(
            report.intervention_minutes,
            report.administration_minutes,
            report.reporting_back_minutes,
            report.travel_minutes,
            report.combined_with_ordinary_visit,
        ),
        subject_ref=report.patient_ref,
        costs=tuple(
            CostItem(CostKind(c.kind.value), c.description, c.quantity, c.unit_price)
            for c in report.costs
        ),
        written_agreement_ref=report.written_agreement_ref,
    )
