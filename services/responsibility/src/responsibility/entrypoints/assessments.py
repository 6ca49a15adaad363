"""POST /v1/assessments: staff ask "who is responsible?" — evaluated, explained, not stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from responsibility.domain import decide
from responsibility.entrypoints.deps import Catalogue, engine_errors_as_4xx
from responsibility.entrypoints.schemas import AssessmentIn
from responsibility.service_layer.situations import situation_from_facts

router = APIRouter(prefix="/v1", tags=["assessments"])


@router.post("/assessments")
def assess(body: AssessmentIn, catalogue: Catalogue) -> dict[str, Any]:
    """A dry run of the rule engine: which organisation would be responsible for each care
    component of the described situation, and by which rules. Nothing is stored or published."""
    with engine_errors_as_4xx():
        situation = situation_from_facts(
            body.care.as_facts(),
            decision_date=body.decision_date,
            region_code=body.region_code,
            municipality=body.registered_municipality_code,
            age_years=body.age_years,
            admission_date=body.admission_date,
            discharge_date=body.discharge_date,
        )
        decision = decide(situation, catalogue)
    return {**decision.to_dict(), "fingerprint": decision.fingerprint()}
