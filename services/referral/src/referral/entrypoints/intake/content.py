"""What a care request carries, as the sender writes it (issue 8; FHIR ServiceRequest/Task and
the Swedish discharge-planning tools were the models). Fields a municipality needs are optional
here and required by `domain/completeness.py`, so one answer can list every gap at once."""

from __future__ import annotations

from typing import Annotated, Literal

from handover_common.inputs import Day
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from referral.domain.interventions import InterventionType, SelfCareOutcome

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ()-]{5,19}$")]
HsaId = Annotated[str, StringConstraints(pattern=r"^SE[0-9]{10}-[A-Za-z0-9]{1,31}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonName(Strict):
    given: Text | None = None
    family: Text | None = None


class CareAddress(Strict):
    street: Text | None = None
    postal_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{3} ?[0-9]{2}$")] | None = None
    city: Text | None = None
    access_notes: LongText | None = Field(default=None, description="door code, key box, dog …")


class ContactPerson(Strict):
    """A relative or other contact, named only with the patient's consent."""

    name: Text
    relation: Text
    phone: Phone
    consent_given: bool = False


class Language(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        default=None, description="ISO 639 code of the language the patient understands best"
    )
    interpreter_needed: bool | None = None


class Clinician(Strict):
    name: Text | None = None
    role: Text | None = None
    hsa_id: HsaId | None = None
    phone: Phone | None = None


class Unit(Strict):
    name: Text | None = None
    hsa_id: HsaId | None = None
    phone: Phone | None = None


class Frequency(Strict):
    times: Annotated[int, Field(ge=1, le=48)] | None = None
    per: Literal["day", "week", "month"] | None = None


class SelfCareAssessment(Strict):
    """GEN-SELF: who assessed whether the measure is self-care, and the outcome."""

    outcome: SelfCareOutcome | None = None
    assessed_by: Clinician | None = None
    assessed_on: Day | None = None


class Intervention(Strict):
    type: InterventionType | None = None
    description: LongText | None = None
    frequency: Frequency | None = None
    start_date: Day | None = None
    expected_duration_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    self_care_assessment: SelfCareAssessment | None = None


class MedicationList(Strict):
    """A reference to the list the physician established (JH-INFO), not the list itself."""

    reference: Text | None = None
    established_on: Day | None = None
    established_by: Clinician | None = None


class FixedContacts(Strict):
    fixed_care_contact: Clinician | None = None
    responsible_physician: Clinician | None = None
    listed_health_centre: Unit | None = None


class Product(Strict):
    """Products, devices and materials sent along or needed (JH-MTP)."""

    kind: Literal["device", "material", "nutrition", "medication-aid", "other"]
    description: Text
    sent_with_patient: bool = False
    prescribed_by: Literal["region", "municipality"] | None = None


class Sender(Strict):
    unit_name: Text | None = None
    contact_name: Text | None = None
    contact_phone: Phone | None = None


class CareRequestContent(Strict):
    """Everything but the patient's identity block and the facts for the rules."""

    interventions: list[Intervention] | None = Field(default=None, max_length=30)
    medication_list: MedicationList | None = None
    fixed_contacts: FixedContacts | None = None
    products: list[Product] | None = Field(default=None, max_length=50)
    sender: Sender | None = None
    sip_needed: bool | None = None
    acute_reason: LongText | None = None
