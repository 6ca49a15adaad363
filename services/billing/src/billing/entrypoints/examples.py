"""Examples of billing's request bodies, as its OpenAPI document shows them (issue 14); each
validates against its body's schema (tests/integration/test_openapi_documents.py)."""

from __future__ import annotations

from typing import Any

TARIFF = {
    "tariff_id": "JH-MT-HOURLY",
    "rule_id": "JH-MT-VARIABLE",
    "description": "MT hourly rate, new agreement",
    "amount": "1250.00",
    "unit": "hour",
    "base_year": 2028,
    "index": "VPI",
    "valid_from": "2028-01-01",
    "note": "agreement of 2027-11-30",
}
INDEX_VALUE = {"value": "104.00", "note": "SKR, published 2027-04-28"}
TARIFF_AMOUNT = {"amount": "1262.50", "reason": "the agreement's annex 2 says 1262.50"}
WORK_REPORT = {
    "report_id": "ost-2026-03-0001",
    "kind": "staff-rental",
    "performer_code": "2380",
    "counterparty_code": "23",
    "responsible_code": "23",
    "patient_ref": "pr-abcdefghijklmnopqrstuvwx",
    "task_type": "wound-care",
    "started_at": "2026-03-02T09:00:00+01:00",
    "ended_at": "2026-03-02T10:30:00+01:00",
    "intervention_minutes": 60,
    "administration_minutes": 15,
    "reporting_back_minutes": 5,
    "travel_minutes": 20,
}
MONTHLY_RUN = {"month": "2026-03", "issue_date": "2026-04-05"}
PAYMENT_CLOCK_RUN = {"month": "2026-03", "issue_date": "2026-04-05", "refuse_placeholders": True}
MT_FIXED_RUN = {"year": 2026, "half": 2, "issue_date": "2026-06-15"}
SUPPLEMENTARY_RUN = {"year": 2026, "issue_date": "2026-02-15"}
JOINT_FUNDS_RUN = {
    "budget_id": "JF-2026",
    "budget": "1000000.00",
    "year": 2026,
    "issue_date": "2026-03-01",
}
PRICE_CORRECTION_RUN = {"issue_date": "2026-05-04", "tariff_ids": ["JH-MT-HOURLY"]}
CREDIT_NOTE = {"reason": "line 2 billed twice", "line_numbers": [2], "issue_date": "2026-04-20"}
COUNT_ADJUSTMENT = {"delta": 1, "reason": "a person connected in December was registered late"}
PARTY_DETAILS = {
    "org_number": "232100-0222",
    "buyer_reference": "Ekonomi 4711",
    "bankgiro": "5050-1055",
    "status": "entered",
    "reason": "new bankgiro from 2026-05-01",
    "based_on": 1,
}


def examples(*bodies: dict[str, Any]) -> dict[str, Any]:
    """A model's ``json_schema_extra``: its examples, as OpenAPI 3.1 documents them."""
    return {"examples": list(bodies)}
