"""Recording reported work: validated, stored once per report id, billed once (issue 4, 2).

The same report id with the same content is a no-op ("duplicate"), whether it came through
the API or as a work.reported event; the same id with different content is refused (409 on
the API, dead-lettered from Kafka) — the first delivery stays, as the domain's run would.
"""

from __future__ import annotations

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from handover_contracts.billing_events import WorkKind, WorkReported
from sqlalchemy.exc import IntegrityError

from billing.adapters.queries import responsible_for
from billing.adapters.work_tables import WorkReportRow
from billing.service_layer.reference import Directory, directory
from billing.service_layer.work_mapping import fingerprint, normalised, service_month

PARTY_FIELDS = ("performer_code", "counterparty_code", "responsible_code")


def problems(report: WorkReported, parties: Directory) -> list[FieldError]:
    """Every field that breaks a rule, each named with its rule."""
    errors = [
        FieldError(name, "WORK-PARTY", f"{code!r} is not a party to a billing agreement")
        for name in PARTY_FIELDS
        if parties.party_id(code := getattr(report, name)) is None
    ]
    if report.ended_at <= report.started_at:
        errors.append(FieldError("ended_at", "WORK-TIMES", "the job must end after it starts"))
    if report.performer_code == report.counterparty_code:
        message = "the performer cannot bill itself"
        errors.append(FieldError("counterparty_code", "WORK-PARTIES", message))
    return errors


SIGHT_AND_HEARING = frozenset({WorkKind.SIGHT, WorkKind.HEARING})


def responsibility_conflicts(uow: UnitOfWork, report: WorkReported) -> list[FieldError]:
    """JH-SIGHT: billable only for the region's patients. When a decision says who answers for
    the patient's rehabilitation, the report's responsible party must be that one."""
    if report.kind not in SIGHT_AND_HEARING or report.patient_ref is None:
        return []
    known = responsible_for(uow, report.patient_ref, "rehabilitation", report.started_at.date())
    if known is None or known.principal_code == report.responsible_code:
        return []
    message = (
        f"decision {known.decision_id} makes {known.principal} {known.principal_code} "
        f"responsible for the patient's rehabilitation, not {report.responsible_code}"
    )
    return [FieldError("responsible_code", "JH-SIGHT", message)]


def record_work_report(uow: UnitOfWork, report: WorkReported, *, publish: bool) -> str:
    """'stored' or 'duplicate'; raises RequestRejected (422 invalid, 409 changed content)."""
    report = normalised(report)
    errors = problems(report, directory()) + responsibility_conflicts(uow, report)
    if errors:
        raise RequestRejected(errors)
    digest = fingerprint(report)
    earlier = uow.session.get(WorkReportRow, report.report_id)
    if earlier is not None:
        if earlier.fingerprint == digest:
            return "duplicate"
        message = f"report {report.report_id} was delivered before with other content"
        raise RequestRejected([FieldError("report_id", "WORK-REDELIVERY", message)], 409)
    uow.session.add(report_row(report, digest, "api" if publish else "event"))
    if publish:
        uow.publish(report, partition_key=report.patient_ref or report.report_id)
    return "stored"


def submit_work_report(uow: UnitOfWork, report: WorkReported) -> str:
    """The API's command: store and emit work.reported in one transaction."""
    outcome = record_work_report(uow, report, publish=True)
    try:
        uow.commit()
    except IntegrityError:  # the same id stored concurrently: answer as for a redelivery
        uow.session.rollback()
        return record_work_report(uow, report, publish=False)
    return outcome


def report_row(report: WorkReported, digest: str, via: str) -> WorkReportRow:
    return WorkReportRow(
        report_id=report.report_id,
        kind=report.kind.value,
        service_month=service_month(report),
        performer_code=report.performer_code,
        counterparty_code=report.counterparty_code,
        responsible_code=report.responsible_code,
        patient_ref=report.patient_ref,
        started_at=report.started_at,
        fingerprint=digest,
        payload=report.model_dump(mode="json"),
        received_via=via,
    )
