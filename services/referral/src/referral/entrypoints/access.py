"""Who may call which referral route. The role is checked before the handler runs; the scope
is checked by the handler against the resource, before any write."""

from __future__ import annotations

from handover_common.access import AccessTable, Role, allow

CLINICAL_REGION = (Role.HOSPITAL_UNIT, Role.HEALTH_CENTRE, Role.SPECIALISED_OUTPATIENT)
SENDER_REGION = "the caller's region is the one that sent it"

ACCESS: AccessTable = {
    "POST /v1/discharges": allow(
        Role.HOSPITAL_UNIT, scope="body.region_code is the caller's own region"
    ),
    "GET /v1/discharges/{discharge_id}": allow(
        *CLINICAL_REGION, scope=SENDER_REGION, reads_patient_data=True
    ),
    "POST /v1/care-requests": allow(
        Role.HEALTH_CENTRE,
        Role.SPECIALISED_OUTPATIENT,
        scope="body.region_code is the caller's own region; the way in follows the role",
    ),
    "GET /v1/referrals/{referral_id}": allow(
        *CLINICAL_REGION, scope=SENDER_REGION, reads_patient_data=True
    ),
    "POST /v1/admissions": allow(
        Role.HOSPITAL_UNIT, scope="body.region_code is the caller's own region"
    ),
    "POST /v1/stays/{stay_id}/ready": allow(Role.HOSPITAL_UNIT, scope=f"the stay: {SENDER_REGION}"),
    "POST /v1/stays/{stay_id}/readiness-cancellation": allow(
        Role.HOSPITAL_UNIT, scope=f"the stay: {SENDER_REGION}"
    ),
    "POST /v1/stays/{stay_id}/readiness-correction": allow(
        Role.HOSPITAL_UNIT, scope=f"the stay: {SENDER_REGION}"
    ),
    "POST /v1/stays/{stay_id}/admission-correction": allow(
        Role.HOSPITAL_UNIT, scope=f"the stay: {SENDER_REGION}"
    ),
    "POST /v1/stays/{stay_id}/admission-cancellation": allow(
        Role.HOSPITAL_UNIT, scope=f"the stay: {SENDER_REGION}"
    ),
    "GET /v1/care-requests": allow(
        Role.MUNICIPAL_NURSE,
        scope="only the requests addressed to the caller's municipality",
        reads_patient_data=True,
    ),
    "GET /v1/care-requests/{care_request_id}": allow(
        Role.MUNICIPAL_NURSE,
        *CLINICAL_REGION,
        scope=f"the addressed municipality, or {SENDER_REGION}",
        reads_patient_data=True,
    ),
    **{
        f"POST /v1/care-requests/{{care_request_id}}/{answer}": allow(
            Role.MUNICIPAL_NURSE, scope="the request is addressed to the caller's municipality"
        )
        for answer in ("acknowledge", "accept", "reject", "enrol")
    },
    # issue 9 section 5: the legal and agreed duties of a case, as deadlines
    "GET /v1/referrals/{referral_id}/deadlines": allow(
        *CLINICAL_REGION,
        Role.MUNICIPAL_NURSE,
        scope=f"{SENDER_REGION}, or the patient's or an addressed municipality",
        reads_patient_data=True,
    ),
    "GET /v1/stays/{stay_id}/deadlines": allow(
        *CLINICAL_REGION,
        Role.MUNICIPAL_NURSE,
        scope=f"the stay: {SENDER_REGION}, or the patient's or an addressed municipality",
        reads_patient_data=True,
    ),
    "GET /v1/deadlines": allow(
        *CLINICAL_REGION,
        Role.MUNICIPAL_NURSE,
        scope="only the open deadlines the caller's own organisation owes",
        reads_patient_data=True,
    ),
}
