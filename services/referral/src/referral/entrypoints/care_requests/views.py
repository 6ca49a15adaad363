"""What each reader sees: the sender its referral and the municipality's answer; the addressed
municipality the whole care request (identity included); the work list what a nurse triages."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from referral.adapters.orm import CareRequestRow, DischargeRow, PatientRow
from referral.domain.interventions import InterventionType, SelfCareOutcome, component_of
from referral.domain.personnummer import Personnummer, identifier_system


class Answer(BaseModel):
    status: str
    reason_code: str | None
    reason_text: str | None
    answered_at: datetime | None
    enrolled_on: date | None


class CareRequestState(BaseModel):
    id: uuid.UUID
    status: str
    municipality_code: str
    components: list[str]
    performed_on_behalf_of: str | None
    cost_bearer: str | None
    answer: Answer


class ReferralView(BaseModel):
    """GET /v1/discharges/{id} and /v1/referrals/{id}: the sender's view."""

    discharge_id: uuid.UUID
    way_in: str
    patient_ref: str
    outcome: str
    outcome_detail: str | None
    decision_id: uuid.UUID | None
    components: list[dict[str, Any]]
    missing_facts: list[dict[str, Any]]
    care_request_id: uuid.UUID | None
    care_request: CareRequestState | None
    version: int = 1
    cancelled_at: datetime | None = None
    history: list[dict[str, Any]] = []


class PatientView(BaseModel):
    identifier: dict[str, str]
    birth_date: date
    age: int
    registered_municipality_code: str
    name: dict[str, Any] | None
    care_address: dict[str, Any] | None
    contact_person: dict[str, Any] | None
    language: dict[str, Any] | None


class CareRequestDetail(BaseModel):
    """GET /v1/care-requests/{id}: everything the municipal nurse needs to act."""

    id: uuid.UUID
    discharge_id: uuid.UUID
    decision_id: uuid.UUID
    patient_ref: str
    way_in: str
    municipality_code: str
    components: list[str]
    performed_on_behalf_of: str | None
    cost_bearer: str | None
    acute: bool
    status: str
    created_at: datetime
    updated_at: datetime
    answer: Answer
    patient: PatientView
    sender: dict[str, Any]
    discharged_at: datetime | None
    interventions: list[dict[str, Any]]
    medication_list: dict[str, Any] | None
    fixed_contacts: dict[str, Any] | None
    products: list[dict[str, Any]]
    sip_needed: bool | None
    acute_reason: str | None
    content_version: int = 1
    moves: list[dict[str, Any]] = []


class CareRequestSummary(BaseModel):
    """A line of the municipality's work list: what a nurse triages by."""

    id: uuid.UUID
    patient_ref: str
    name: str | None
    age: int
    start_date: date | None
    interventions: list[str]
    acute: bool
    way_in: str
    performed_on_behalf_of: str | None
    status: str
    created_at: datetime
    waiting_minutes: int


class CareRequestPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CareRequestSummary]


def answer_of(row: CareRequestRow) -> Answer:
    return Answer(
        status=row.status,
        reason_code=row.answer_reason_code,
        reason_text=row.answer_reason_text,
        answered_at=row.answered_at,
        enrolled_on=row.enrolled_on,
    )


def referral_view(
    discharge: DischargeRow,
    request: CareRequestRow | None,
    history: list[dict[str, Any]] | None = None,
) -> ReferralView:
    state = None
    if request is not None:
        state = CareRequestState(
            id=request.id,
            status=request.status,
            municipality_code=request.municipality_code,
            components=request.components,
            performed_on_behalf_of=request.on_behalf_of,
            cost_bearer=request.cost_bearer,
            answer=answer_of(request),
        )
    return ReferralView(
        discharge_id=discharge.id,
        way_in=discharge.way_in,
        patient_ref=discharge.patient_ref,
        outcome=discharge.outcome,
        outcome_detail=discharge.outcome_detail,
        decision_id=discharge.decision_id,
        components=discharge.decision or [],
        missing_facts=discharge.missing_facts or [],
        care_request_id=request.id if request else None,
        care_request=state,
        version=discharge.version,
        cancelled_at=discharge.cancelled_at,
        history=history or [],
    )


def care_request_detail(
    row: CareRequestRow,
    discharge: DischargeRow,
    patient: PatientRow,
    moves: list[dict[str, Any]] | None = None,
) -> CareRequestDetail:
    content = discharge.content or {}
    return CareRequestDetail(
        content_version=row.content_version,
        moves=moves or [],
        **_request_fields(row),
        answer=answer_of(row),
        patient=_patient(patient, content.get("patient") or {}),
        sender={
            "region_code": discharge.region_code,
            "unit_name": discharge.hospital_unit,
            "unit_hsa_id": discharge.sender_unit_hsa_id,
            **(content.get("sender") or {}),
        },
        discharged_at=discharge.discharged_at,
        interventions=[_intervention(i) for i in content.get("interventions") or []],
        medication_list=content.get("medication_list"),
        fixed_contacts=content.get("fixed_contacts"),
        products=content.get("products") or [],
        sip_needed=content.get("sip_needed"),
        acute_reason=content.get("acute_reason"),
    )


def _request_fields(row: CareRequestRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "discharge_id": row.discharge_id,
        "decision_id": row.decision_id,
        "patient_ref": row.patient_ref,
        "way_in": row.way_in,
        "municipality_code": row.municipality_code,
        "components": row.components,
        "performed_on_behalf_of": row.on_behalf_of,
        "cost_bearer": row.cost_bearer,
        "acute": row.acute,
        "status": row.status,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def _patient(patient: PatientRow, given: dict[str, Any]) -> PatientView:
    number = Personnummer(patient.personnummer)
    return PatientView(
        identifier={"system": identifier_system(number), "value": patient.personnummer},
        birth_date=number.birth_date(),
        age=number.age_on(date.today()),
        registered_municipality_code=patient.registered_municipality_code,
        name=given.get("name"),
        care_address=given.get("care_address"),
        contact_person=given.get("contact_person"),
        language=given.get("language"),
    )


def _intervention(item: dict[str, Any]) -> dict[str, Any]:
    """Each intervention with the component it is decided under, and whether it is self-care."""
    kind = item.get("type")
    outcome = (item.get("self_care_assessment") or {}).get("outcome")
    return {
        **item,
        "component": component_of(InterventionType(kind)) if kind else None,
        "self_care": outcome == SelfCareOutcome.SELF_CARE,
    }


def care_request_summary(
    row: CareRequestRow, discharge: DischargeRow, patient: PatientRow, now: datetime
) -> CareRequestSummary:
    content = discharge.content or {}
    interventions = [i for i in content.get("interventions") or [] if i.get("type")]
    starts = [date.fromisoformat(i["start_date"]) for i in interventions if i.get("start_date")]
    until = row.answered_at or now
    return CareRequestSummary(
        id=row.id,
        patient_ref=row.patient_ref,
        name=_full_name((content.get("patient") or {}).get("name")),
        age=Personnummer(patient.personnummer).age_on(now.date()),
        start_date=min(starts, default=None),
        interventions=[i["type"] for i in interventions],
        acute=row.acute,
        way_in=row.way_in,
        performed_on_behalf_of=row.on_behalf_of,
        status=row.status,
        created_at=row.created_at,
        waiting_minutes=max(0, int((until - row.created_at).total_seconds() // 60)),
    )


def _full_name(name: dict[str, Any] | None) -> str | None:
    if not name:
        return None
    return " ".join(part for part in (name.get("given"), name.get("family")) if part) or None
