"""Synthetic, checksum-valid personnummer for tests (never real people)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from referral.domain.personnummer import luhn_valid


def synthetic_personnummer(index: int, born: date = date(1938, 1, 1)) -> str:
    birth = born + timedelta(days=index // 900)
    serial = 100 + index % 900
    stem = f"{birth:%Y%m%d}{serial:03d}"
    for check in range(10):
        if luhn_valid(stem[2:] + str(check)):
            return f"{stem[:8]}-{stem[8:]}{check}"
    raise AssertionError("unreachable: one check digit always fits")


EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "discharge.json").read_text())
"""The repository's example discharge (README): the tests' people and care facts are its."""

MUNICIPAL_NURSING_CARE: dict[str, object] = EXAMPLE["care"]
"""Meets JH-OB-1..4 in Jämtland Härjedalen: nursing is the municipality's, the physician the
region's (GEN-DOC)."""


def patient_block(index: int = 0) -> dict[str, Any]:
    """Who and where, as the receiving nurse needs it (synthetic people)."""
    return {**copy.deepcopy(EXAMPLE["patient"]), "personnummer": synthetic_personnummer(index)}


NURSE_ASSESSOR = {
    "name": "Karin Berg",
    "role": "sjuksköterska",
    "hsa_id": "SE2321000016-P000000000311",
}


def care_request_content(start: str = "2026-11-21") -> dict[str, Any]:
    """What the municipality is asked to do, and everything around it (issue 8)."""
    assessment = {
        "outcome": "health-care",
        "assessed_by": NURSE_ASSESSOR,
        "assessed_on": "2026-11-19",
    }
    return {
        "interventions": [
            {
                "type": "wound-care",
                "description": "bensår vänster underben, omläggning med kompression",
                "frequency": {"times": 3, "per": "week"},
                "start_date": start,
                "expected_duration_days": 60,
                "self_care_assessment": assessment,
            },
            {
                "type": "medication-administration",
                "description": "överlämnande av dosdispenserade läkemedel morgon och kväll",
                "frequency": {"times": 2, "per": "day"},
                "start_date": start,
                "expected_duration_days": 90,
                "self_care_assessment": assessment,
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
            "responsible_physician": {
                "name": "Erik Strand",
                "role": "läkare",
                "phone": "063-14 20 10",
            },
            "listed_health_centre": {
                "name": "Odenslunds hälsocentral",
                "hsa_id": "SE2321000016-E000000000201",
            },
        },
        "products": [
            {
                "kind": "material",
                "description": "kompressionsbinda, 2 st",
                "sent_with_patient": True,
            },
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


def discharge_body(index: int = 0, **overrides: object) -> dict[str, Any]:
    body: dict[str, Any] = {
        "patient": patient_block(index),
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "discharged_at": "2026-11-20T10:00:00+01:00",
        "care": dict(MUNICIPAL_NURSING_CARE),
        **care_request_content(),
    }
    body.update(overrides)
    return body


def admission_body(index: int = 0, **overrides: object) -> dict[str, Any]:
    """An admission notice of a new stay of patient ``index`` (registered in 2380), sent in
    time; its `stay_id` is fresh."""
    body: dict[str, Any] = {
        "stay_id": f"VT-{uuid.uuid4().hex[:8]}",
        "patient": {
            "personnummer": synthetic_personnummer(index),
            "registered_municipality_code": "2380",
        },
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "notice_sent_at": "2026-11-12T14:00:00+01:00",
    }
    body.update(overrides)
    return body


def direct_care_request_body(index: int = 0, **overrides: object) -> dict[str, Any]:
    """From a health centre or specialised outpatient care: no stay, no discharge times."""
    content = care_request_content(start="2026-12-01")
    content["sender"] = {
        "unit_name": "Odenslunds hälsocentral",
        "contact_name": "Anna Lind, distriktssköterska",
        "contact_phone": "063-14 20 00",
    }
    body: dict[str, Any] = {
        "patient": patient_block(index),
        "region_code": "23",
        "care": dict(MUNICIPAL_NURSING_CARE),
        **content,
    }
    body.update(overrides)
    return body


def patient_ref(seed: object = None) -> str:
    """A well-formed pseudonymous reference (pr- and 24 base32 letters), random unless seeded."""
    material = str(uuid.uuid4() if seed is None else seed).encode()
    return "pr-" + base64.b32encode(hashlib.sha256(material).digest()[:15]).decode().lower()
