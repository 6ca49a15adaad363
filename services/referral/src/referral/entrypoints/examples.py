"""Examples of referral's request bodies, as its OpenAPI document shows them (issue 14).

``DISCHARGE`` and ``CARE_REQUEST`` are the repository's ``examples/discharge.json`` and
``examples/care-request.json``; every example validates against its body's schema
(tests/integration/test_openapi_documents.py).
"""

from __future__ import annotations

from typing import Any

PATIENT_REF = "pr-abcdefghijklmnopqrstuvwx"
STAY_ID = "VE-2026-000123"

DISCHARGE: dict[str, Any] = {
    "patient": {
        "personnummer": "19121212-1212",
        "registered_municipality_code": "2380",
        "name": {"given": "Ingrid", "family": "Olsson"},
        "care_address": {
            "street": "Storgatan 12 B",
            "postal_code": "831 30",
            "city": "Östersund",
            "access_notes": "portkod 1234, lägenhet 1102",
        },
        "contact_person": {
            "name": "Lars Olsson",
            "relation": "son",
            "phone": "070-123 45 67",
            "consent_given": True,
        },
        "language": {"code": "sv", "interpreter_needed": False},
    },
    "region_code": "23",
    "hospital_unit": "Östersunds sjukhus, medicin avd 5",
    "admitted_at": "2026-11-12T08:30:00+01:00",
    "discharged_at": "2026-11-20T10:00:00+01:00",
    "care": {
        "housing_form": "ordinary",
        "needs": {"components": ["nursing", "physician"]},
        "safe_at_home": True,
        "is_self_care": False,
        "digital_solutions_considered": True,
        "frequent_and_continuous": True,
        "expected_need_days": 30,
        "cfs": 6,
        "cognitive_impairment": "none",
        "can_reach_health_centre": False,
        "palliative_team_connected": False,
    },
    "interventions": [
        {
            "type": "wound-care",
            "description": "bensår vänster underben, omläggning med kompression",
            "frequency": {"times": 3, "per": "week"},
            "start_date": "2026-11-21",
            "expected_duration_days": 60,
            "self_care_assessment": {
                "outcome": "health-care",
                "assessed_by": {
                    "name": "Karin Berg",
                    "role": "sjuksköterska",
                    "hsa_id": "SE2321000016-P000000000311",
                },
                "assessed_on": "2026-11-19",
            },
        },
        {
            "type": "medication-administration",
            "description": "överlämnande av dosdispenserade läkemedel morgon och kväll",
            "frequency": {"times": 2, "per": "day"},
            "start_date": "2026-11-21",
            "expected_duration_days": 90,
            "self_care_assessment": {
                "outcome": "health-care",
                "assessed_by": {
                    "name": "Karin Berg",
                    "role": "sjuksköterska",
                    "hsa_id": "SE2321000016-P000000000311",
                },
                "assessed_on": "2026-11-19",
            },
        },
    ],
    "medication_list": {
        "reference": "Cosmic läkemedelslista 2026-11-20 08:45",
        "established_on": "2026-11-20",
        "established_by": {
            "name": "Per Ek",
            "role": "läkare",
            "hsa_id": "SE2321000016-P000000000412",
        },
    },
    "fixed_contacts": {
        "fixed_care_contact": {
            "name": "Anna Lind",
            "role": "distriktssköterska",
            "phone": "063-14 20 00",
        },
        "responsible_physician": {"name": "Erik Strand", "role": "läkare", "phone": "063-14 20 10"},
        "listed_health_centre": {
            "name": "Odenslunds hälsocentral",
            "hsa_id": "SE2321000016-E000000000201",
        },
    },
    "products": [
        {"kind": "material", "description": "kompressionsbinda, 2 st", "sent_with_patient": True},
        {
            "kind": "material",
            "description": "sårförband, en veckas förbrukning",
            "sent_with_patient": True,
        },
    ],
    "sender": {
        "unit_name": "Östersunds sjukhus, medicinavdelning 5",
        "contact_name": "Maria Holm, sjuksköterska",
        "contact_phone": "063-15 30 00",
    },
    "sip_needed": False,
}

