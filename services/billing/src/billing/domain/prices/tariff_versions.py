"""Adding a tariff version to a price book (issue 4, item 1: tariffs as data with validity).

A new version may follow an open-ended one: if it overlaps exactly one earlier version of
the same tariff that has no end date and starts before it, that version is closed the day
before the new one starts (``valid_to = new.valid_from − 1 day``). Every other overlap is
refused with ``OverlappingValidity``, so there is never more than one price for a day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from billing.domain.errors import OverlappingValidity
from billing.domain.periods import Validity
from billing.domain.prices.tariffs import PriceBook, Tariff


def add_tariff_version(book: PriceBook, tariff: Tariff) -> tuple[PriceBook, Tariff | None]:
    """The book with ``tariff`` added, and the earlier version it closed (if any)."""
    overlapping = [
        t
        for t in book.tariffs
        if t.tariff_id == tariff.tariff_id and t.validity.overlaps(tariff.validity)
    ]
    if not overlapping:
        return book.with_tariff(tariff), None
    earlier = overlapping[0] if len(overlapping) == 1 else None
    if earlier is None or not _can_close(earlier, tariff):
        starts = ", ".join(str(t.validity.valid_from) for t in overlapping)
        raise OverlappingValidity(
            f"tariff {tariff.tariff_id}: the version from {tariff.validity.valid_from} "
            f"overlaps the version(s) from {starts}"
        )
    end = tariff.validity.valid_from - timedelta(days=1)
    closed = replace(earlier, validity=Validity(earlier.validity.valid_from, end))
    others = tuple(t for t in book.tariffs if t is not earlier)
    return replace(book, tariffs=(*others, closed, tariff)), closed


def _can_close(earlier: Tariff, new: Tariff) -> bool:
    return (
        earlier.validity.valid_to is None and earlier.validity.valid_from < new.validity.valid_from
    )
