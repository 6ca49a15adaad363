"""Parsers for the price book (indices.json, tariffs.json), parties and work rules."""

from __future__ import annotations

from billing.domain import (
    Address,
    BillingError,
    IndexValue,
    Party,
    PartyKind,
    PriceBook,
    PriceUnit,
    Tariff,
    Validity,
    VatTreatment,
    WorkBillingRules,
)
from billing.domain.provenance import SHIPPED, Provenance, Status
from billing.reference_data.fields import Fields, ReferenceDataError


def provenance_of(item: Fields, key: str = "status") -> Provenance:
    """A shipped value's provenance: placeholder, or entered/confirmed from an agreement's text
    (set by "system", with its ``source`` as the reason)."""
    status = item.choice(key, Status)
    if status is Status.PLACEHOLDER:
        return SHIPPED
    return Provenance(status, "system", None, item.optional_text("source") or "shipped")


def parse_index_values(root: Fields) -> tuple[IndexValue, ...]:
    values = []
    for item in root.children("indices"):
        try:
            values.append(
                IndexValue(
                    item.text("index"),
                    item.integer("year"),
                    item.amount("value"),
                    item.optional_text("source") or "",
                    provenance_of(item),
                )
            )
        except ValueError as exc:
            if isinstance(exc, ReferenceDataError):
                raise
            raise item.error("value", str(exc)) from None
    return tuple(values)


def parse_tariff(item: Fields) -> Tariff:
    try:
        validity = Validity(item.day("valid_from"), item.optional_day("valid_to"))
    except ReferenceDataError:
        raise
    except ValueError as exc:
        raise item.error("valid_to", str(exc)) from None
    return Tariff(
        tariff_id=item.text("tariff_id"),
        rule_id=item.text("rule_id"),
        description=item.text("description"),
        base_amount=item.amount("amount"),
        unit=item.choice("unit", PriceUnit),
        base_year=item.integer("base_year"),
        validity=validity,
        index=item.optional_text("index"),
        note=item.optional_text("source") or "",
        provenance=provenance_of(item),
    )


def parse_price_book(indices: Fields, tariffs: Fields) -> PriceBook:
    index_values = parse_index_values(indices)
    tariff_list = tuple(parse_tariff(item) for item in tariffs.children("tariffs"))
    try:
        return PriceBook(tariffs=tariff_list, index_values=index_values)
    except BillingError as exc:
        raise ReferenceDataError(f"{indices.file} / {tariffs.file}", "validity", str(exc)) from None


def parse_parties(root: Fields) -> dict[str, Party]:
    parties: dict[str, Party] = {}
    for item in root.children("parties"):
        address = item.child("address")
        party = Party(
            party_id=item.text("party_id"),
            name=item.text("name"),
            kind=item.choice("kind", PartyKind),
            org_number=item.text("org_number"),
            address=Address(
                address.text("street"),
                address.text("postal_code"),
                address.text("city"),
                address.text("country_code"),
            ),
            home_region_id=item.optional_text("home_region_id"),
        )
        if party.party_id in parties:
            raise item.error("party_id", f"{party.party_id!r} appears twice")
        parties[party.party_id] = party
    return parties


def parse_party_codes(root: Fields) -> dict[str, str]:
    """party id → SCB code (2-digit county for a region, 4-digit municipality code)."""
    codes: dict[str, str] = {}
    for item in root.children("parties"):
        code, kind = item.text("code"), item.choice("kind", PartyKind)
        width = 2 if kind is PartyKind.REGION else 4
        if not (code.isdigit() and len(code) == width):
            raise item.error("code", f"a {kind} code has {width} digits, got {code!r}")
        if code in codes.values():
            raise item.error("code", f"{code!r} appears twice")
        codes[item.text("party_id")] = code
    return codes


def parse_work_rules(root: Fields) -> WorkBillingRules:
    return WorkBillingRules(
        rental_tariff_id=root.text("rental_tariff_id"),
        sight_hearing_tariff_id=root.text("sight_hearing_tariff_id"),
        mt_hourly_tariff_id=root.text("mt_hourly_tariff_id"),
        gb_hourly_tariff_id=root.text("gb_hourly_tariff_id"),
        gen_res_tariff_id=root.optional_text("gen_res_tariff_id"),
        billable_sight_tasks=frozenset(root.strings("billable_sight_tasks")),
        billable_hearing_tasks=frozenset(root.strings("billable_hearing_tasks")),
        gb_target_groups=frozenset(root.strings("gb_target_groups")),
        gb_region_share=root.amount("gb_region_share"),
        day_start=root.clock("day_start"),
        day_end=root.clock("day_end"),
        sight_buyer_reference=root.text("sight_buyer_reference"),
        hearing_buyer_reference=root.text("hearing_buyer_reference"),
        gb_buyer_reference=root.text("gb_buyer_reference"),
        gb_deliver_by_day=root.integer("gb_deliver_by_day"),
        payment_terms_days=root.integer("payment_terms_days"),
    )


def parse_vat(root: Fields) -> dict[str, VatTreatment]:
    """rule id → VAT treatment (rules not listed get the default, category "O")."""
    rules = root.child("rules")
    return {
        rule_id: VatTreatment(
            rules.child(rule_id).text("category"), rules.child(rule_id).text("reason")
        )
        for rule_id in rules.data
    }
