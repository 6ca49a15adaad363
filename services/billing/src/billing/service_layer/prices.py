"""Finance's commands on the price book: tariff versions, index values, their provenance.

Issue 13 §1: a shipped placeholder is replaced by what finance enters (REF-PLACEHOLDER); an
entered value is changed only by a new version with a reason (REF-CORRECTION), every version
kept in ``reference_value_version``; a second person confirms (REF-CONFIRM). Invoices already
issued stay as they were: ``service_layer.credits.run_price_corrections`` issues the difference.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from sqlmodel import col, select

from billing.adapters.price_book import (
    index_value_of,
    index_value_row,
    load_price_book,
    provenance_of,
    refuse_placeholders,
    tariff_of,
    tariff_row,
)
from billing.adapters.price_tables import IndexValueRow, ReferenceVersionRow, TariffRow
from billing.domain import (
    IndexValue,
    MissingIndex,
    MissingTariff,
    PriceQuote,
    Tariff,
    add_tariff_version,
)
from billing.domain.prices.corrections import party_placeholders_in, placeholders_in
from billing.domain.prices.tariffs import PlaceholderRefused
from billing.domain.provenance import (
    Change,
    ConfirmationRefused,
    CorrectionNeedsReason,
    PlaceholderUse,
    Provenance,
    Status,
    Versioned,
    confirm,
    next_version,
)
from billing.service_layer.errors import commit_or_conflict, domain_errors
from billing.service_layer.issuing import RunResult


def rules_of(uow: UnitOfWork, tariff: Tariff) -> set[str]:
    """The rule of a new version and of every stored version of the same tariff."""
    stored = load_price_book(uow.session).tariffs
    return {tariff.rule_id} | {t.rule_id for t in stored if t.tariff_id == tariff.tariff_id}


def where_to_enter(error: MissingIndex | MissingTariff) -> RequestRejected:
    """A missing index or amount as a 4xx naming what finance enters, and where (LAW-PAY too)."""
    if isinstance(error, MissingIndex):
        message = (
            f"{error}: enter the {error.index} value for {error.year} with "
            f"PUT /v1/indices/{error.index}/{error.year}"
        )
        return RequestRejected([FieldError("index", "MissingIndex", message)])
    year = error.on.year
    message = (
        f"{error}: enter the {error.tariff_id} amount valid on {error.on} with POST /v1/tariffs "
        f'{{"tariff_id": "{error.tariff_id}", "amount": "…", "base_year": {year}, '
        f'"valid_from": "{year}-01-01", "valid_to": "{year}-12-31", …}}'
    )
    return RequestRejected([FieldError("tariff_id", "MissingTariff", message)])


def add_tariff(uow: UnitOfWork, tariff: Tariff, entered_by: str) -> Tariff | None:
    """Store a new version; returns the earlier open-ended version it closed, if any."""
    at = utcnow()
    tariff = replace(tariff, provenance=Provenance(Status.ENTERED, entered_by, at))
    with domain_errors():
        _, closed = add_tariff_version(load_price_book(uow.session), tariff)
    if closed is not None:
        row = stored_tariff_row(uow, closed.tariff_id, closed.validity.valid_from)
        row.valid_to = closed.validity.valid_to
        uow.session.add(row)
    uow.session.add(tariff_row(tariff, entered_by))
    _record(uow, "tariff", tariff.key, tariff.base_amount, tariff.version, tariff.provenance)
    commit_or_conflict(
        uow, "valid_from", "OverlappingValidity", "a version with this start was just added"
    )
    return closed


def _record(
    uow: UnitOfWork, kind: str, key: str, value: Decimal, version: int, provenance: Provenance
) -> None:
    """Keep a version (REF-CORRECTION: never overwritten; a concurrent twin clashes on it)."""
    uow.session.add(
        ReferenceVersionRow(
            kind=kind,
            key=key,
            version=version,
            value=str(value),
            status=provenance.status.value,
            set_by=provenance.set_by,
            set_at=provenance.set_at or utcnow(),
            reason=provenance.reason,
        )
    )


def _keep_current(uow: UnitOfWork, kind: str, key: str, current: Versioned) -> None:
    """The version being replaced, kept once (shipped seed rows have no history row yet)."""
    query = select(ReferenceVersionRow).where(
        ReferenceVersionRow.kind == kind,
        ReferenceVersionRow.key == key,
        ReferenceVersionRow.version == current.version,
    )
    if uow.session.exec(query).first() is None:
        _record(uow, kind, key, current.value, current.version, current.provenance)


def _rejected(error: CorrectionNeedsReason | ConfirmationRefused, rule: str) -> RequestRejected:
    field = "reason" if isinstance(error, CorrectionNeedsReason) else "Authorization"
    return RequestRejected([FieldError(field, rule, str(error))], 409)


def _apply(row: IndexValueRow | TariffRow, change: Change) -> None:
    """The current row becomes the new version (the old one is kept in the version table)."""
    row.entered_by = change.provenance.set_by
    row.entered_at = change.provenance.set_at or utcnow()
    row.status = change.provenance.status.value
    row.version = change.version
    row.reason = change.provenance.reason


def enter_index_value(
    uow: UnitOfWork, value: IndexValue, entered_by: str, reason: str | None = None
) -> tuple[IndexValue, Change]:
    """REF-PLACEHOLDER / REF-CORRECTION for one index year; the value as now stored."""
    key = f"{value.index}/{value.year}"
    row = uow.session.get(IndexValueRow, (value.index, value.year))
    current = None if row is None else _versioned(Decimal(row.value), row)
    what = f"{value.index} {value.year}"
    try:
        change = next_version(what, current, value.value, by=entered_by, at=utcnow(), reason=reason)
    except CorrectionNeedsReason as error:
        raise _rejected(error, "INDEX-ENTERED") from None
    if row is not None and current is not None:
        if not change.stores:
            return index_value_of(row), change
        _keep_current(uow, "index", key, current)
        row.value, row.note = str(value.value), value.note
        _apply(row, change)
    else:
        stored = replace(value, provenance=change.provenance, version=change.version)
        row = index_value_row(stored, entered_by)
    uow.session.add(row)
    _record(uow, "index", key, value.value, change.version, change.provenance)
    commit_or_conflict(uow, "year", "INDEX-ENTERED", f"{key} was just entered by someone else")
    return index_value_of(row), change


def confirm_index_value(
    uow: UnitOfWork, index: str, year: int, confirmed_by: str
) -> tuple[IndexValue, Change]:
    """REF-CONFIRM: a second person of finance confirms an entered index value."""
    row = uow.session.get(IndexValueRow, (index, year))
    if row is None:
        message = f"{index} {year} is not entered (PUT /v1/indices/{index}/{year})"
        raise RequestRejected([FieldError("year", "MissingIndex", message)], 404)
    key = f"{index}/{year}"
    change = _confirm(uow, "index", key, row, Decimal(row.value), confirmed_by)
    return index_value_of(row), change


def _confirm(
    uow: UnitOfWork, kind: str, key: str, row: IndexValueRow | TariffRow, value: Decimal, by: str
) -> Change:
    current = _versioned(value, row)
    try:
        change = confirm(key, current, by=by, at=utcnow())
    except ConfirmationRefused as error:
        raise _rejected(error, "REF-CONFIRM") from None
    if change.stores:
        _keep_current(uow, kind, key, current)
        _apply(row, change)
        uow.session.add(row)
        _record(uow, kind, key, value, change.version, change.provenance)
        commit_or_conflict(uow, "version", "REF-CONFIRM", f"{key} was just changed")
    return change


def _tariff_row(uow: UnitOfWork, tariff_id: str, valid_from: date) -> TariffRow | None:
    query = select(TariffRow).where(
        TariffRow.tariff_id == tariff_id, TariffRow.valid_from == valid_from
    )
    return uow.session.exec(query).first()


def stored_tariff_row(uow: UnitOfWork, tariff_id: str, valid_from: date) -> TariffRow:
    row = _tariff_row(uow, tariff_id, valid_from)
    if row is None:
        message = f"no version of {tariff_id} starts on {valid_from} (see GET /v1/tariffs)"
        raise RequestRejected([FieldError("valid_from", "MissingTariff", message)], 404)
    return row


def correct_tariff_amount(
    uow: UnitOfWork,
    tariff_id: str,
    valid_from: date,
    amount: Decimal,
    entered_by: str,
    reason: str | None,
) -> tuple[Tariff, Change]:
    """REF-PLACEHOLDER / REF-CORRECTION for the amount of one stored tariff version."""
    row = stored_tariff_row(uow, tariff_id, valid_from)
    key = f"{tariff_id}/{valid_from}"
    current = _versioned(Decimal(row.base_amount), row)
    try:
        change = next_version(key, current, amount, by=entered_by, at=utcnow(), reason=reason)
    except CorrectionNeedsReason as error:
        raise _rejected(error, "TARIFF-ENTERED") from None
    if change.stores:
        _keep_current(uow, "tariff", key, current)
        row.base_amount = str(amount)
        _apply(row, change)
        uow.session.add(row)
        _record(uow, "tariff", key, amount, change.version, change.provenance)
        commit_or_conflict(uow, "version", "TARIFF-ENTERED", f"{key} was just changed")
    return tariff_of(row), change


def confirm_tariff(
    uow: UnitOfWork, tariff_id: str, valid_from: date, confirmed_by: str
) -> tuple[Tariff, Change]:
    row = stored_tariff_row(uow, tariff_id, valid_from)
    key = f"{tariff_id}/{valid_from}"
    change = _confirm(uow, "tariff", key, row, Decimal(row.base_amount), confirmed_by)
    return tariff_of(row), change


def versions(uow: UnitOfWork, kind: str, key: str) -> list[ReferenceVersionRow]:
    """Every kept version of a value, oldest first (the seed's first version once replaced)."""
    query = select(ReferenceVersionRow).where(
        ReferenceVersionRow.kind == kind, ReferenceVersionRow.key == key
    )
    return list(uow.session.exec(query.order_by(col(ReferenceVersionRow.version))))


def _versioned(value: Decimal, row: IndexValueRow | TariffRow) -> Versioned:
    return Versioned(value, provenance_of(row), row.version)


def quote(uow: UnitOfWork, tariff_id: str, on: date) -> PriceQuote:
    """The unit price on a day, with its formula; a missing index or amount names what to
    enter, and where."""
    try:
        return load_price_book(uow.session).price(tariff_id, on)
    except (MissingIndex, MissingTariff) as error:
        raise where_to_enter(error) from None


@contextmanager
def placeholder_policy(
    uow: UnitOfWork, refuse: bool, known: Sequence[PlaceholderUse] = ()
) -> Iterator[None]:
    """REF-PLACEHOLDER-USE: with ``refuse``, a run that would use a placeholder (``known`` up
    front, or met while pricing) is a 409 naming it, before anything is stored."""
    if not refuse:
        yield
        return
    if known:
        raise _refused(known[0].label)
    refuse_placeholders(uow.session)
    try:
        yield
    except RequestRejected as rejected:
        refused = [e for e in rejected.errors if e.rule == PlaceholderRefused.__name__]
        if not refused:
            raise
        raise _refused(refused[0].message.removeprefix("priced on the placeholder ")) from None


def _refused(label: str) -> RequestRejected:
    message = (
        f"the run would be priced on the placeholder {label}; replace it (see GET "
        "/v1/reference-values/placeholders) or run with refuse_placeholders false"
    )
    return RequestRejected([FieldError("refuse_placeholders", "REF-PLACEHOLDER-USE", message)], 409)


def run_placeholders(
    uow: UnitOfWork, result: RunResult, known: Sequence[PlaceholderUse] = ()
) -> tuple[PlaceholderUse, ...]:
    """Every placeholder a run used: ``known`` ones (keys, models) and its priced lines'."""
    book = load_price_book(uow.session)
    invoices = [issued.invoice for issued in result.issued]
    return (*known, *placeholders_in(book, invoices), *party_placeholders_in(invoices))
