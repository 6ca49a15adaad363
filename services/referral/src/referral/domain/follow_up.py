"""After the handover (issue 9, sections 3 and 4, and the SIP of section 5): the rule IDs these
flows cite and the two ways a request about them is refused. Pure: no I/O.

Rules (the agreements name the duties; these IDs name how the system enforces them):
- HSV-DISCHARGE: a patient enrolled in municipal home care (in-progress) is discharged from it
  back to the health centre where the patient is listed, with a reason, a date and a summary
  (domain brief 5; seed dalarna-…, Mora: "very hard to discharge patients from home care").
- HSV-DISCHARGE-ACK: that health centre acknowledges the discharge; then the care request is
  completed.
- MED-CHANGE: the region posts a change of the established medication list (JH-INFO:
  physicians communicate the list to everyone concerned; seed dalarna-…, Borlänge: home care
  learns of changes weeks late).
- MED-CHANGE-RECIPIENTS: the change reaches every municipality with an active care request
  from the region for the patient, and each acknowledges it; with none there is nobody to tell.
- LAW-SIP3: the fixed care contact in regional outpatient care calls the SIP.
- SIP-PATIENT, SIP-PARTIES, SIP-TIMES: whom a SIP is about, who is invited, times in order.
- MESSAGE-ID: a repeated message_id must carry the same content (issue 9 section 2).
"""

from __future__ import annotations

from enum import StrEnum

HSV_DISCHARGE = "HSV-DISCHARGE"
HSV_DISCHARGE_ACK = "HSV-DISCHARGE-ACK"
MED_CHANGE = "MED-CHANGE"
MED_CHANGE_RECIPIENTS = "MED-CHANGE-RECIPIENTS"
LAW_SIP3 = "LAW-SIP3"
SIP_PATIENT = "SIP-PATIENT"
SIP_PARTIES = "SIP-PARTIES"
SIP_TIMES = "SIP-TIMES"
MESSAGE_ID = "MESSAGE-ID"  # as referral answers a reused message_id everywhere
CR_LIFECYCLE = "CR-LIFECYCLE"


class Kind(StrEnum):
    INVALID = "invalid"  # the request breaks a rule: 422
    CONFLICT = "conflict"  # the state of the record does not allow it: 409
    FORBIDDEN = "forbidden"  # the caller may use the route, but not for this record: 403


class Refusal(Exception):
    """A request refused by a rule, naming the field and the rule; nothing is stored."""

    def __init__(self, kind: Kind, field: str, rule: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.field = field
        self.rule = rule
        self.message = message


class Unknown(LookupError):
    """No such record for this caller. ``patient_ref`` is set when the record exists but belongs
    to another organisation, so the refusal can be audited against the patient."""

    def __init__(self, what: str, patient_ref: str | None = None):
        super().__init__(f"{what} not found")
        self.what = what
        self.patient_ref = patient_ref
