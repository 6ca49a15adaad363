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
    "POST /v1/discharges/batch": allow(
        Role.HOSPITAL_UNIT, scope="each discharge's region_code is the caller's own region"
    ),
    "GET /v1/discharges/{discharge_id}": allow(
        *CLINICAL_REGION, scope=SENDER_REGION, reads_patient_data=True
    ),
    "POST /v1/care-requests": allow(
        Role.HEALTH_CENTRE,
        Role.SPECIALISED_OUTPATIENT,
        scope="body.region_code is the caller's own region; the way in follows the role",
    ),
    "POST /v1/discharges/{discharge_id}/correction": allow(
        Role.HOSPITAL_UNIT, scope=f"the discharge: {SENDER_REGION}; decided again"
    ),
    "POST /v1/discharges/{discharge_id}/cancellation": allow(
        Role.HOSPITAL_UNIT, scope=f"the discharge: {SENDER_REGION}; its care request with it"
    ),
    "POST /v1/care-requests/{care_request_id}/cancel": allow(
        Role.MUNICIPAL_NURSE,
        *CLINICAL_REGION,
        scope="the requester (sending region) or the performer (addressed municipality)",
    ),
    "POST /v1/care-requests/{care_request_id}/correction": allow(
        *CLINICAL_REGION, scope=f"the requester: {SENDER_REGION}"
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
    # issue 9 sections 3, 4 and 5: after the handover (HSV-DISCHARGE, MED-CHANGE, LAW-SIP3)
    "POST /v1/care-requests/{care_request_id}/homecare-discharge": allow(
        Role.MUNICIPAL_NURSE, scope="the request is addressed to the caller's municipality"
    ),
    "POST /v1/care-requests/{care_request_id}/homecare-discharge/acknowledge": allow(
        Role.HEALTH_CENTRE,
        scope=f"{SENDER_REGION}; the caller's unit is the health centre the discharge names",
    ),
    "GET /v1/homecare-discharges": allow(
        Role.MUNICIPAL_NURSE,
        Role.HEALTH_CENTRE,
        scope="the caller's municipality's discharges, or those of the caller's region",
        reads_patient_data=True,
    ),
    "POST /v1/medication-list-changes": allow(
        *CLINICAL_REGION,
        scope="the patient has a care request the caller's region sent; reaches the active ones",
    ),
    "POST /v1/medication-list-changes/{change_id}/acknowledge": allow(
        Role.MUNICIPAL_NURSE, scope="the change reached the caller's municipality"
    ),
    "GET /v1/medication-list-changes/{change_id}": allow(
        *CLINICAL_REGION,
        Role.MUNICIPAL_NURSE,
        scope=f"{SENDER_REGION} (every recipient), or a receiving municipality (its own)",
        reads_patient_data=True,
    ),
    "GET /v1/care-requests/{care_request_id}/medication": allow(
        Role.MUNICIPAL_NURSE,
        *CLINICAL_REGION,
        scope=f"the addressed municipality, or {SENDER_REGION}",
        reads_patient_data=True,
    ),
    "POST /v1/sip-meetings": allow(
        Role.HEALTH_CENTRE,
        Role.SPECIALISED_OUTPATIENT,
        scope="LAW-SIP3: the care request or stay is of the caller's own region",
    ),
    "POST /v1/sip-meetings/{sip_id}/held": allow(
        Role.HEALTH_CENTRE, Role.SPECIALISED_OUTPATIENT, scope="the SIP the caller's region called"
    ),
    "GET /v1/sip-meetings": allow(
        *CLINICAL_REGION,
        Role.MUNICIPAL_NURSE,
        scope="the SIPs the caller's region called or the caller's organisation is invited to",
        reads_patient_data=True,
    ),
}
