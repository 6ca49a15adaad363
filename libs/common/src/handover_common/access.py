"""Which organisation is asking, and the audit trail of its reads of patient data.

The organisation comes from the `X-Organisation` header (`municipality:2380`, `region:23`),
which the API gateway sets after strong authentication (SITHS) in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header
from sqlmodel import Session

from handover_common.errors import FieldError, RequestRejected
from handover_common.tables import AuditEntry

_ORGANISATION = re.compile(r"^(municipality:\d{4}|region:\d{2}|operations:[\w-]+)$")


@dataclass(frozen=True)
class Organisation:
    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


def current_organisation(
    x_organisation: Annotated[str | None, Header()] = None,
    x_actor: Annotated[str | None, Header()] = None,
) -> Organisation:
    if x_organisation is None or not _ORGANISATION.match(x_organisation):
        raise RequestRejected(
            [
                FieldError(
                    "X-Organisation",
                    "ACCESS-ORG",
                    "name your organisation as municipality:NNNN or region:NN",
                )
            ],
            status_code=401,
        )
    kind, code = x_organisation.split(":", 1)
    return Organisation(kind, code)


CurrentOrganisation = Annotated[Organisation, Depends(current_organisation)]


def audit_read(
    session: Session,
    organisation: Organisation,
    patient_ref: str,
    resource: str,
    actor: str = "unknown",
) -> None:
    """Record a read of patient data; committed by the caller's transaction."""
    session.add(
        AuditEntry(
            organisation=str(organisation),
            actor=actor,
            action="read",
            patient_ref=patient_ref,
            resource=resource,
        )
    )
