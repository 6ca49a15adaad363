"""Who is calling: the organisation, the person acting and the role, from a verified token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handover_common.access.roles import (
    CODE_PATTERNS,
    HSA_ID,
    ROLES_OF_KIND,
    UNIT_ROLES,
    OrgKind,
    Role,
)


class InvalidIdentity(ValueError):
    """The token verified but its claims do not describe a caller the system knows."""


@dataclass(frozen=True)
class Organisation:
    kind: OrgKind
    code: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.code}"

    @classmethod
    def parse(cls, text: str) -> Organisation:
        kind_text, _, code = text.partition(":")
        try:
            kind = OrgKind(kind_text)
        except ValueError:
            raise InvalidIdentity(f"unknown organisation kind in {text!r}") from None
        if not CODE_PATTERNS[kind].match(code):
            raise InvalidIdentity(f"{text!r} is not a valid {kind.value} code")
        return cls(kind, code)

    def is_region(self, code: str) -> bool:
        return self.kind is OrgKind.REGION and self.code == code

    def is_municipality(self, code: str) -> bool:
        return self.kind is OrgKind.MUNICIPALITY and self.code == code


@dataclass(frozen=True)
class Caller:
    organisation: Organisation
    person: str  # HSA id of the person acting
    role: Role
    unit: str | None = None  # HSA id of the care unit, for unit roles
    name: str | None = None

    @property
    def org(self) -> Organisation:
        return self.organisation

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Caller:
        organisation = Organisation.parse(_text(claims, "org"))
        try:
            role = Role(_text(claims, "role"))
        except ValueError:
            raise InvalidIdentity(f"unknown role {claims.get('role')!r}") from None
        if role not in ROLES_OF_KIND[organisation.kind]:
            raise InvalidIdentity(f"a {organisation.kind.value} cannot give the role {role}")
        person = _hsa_id(claims, "sub")
        unit = _hsa_id(claims, "unit") if "unit" in claims or role in UNIT_ROLES else None
        name = claims.get("name")
        return cls(organisation, person, role, unit, name if isinstance(name, str) else None)


def _text(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidIdentity(f"the token has no {name!r} claim")
    return value


def _hsa_id(claims: dict[str, Any], name: str) -> str:
    value = _text(claims, name)
    if not HSA_ID.match(value):
        raise InvalidIdentity(f"claim {name!r} is not an HSA id (SE<org no>-<local part>)")
    return value
