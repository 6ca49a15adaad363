"""Organisation kinds and the roles a signed token can carry (one role per token, as a SITHS
assignment — medarbetaruppdrag — gives a person one role in one organisation at a time)."""

from __future__ import annotations

import re
from enum import StrEnum


class OrgKind(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"
    OPERATOR = "operator"  # the organisation that runs the Handover platform


class Role(StrEnum):
    HOSPITAL_UNIT = "hospital-unit"
    HEALTH_CENTRE = "health-centre"
    SPECIALISED_OUTPATIENT = "specialised-outpatient"
    MUNICIPAL_NURSE = "municipal-nurse"
    FINANCE = "finance"
    AGREEMENT_ADMIN = "agreement-admin"
    OPERATIONS = "operations"
    AUDITOR = "auditor"


ROLES_OF_KIND: dict[OrgKind, frozenset[Role]] = {
    OrgKind.REGION: frozenset(
        {
            Role.HOSPITAL_UNIT,
            Role.HEALTH_CENTRE,
            Role.SPECIALISED_OUTPATIENT,
            Role.FINANCE,
            Role.AGREEMENT_ADMIN,
            Role.AUDITOR,
        }
    ),
    OrgKind.MUNICIPALITY: frozenset(
        {Role.MUNICIPAL_NURSE, Role.FINANCE, Role.AGREEMENT_ADMIN, Role.AUDITOR}
    ),
    OrgKind.OPERATOR: frozenset({Role.OPERATIONS, Role.AUDITOR}),
}
"""Which roles an organisation of each kind can give; a token naming another is invalid."""

UNIT_ROLES = frozenset(
    {Role.HOSPITAL_UNIT, Role.HEALTH_CENTRE, Role.SPECIALISED_OUTPATIENT, Role.MUNICIPAL_NURSE}
)
"""Roles that act for a care unit: their tokens must name the unit's HSA id."""

CODE_PATTERNS: dict[OrgKind, re.Pattern[str]] = {
    OrgKind.REGION: re.compile(r"^[0-9]{2}$"),
    OrgKind.MUNICIPALITY: re.compile(r"^[0-9]{4}$"),
    OrgKind.OPERATOR: re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$"),
}

HSA_ID = re.compile(r"^SE[0-9]{10}-[A-Za-z0-9]{1,31}$")
"""An HSA id: SE + the care provider's organisation number + '-' + a local part."""
