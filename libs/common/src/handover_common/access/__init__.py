"""Who is calling and what they may do: signed identity, one rule per route, and the audit log."""

from handover_common.access.audit import ALLOWED, REFUSED, Access
from handover_common.access.caller import Caller, InvalidIdentity, Organisation
from handover_common.access.guard import Authorised, Guard, authorise
from handover_common.access.roles import OrgKind, Role
from handover_common.access.rules import ANY_ROLE, AccessTable, Rule, allow, public
from handover_common.access.scope import forbidden, not_visible

__all__ = [
    "ALLOWED",
    "ANY_ROLE",
    "REFUSED",
    "Access",
    "AccessTable",
    "Authorised",
    "Caller",
    "Guard",
    "InvalidIdentity",
    "OrgKind",
    "Organisation",
    "Role",
    "Rule",
    "allow",
    "authorise",
    "forbidden",
    "not_visible",
    "public",
]
