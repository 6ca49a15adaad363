"""Errors raised by the billing domain. Each names what is missing or wrong."""

from __future__ import annotations

from datetime import date


class BillingError(Exception):
    """Base class for every error raised by the billing domain."""


class MissingIndex(BillingError):
    """An index value needed to price a year has not been entered by finance.

    Never silently fall back to the base-year price (issue 4, item 1).
    """

    def __init__(self, index: str, year: int) -> None:
        super().__init__(f"MissingIndex(index={index!r}, year={year}): enter the {index} value")
        self.index = index
        self.year = year


class MissingTariff(BillingError):
    """No version of the tariff is valid on the date asked for."""

    def __init__(self, tariff_id: str, on: date) -> None:
        super().__init__(f"MissingTariff(tariff_id={tariff_id!r}, on={on.isoformat()})")
        self.tariff_id = tariff_id
        self.on = on


class OverlappingValidity(BillingError):
    """Two versions of the same tariff or model are valid on the same day."""


class UnknownParty(BillingError):
    """A report or allocation names a party that is not in the party register."""

    def __init__(self, party_id: str) -> None:
        super().__init__(f"UnknownParty({party_id!r})")
        self.party_id = party_id


class InvalidCredit(BillingError):
    """A credit note would credit more than the original invoice, or the wrong document."""
