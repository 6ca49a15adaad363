"""Bearer tokens from the project's development issuer, as request headers for tests."""

from __future__ import annotations

import os
from functools import cache

from handover_common.access.dev_issuer import DevIssuer


@cache
def issuer() -> DevIssuer:
    return DevIssuer(os.environ["DEV_ISSUER_DIR"]).ensure()


@cache
def _token(org: str, role: str, person: str | None) -> str:
    return issuer().token(org, role, person)


def as_caller(org: str, role: str, person: str | None = None) -> dict[str, str]:
    """Headers of a person with ``role`` in ``org`` (``region:23``, ``municipality:2380``)."""
    return {"Authorization": f"Bearer {_token(org, role, person)}"}


HOSPITAL_23 = as_caller("region:23", "hospital-unit")
HEALTH_CENTRE_23 = as_caller("region:23", "health-centre")
NURSE_2380 = as_caller("municipality:2380", "municipal-nurse")
NURSE_2326 = as_caller("municipality:2326", "municipal-nurse")
OPERATIONS = as_caller("operator:drift", "operations")
