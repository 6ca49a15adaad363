"""The spine's first rule, until the full engine (issue 3) is wired in.

GEN-DOC: physicians are always the region's. GEN-RES: everything else goes to the registered
municipality.
"""

from __future__ import annotations

from handover_contracts.events import (
    CareComponent,
    ComponentResponsibility,
    PatientDischarged,
    PrincipalKind,
)

AGREEMENT_ID = "GEN"
AGREEMENT_VERSION = "1"


def decide_components(event: PatientDischarged) -> list[ComponentResponsibility]:
    return [_decide(component, event) for component in event.care_components]


def _decide(component: CareComponent, event: PatientDischarged) -> ComponentResponsibility:
    if component is CareComponent.PHYSICIAN:
        principal, code, rules = PrincipalKind.REGION, event.region_code, ["GEN-DOC"]
    else:
        principal, code = PrincipalKind.MUNICIPALITY, event.registered_municipality_code
        rules = ["GEN-RES"]
    return ComponentResponsibility(
        component=component,
        principal=principal,
        principal_code=code,
        performer_code=code,
        cost_bearer_code=code,
        rule_ids=rules,
    )
