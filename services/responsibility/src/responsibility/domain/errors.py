"""Errors raised by the responsibility engine. All derive from ResponsibilityError."""

from __future__ import annotations

from datetime import date


class ResponsibilityError(Exception):
    """Base class for every error of the engine."""


class InvalidSituation(ResponsibilityError, ValueError):
    """The input cannot be evaluated; names the offending field and the rule that needs it."""

    def __init__(self, field: str, rule: str, message: str) -> None:
        self.field = field
        self.rule = rule
        self.message = message
        super().__init__(f"{field} ({rule}): {message}")


class NoAgreementInForce(ResponsibilityError, LookupError):
    """No agreement for the region is in force on the decision date."""

    def __init__(self, region_code: str, on_date: date, detail: str) -> None:
        self.region_code = region_code
        self.on_date = on_date
        super().__init__(
            f"no agreement in force for region {region_code} on {on_date.isoformat()}: {detail}"
        )


class AgreementDataError(ResponsibilityError, ValueError):
    """An agreement data file is malformed; names the file and the field."""

    def __init__(self, source: str, field: str, message: str) -> None:
        self.source = source
        self.field = field
        super().__init__(f"{source}: {field}: {message}")


class TerminationRefused(ResponsibilityError, ValueError):
    """A termination notice that cannot be recorded (AG-RENEW); names the field and the rule.

    `status` is the HTTP answer it maps to: 422 invalid, 409 already terminated, 403 not a
    party to the agreement, 404 no such part."""

    def __init__(self, field: str, rule: str, message: str, status: int = 422) -> None:
        self.field = field
        self.rule = rule
        self.message = message
        self.status = status
        super().__init__(f"{field} ({rule}): {message}")


class DisputeTransitionError(ResponsibilityError, ValueError):
    """A dispute operation is not allowed in the dispute's current state (GEN-DISPUTE)."""
