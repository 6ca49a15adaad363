"""The audit log of reads of patient data: who, what, when, and whether it was allowed.

Allowed reads are written in the reading transaction; refused reads in one of their own, so
the refusal leaves a trace although the request stores nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from handover_common.access.caller import Caller, Organisation
from handover_common.tables import AuditEntry

ALLOWED = "allowed"
REFUSED = "refused"


@dataclass(frozen=True)
class Access:
    """A verified caller on one route, with what it needs to leave audit rows."""

    caller: Caller
    route: str  # "GET /v1/care-requests/{care_request_id}"
    resource: str  # the concrete path
    engine: Engine

    @property
    def org(self) -> Organisation:
        return self.caller.organisation

    def read(self, session: Session, patient_refs: Iterable[str]) -> None:
        """Record an allowed read of these patients; committed by the caller's transaction."""
        refs: list[str | None] = [*sorted(set(patient_refs))]
        for ref in refs or [None]:
            session.add(self._entry(ref, ALLOWED))

    def refuse(self, patient_ref: str | None = None) -> None:
        """Record a refused read now, in its own transaction."""
        with Session(self.engine) as session:
            session.add(self._entry(patient_ref, REFUSED))
            session.commit()

    def _entry(self, patient_ref: str | None, outcome: str) -> AuditEntry:
        caller = self.caller
        return AuditEntry(
            organisation=str(caller.organisation),
            actor=caller.person,
            role=caller.role.value,
            unit=caller.unit,
            action="read",
            route=self.route,
            resource=self.resource,
            patient_ref=patient_ref,
            outcome=outcome,
        )
