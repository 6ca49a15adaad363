"""Hospital stay notices → stay events → the stays the payment clock runs on (LAW-PAY).

One notice may carry two facts: an admission notice names the admission time and the time
the notice was sent (LAW-ADM24); a ready notice may name when SIP was called (LAW-SIP3).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from handover_common.unit_of_work import record_of
from handover_contracts.events import PatientDischarged, Payload
from handover_contracts.stay_events import (
    PatientAdmitted,
    PatientReadinessCancelled,
    PatientReadyForDischarge,
    StayNotice,
)

from billing.adapters.work_tables import StayEventRow
from billing.domain import HospitalStay, StayEvent, StayEventType
from billing.service_layer.reference import Directory
from billing.service_layer.work_mapping import as_utc

Kind = StayEventType


def facts_of(payload: Payload) -> list[tuple[Kind, datetime]]:
    """The payment clock's events in one notice (none for a discharge without a stay id)."""
    if isinstance(payload, PatientAdmitted):
        return [
            (Kind.ADMITTED, payload.admitted_at),
            (Kind.ADMISSION_NOTICE_SENT, payload.notice_sent_at),
        ]
    if isinstance(payload, PatientReadyForDischarge):
        called = [(Kind.SIP_CALLED, payload.sip_called_at)] if payload.sip_called_at else []
        return [(Kind.READY_NOTICE_SENT, payload.notice_sent_at), *called]
    if isinstance(payload, PatientReadinessCancelled):
        return [(Kind.READINESS_CANCELLED, payload.cancelled_at)]
    if isinstance(payload, PatientDischarged) and payload.stay_id:
        return [(Kind.DISCHARGED, payload.discharged_at)]
    return []


def stay_rows(event_id: uuid.UUID, payload: Payload) -> list[StayEventRow]:
    """One row per fact, keyed by the stay id the hospital gave (vårdtillfälle): plain records
    (`record_of`), inserted with a Core statement (issue 11)."""
    if not isinstance(payload, StayNotice | PatientDischarged) or not payload.stay_id:
        return []
    notice = payload if isinstance(payload, StayNotice) else None
    ready = payload if isinstance(payload, PatientReadyForDischarge) else None
    return [
        record_of(
            StayEventRow,
            {
                "stay_id": payload.stay_id,
                "source_event_id": event_id,
                "event_type": kind.value,
                "at": as_utc(at),
                "patient_ref": payload.patient_ref,
                "region_code": payload.region_code,
                "municipality_code": payload.registered_municipality_code,
                "psychiatric_care": notice.psychiatric_care if notice else None,
                "sip_needed": ready.sip_needed if ready else None,
            },
        )
        for kind, at in facts_of(payload)
    ]


def hospital_stays(
    rows: Iterable[StayEventRow], parties: Directory
) -> tuple[list[HospitalStay], list[str]]:
    """The stays, and a warning for each stay whose region or municipality is unknown."""
    by_stay: dict[str, list[StayEventRow]] = defaultdict(list)
    for row in rows:
        by_stay[row.stay_id].append(row)
    stays, warnings = [], []
    for stay_id, events in sorted(by_stay.items()):
        stay = _stay(stay_id, events, parties)
        if stay is None:
            warnings.append(f"stay {stay_id}: region or municipality is not a billing party")
        else:
            stays.append(stay)
    return stays, warnings


def _stay(stay_id: str, rows: list[StayEventRow], parties: Directory) -> HospitalStay | None:
    first = rows[0]
    region, municipality = (
        parties.party_id(first.region_code),
        parties.party_id(first.municipality_code),
    )
    if region is None or municipality is None:
        return None
    ready = [r for r in rows if r.event_type == Kind.READY_NOTICE_SENT.value]
    return HospitalStay(
        stay_id=stay_id,
        region_id=region,
        municipality_id=municipality,
        patient_ref=first.patient_ref,
        care_type="psychiatry" if any(r.psychiatric_care for r in rows) else "somatic",
        events=tuple(
            StayEvent(f"{r.source_event_id}/{r.event_type}", Kind(r.event_type), r.at) for r in rows
        ),
        sip_needed=bool(ready and max(ready, key=lambda r: r.at).sip_needed),
    )


REPLACED_BY: dict[str, frozenset[Kind]] = {
    "patient.admission-corrected": frozenset({Kind.ADMITTED, Kind.ADMISSION_NOTICE_SENT}),
    "patient.readiness-corrected": frozenset({Kind.READY_NOTICE_SENT, Kind.SIP_CALLED}),
    "patient.discharge-corrected": frozenset({Kind.DISCHARGED}),
    "patient.admission-cancelled": frozenset(Kind),  # entered in error: there was no stay
}
"""The earlier facts a corrected or cancelled notice takes the place of (issue 9)."""


def replaced_kinds(event_type: str, payload: Payload) -> frozenset[Kind]:
    if isinstance(payload, PatientReadinessCancelled) and payload.entered_in_error:
        return frozenset({Kind.READY_NOTICE_SENT, Kind.SIP_CALLED})  # the notice never was
    return REPLACED_BY.get(event_type, frozenset())


def stay_of(payload: Payload) -> str | None:
    return getattr(payload, "stay_id", None)
