"""Bodies of medication-list changes (MED-CHANGE): a reference to the established list, never
the list itself, with a summary for the nurses who hand out the medication."""

from __future__ import annotations

import uuid
from datetime import datetime

from handover_common.inputs import Day
from handover_contracts.identifiers import PatientRef
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from referral.adapters.followup_tables import MedicationChangeRecipientRow, MedicationChangeRow
from referral.domain.medication import ListVersion
from referral.domain.personnummer import InvalidPersonnummer, Personnummer
from referral.entrypoints import examples as ex
from referral.entrypoints.follow_up.homecare_schemas import Summary
from referral.entrypoints.intake.content import HsaId, Text


class MedicationChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.MEDICATION_CHANGE))

    message_id: uuid.UUID | None = Field(
        default=None, description="the sender's id; a repeat returns the first answer"
    )
    patient_ref: PatientRef | None = Field(
        default=None, description="the patient, as every referral answer names it"
    )
    personnummer: str | None = Field(
        default=None, description="or the patient's personnummer, as the region's record has it"
    )
    list_reference: Text = Field(description="the established list in the region's record")
    changed_on: Day
    changed_by_hsa_id: HsaId | None = Field(
        default=None, description="the physician who changed the list; default: the caller"
    )
    summary: Summary = Field(description="what changed, for the nurses handing out medication")

    @field_validator("personnummer")
    @classmethod
    def _valid_personnummer(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return Personnummer.parse(value).digits
        except InvalidPersonnummer as error:
            raise PydanticCustomError("PNR-FORMAT", str(error)) from None


class RecipientOut(BaseModel):
    change_id: uuid.UUID
    municipality_code: str
    care_request_id: uuid.UUID
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class MedicationChangeOut(BaseModel):
    change_id: uuid.UUID
    patient_ref: str
    region_code: str
    list_reference: str
    changed_on: Day
    changed_by_hsa_id: str
    summary: str
    posted_by: str
    posted_at: datetime
    recipients: list[RecipientOut]


class ListOut(BaseModel):
    reference: str
    established_on: Day | None
    established_by: str | None
    change_id: uuid.UUID | None = Field(description="None: the list the request was sent with")


class ChangeSeen(BaseModel):
    """A change as one receiving municipality has it."""

    change_id: uuid.UUID
    list_reference: str
    changed_on: Day
    changed_by_hsa_id: str
    summary: str
    posted_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class CareRequestMedication(BaseModel):
    """GET /v1/care-requests/{id}/medication: the current list and what is unacknowledged."""

    care_request_id: uuid.UUID
    patient_ref: str
    municipality_code: str
    current: ListOut | None
    unacknowledged: list[ChangeSeen]
    changes: list[ChangeSeen]


def recipient_out(row: MedicationChangeRecipientRow) -> RecipientOut:
    return RecipientOut(
        change_id=row.change_id,
        municipality_code=row.municipality_code,
        care_request_id=row.care_request_id,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
    )


def change_out(
    change: MedicationChangeRow, recipients: list[MedicationChangeRecipientRow]
) -> MedicationChangeOut:
    return MedicationChangeOut(
        change_id=change.id,
        patient_ref=change.patient_ref,
        region_code=change.region_code,
        list_reference=change.list_reference,
        changed_on=change.changed_on,
        changed_by_hsa_id=change.changed_by_hsa_id,
        summary=change.summary,
        posted_by=change.posted_by,
        posted_at=change.posted_at,
        recipients=[recipient_out(r) for r in recipients],
    )


def change_seen(change: MedicationChangeRow, recipient: MedicationChangeRecipientRow) -> ChangeSeen:
    return ChangeSeen(
        change_id=change.id,
        list_reference=change.list_reference,
        changed_on=change.changed_on,
        changed_by_hsa_id=change.changed_by_hsa_id,
        summary=change.summary,
        posted_at=change.posted_at,
        acknowledged_at=recipient.acknowledged_at,
        acknowledged_by=recipient.acknowledged_by,
    )


def list_out(version: ListVersion | None) -> ListOut | None:
    if version is None:
        return None
    return ListOut(
        reference=version.reference,
        established_on=version.established_on,
        established_by=version.established_by,
        change_id=version.change_id,
    )


def version_of(change: MedicationChangeRow) -> ListVersion:
    return ListVersion(
        change.list_reference, change.changed_on, change.changed_by_hsa_id, change.id
    )
