"""Examples of responsibility's request bodies, as its OpenAPI document shows them (issue 14);
each validates against its body's schema (tests/integration/test_openapi_documents.py)."""

from __future__ import annotations

from typing import Any

CARE: dict[str, Any] = {
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
"""The care facts of the repository's ``examples/discharge.json``."""

ASSESSMENT = {
    "decision_date": "2026-11-20",
    "region_code": "23",
    "registered_municipality_code": "2380",
    "age_years": 82,
    "admission_date": "2026-11-12",
    "discharge_date": "2026-11-20",
    "care": CARE,
}
TERMINATION = {
    "noticed_on": "2026-03-15",
    "by": "region:23",
    "reason": "Regionfullmäktige beslutade 2026-03-10 att säga upp delen om hemsjukvård.",
}
DISPUTE = {
    "components": ["nursing"],
    "reason": "Patienten når hälsocentralen med färdtjänst (JH-OB-4 är inte uppfyllt).",
    "opened_on": "2026-11-25",
    "level": "individual",
}
POSITION = {
    "party": "municipality:2380",
    "statement": "Patienten kan inte ta sig till hälsocentralen utan stöd; kommunen står fast.",
    "proposed_responsible": {"kind": "region", "code": "23", "unit": "health_centre"},
}
RESOLUTION = {
    "resolved_on": "2026-12-10",
    "note": "Enligt samverkansgruppens beslut 2026-12-09.",
    "responsible": [
        {
            "component": "nursing",
            "party": {"kind": "region", "code": "23", "unit": "health_centre"},
        }
    ],
}


def examples(*bodies: dict[str, Any]) -> dict[str, Any]:
    """A model's ``json_schema_extra``: its examples, as OpenAPI 3.1 documents them."""
    return {"examples": list(bodies)}
