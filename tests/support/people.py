"""Synthetic, checksum-valid personnummer for tests (never real people)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import date, timedelta

from referral.domain.personnummer import luhn_valid


def synthetic_personnummer(index: int, born: date = date(1938, 1, 1)) -> str:
    birth = born + timedelta(days=index // 900)
    serial = 100 + index % 900
    stem = f"{birth:%Y%m%d}{serial:03d}"
    for check in range(10):
        if luhn_valid(stem[2:] + str(check)):
            return f"{stem[:8]}-{stem[8:]}{check}"
    raise AssertionError("unreachable: one check digit always fits")


MUNICIPAL_NURSING_CARE: dict[str, object] = {
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
}
"""Meets JH-OB-1..4 in Jämtland Härjedalen: nursing is the municipality's, the physician the
region's (GEN-DOC)."""


def discharge_body(index: int = 0, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "patient": {
            "personnummer": synthetic_personnummer(index),
            "registered_municipality_code": "2380",
        },
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "discharged_at": "2026-11-20T10:00:00+01:00",
        "care": dict(MUNICIPAL_NURSING_CARE),
    }
    body.update(overrides)
    return body


def patient_ref(seed: object = None) -> str:
    """A well-formed pseudonymous reference (pr- and 24 base32 letters), random unless seeded."""
    material = str(uuid.uuid4() if seed is None else seed).encode()
    return "pr-" + base64.b32encode(hashlib.sha256(material).digest()[:15]).decode().lower()
