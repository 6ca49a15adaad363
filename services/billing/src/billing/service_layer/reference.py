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

from billing.adapters.payment_clock_tables import latest_entries
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


@dataclass(frozen=True)
class PaymentClock:
    """The LAW-PAY models and region → agreement mappings a run clocks with: each region's
    finance-entered agreement (``payment_clock_entry``) first, from its ``valid_from``; the
    shipped placeholders of ``payment_clock.json`` for regions (and days) without one."""

    models: Mapping[str, PaymentClockModel]
    agreements: tuple[PaymentClockAgreement, ...]
    entered_regions: frozenset[str]


def payment_clock(session: Session) -> PaymentClock:
    data = reference()
    entries = latest_entries(session)
    models = dict(data.payment_clock_models)
    for entry in entries.values():
        models.update((model.model_id, model) for model in entry.models())
    entered = tuple(entry.agreement() for entry in entries.values())
    return PaymentClock(models, (*entered, *data.payment_clock_agreements), frozenset(entries))


def shipped_placeholders(session: Session) -> list[PlaceholderUse]:
    """REF-PLACEHOLDER: every shipped example still in use — indices and tariffs in the
    database, keys in the reference data, LAW-PAY models and region → agreement mappings no
    region's finance has entered yet."""
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
    return uses + clock_mapping_placeholders(session)


def clock_mapping_placeholders(session: Session) -> list[PlaceholderUse]:
    """The LAW-PAY placeholders still in use: the shipped region → agreement mappings of the
    regions whose finance has entered none, and the shipped models of those agreements."""
    clock = payment_clock(session)
    shipped = [
        a
        for a in clock.agreements
        if a.provenance.is_placeholder and a.region_id not in clock.entered_regions
    ]
    uses = [
        PlaceholderUse("model", f"LAW-PAY/{a.region_id}", f"agreement {a.agreement_id}")
        for a in shipped
    ]
    in_use = {a.agreement_id for a in shipped}
    uses += [
        PlaceholderUse("model", f"LAW-PAY/{m.model_id}", f"{m.kind} {m.free_days} free days")
        for m in clock.models.values()
        if m.provenance.is_placeholder and m.agreement_id in in_use
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