HOSPITAL_ONLY = ("hospital_unit", "admitted_at", "discharged_at")
CARE_REQUEST: dict[str, Any] = {
    **{key: value for key, value in DISCHARGE.items() if key not in HOSPITAL_ONLY},
    "interventions": [
        {**intervention, "start_date": "2026-12-01"} for intervention in DISCHARGE["interventions"]
    ],
    "sender": {
        "unit_name": "Odenslunds hälsocentral",
        "contact_name": "Anna Lind, distriktssköterska",
        "contact_phone": "063-14 20 00",
    },
}
"""The same patient and content, sent by the health centre with no hospital stay (the second
way in)."""

DISCHARGE_BATCH: dict[str, Any] = {"discharges": [DISCHARGE]}
REJECTION = {
    "reason_code": "wrong_municipality",
    "reason_text": "Patienten är folkbokförd i Krokom sedan oktober; skicka förfrågan dit.",
}
ENROLMENT = {"enrolled_on": "2026-11-21"}
ADMISSION = {
    "stay_id": STAY_ID,
    "patient": {"personnummer": "19121212-1212", "registered_municipality_code": "2380"},
    "region_code": "23",
    "hospital_unit": "Östersunds sjukhus, medicin avd 5",
    "psychiatric_care": False,
    "admitted_at": "2026-11-12T08:30:00+01:00",
    "notice_sent_at": "2026-11-12T14:00:00+01:00",
}
ADMISSION_CORRECTION = {
    "reason": "fel avdelning angiven",
    "hospital_unit": "Östersunds sjukhus, medicin avd 6",
    "psychiatric_care": False,
    "admitted_at": "2026-11-12T08:30:00+01:00",
    "notice_sent_at": "2026-11-12T15:10:00+01:00",
}
ENTERED_IN_ERROR = {"reason": "meddelandet skickades för fel vårdtillfälle"}
READINESS = {
    "ready_at": "2026-11-19T09:00:00+01:00",
    "notice_sent_at": "2026-11-19T09:15:00+01:00",
    "sip_needed": True,
    "sip_called_at": "2026-11-19T09:20:00+01:00",
}
READINESS_CORRECTION = {"reason": "fel tid för utskrivningsklar angiven", **READINESS}
READINESS_CANCELLATION = {
    "cancelled_at": "2026-11-19T16:00:00+01:00",
    "reason": "patienten fick feber och är inte utskrivningsklar",
    "entered_in_error": False,
}
DISCHARGE_CORRECTION = {**DISCHARGE, "reason": "fel utskrivningstid angiven"}
CANCELLATION = {"reason": "patienten avled före utskrivningen", "entered_in_error": False}
CARE_REQUEST_CORRECTION = {
    "reason": "SIP behövs: anhörig har begärt samordnad planering",
    "sip_needed": True,
}
HOMECARE_DISCHARGE = {
    "discharged_on": "2027-01-20",
    "reason": "needs-met",
    "summary": "Bensåret läkt; kompression fortsätter som egenvård. Följ upp om tre månader.",
    "health_centre_hsa_id": "SE2321000016-E000000000201",
}
MEDICATION_CHANGE = {
    "patient_ref": PATIENT_REF,
    "list_reference": "Cosmic läkemedelslista 2026-12-02 10:15",
    "changed_on": "2026-12-02",
    "changed_by_hsa_id": "SE2321000016-P000000000412",
    "summary": "Furosemid 40 mg sänkt till 20 mg morgon; Waran utsatt.",
}
SIP_CALL = {
    "stay_id": STAY_ID,
    "meeting_at": "2026-11-24T13:00:00+01:00",
    "called_at": "2026-11-19T09:20:00+01:00",
    "invited": ["region:23", "municipality:2380"],
}
SIP_HELD = {"held_at": "2026-11-24T14:00:00+01:00"}


def examples(*bodies: dict[str, Any]) -> dict[str, Any]:
    """A model's ``json_schema_extra``: its examples, as OpenAPI 3.1 documents them."""
    return {"examples": list(bodies)}
