"""Refusals on the resource itself, checked by handlers before any write."""

from __future__ import annotations

from handover_common.access.audit import Access
from handover_common.errors import FieldError, NotFound, RequestRejected


def forbidden(field: str, rule: str, message: str) -> RequestRejected:
    """The caller may use the route but not for this: 403 naming the field and the rule."""
    return RequestRejected([FieldError(field, rule, message)], 403)


def not_visible(access: Access, what: str, patient_ref: str | None = None) -> NotFound:
    """Another organisation's record: answered as if it did not exist, the attempt audited."""
    access.refuse(patient_ref)
    return NotFound(what)
