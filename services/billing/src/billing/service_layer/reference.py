"""The reference data the service runs with, and the party directory (codes ↔ party ids).

Events and callers' tokens name parties by SCB code (``2380``, ``23``); the money rules name
them by party id (``kommun-ostersund``, ``region-jh``). The directory translates at the edge,
so the domain never sees a code and no response shows an internal id alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from sqlmodel import Session

from billing.adapters.price_book import load_price_book
from billing.domain import Party, PaymentClockModel
from billing.domain.payment_clock.model import PaymentClockAgreement
from billing.domain.provenance import PlaceholderUse
from billing.reference_data import ReferenceData, load_reference_data


@dataclass(frozen=True)
class Directory:
    parties: Mapping[str, Party]
    codes: Mapping[str, str]  # party id → code
    by_code: Mapping[str, str] = field(init=False)  # code → party id

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {c: p for p, c in self.codes.items()})

    def party_id(self, code: str) -> str | None:
        return self.by_code.get(code)

    def code(self, party_id: str) -> str:
        return self.codes[party_id]

    def organisation(self, party_id: str) -> str:
        """The organisation a caller's token names for a party, e.g. ``municipality:2380``."""
        return f"{self.parties[party_id].kind.value}:{self.codes[party_id]}"

    def party_of(self, kind: str, code: str) -> str | None:
        """The party an organisation (kind and code) is, or None if it is no billing party."""
        party_id = self.by_code.get(code)
        if party_id is None or self.parties[party_id].kind.value != kind:
            return None
        return party_id


@cache
def reference() -> ReferenceData:
    """Seed reference data (parties, rules, models); tariffs and indices live in the DB."""
    return load_reference_data()


@cache
def directory() -> Directory:
    data = reference()
    return Directory(data.parties, data.party_codes)


def shipped_placeholders(session: Session) -> list[PlaceholderUse]:
    """REF-PLACEHOLDER: every shipped example still in use — indices and tariffs in the
    database, keys, LAW-PAY models and region → agreement mappings in the reference data."""
    book = load_price_book(session)
    uses = [
        PlaceholderUse("index", f"{v.index}/{v.year}", str(v.value))
        for v in book.index_values
        if v.provenance.is_placeholder
    ]
    uses += [
        PlaceholderUse("tariff", t.key, str(t.base_amount))
        for t in book.tariffs
        if t.provenance.is_placeholder
    ]
    data = reference()
    uses += [use for keys in data.key_placeholders.values() for use in keys]
    uses += [
        PlaceholderUse("model", f"LAW-PAY/{m.model_id}", f"{m.kind} {m.free_days} free days")
        for m in data.payment_clock_models.values()
        if m.provenance.is_placeholder
    ]
    return uses


def clock_placeholders(
    model: PaymentClockModel, agreement: PaymentClockAgreement | None
) -> tuple[PlaceholderUse, ...]:
    """REF-PLACEHOLDER-USE of a LAW-PAY run: its model and region → agreement mapping."""
    uses = []
    if agreement is not None and agreement.provenance.is_placeholder:
        key = f"LAW-PAY/{agreement.region_id}"
        uses.append(PlaceholderUse("model", key, f"agreement {agreement.agreement_id}"))
    if model.provenance.is_placeholder:
        value = f"{model.kind} {model.free_days} free days"
        uses.append(PlaceholderUse("model", f"LAW-PAY/{model.model_id}", value))
    return tuple(uses)
