"""Issue 13 §1: provenance of reference values (REF-PLACEHOLDER, REF-CORRECTION, REF-CONFIRM,
REF-PLACEHOLDER-USE, REF-CORRECTION-RUN), pure domain."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from billing.domain import (
    IndexValue,
    Invoice,
    InvoiceLine,
    PriceBook,
    PriceUnit,
    Tariff,
    Validity,
    make_line,
)
from billing.domain.invoicing.invoices import UnitCode
from billing.domain.prices.corrections import placeholders_in, repriced
from billing.domain.prices.tariffs import PlaceholderRefused
from billing.domain.provenance import (
    SHIPPED,
    ChangeKind,
    ConfirmationRefused,
    CorrectionNeedsReason,
    Provenance,
    Status,
    Versioned,
    confirm,
    next_version,
)
from billing.reference_data import load_reference_data

from tests.unit.billing.test_credit_notes import issued_invoice

AT = datetime(2026, 12, 7, tzinfo=UTC)
ENTERED = Provenance(Status.ENTERED, "region:23 anna", AT)
D = Decimal


def test_ref_placeholder_is_replaced_even_by_the_same_figure() -> None:
    shipped = Versioned(D("102.90"), SHIPPED, 1)
    change = next_version("VPI 2026", shipped, D("103.60"), by="region:23 anna", at=AT, reason=None)
    assert (change.kind, change.version, change.provenance.status) == (
        ChangeKind.REPLACES_PLACEHOLDER,
        2,
        Status.ENTERED,
    )
    same = next_version("VPI 2026", shipped, D("102.90"), by="x", at=AT, reason=None)
    assert same.kind is ChangeKind.REPLACES_PLACEHOLDER  # entering it is what makes it real


def test_ref_correction_needs_a_reason_and_makes_a_new_version() -> None:
    entered = Versioned(D("110.00"), ENTERED, 1)
    with pytest.raises(CorrectionNeedsReason, match="give a reason"):
        next_version("OPI 2028", entered, D("111.00"), by="x", at=AT, reason=None)
    with pytest.raises(CorrectionNeedsReason):
        next_version("OPI 2028", entered, D("111.00"), by="x", at=AT, reason="  ")
    fixed = next_version("OPI 2028", entered, D("111.00"), by="x", at=AT, reason="typo")
    assert (fixed.kind, fixed.version, fixed.provenance.reason) == (
        ChangeKind.CORRECTION,
        2,
        "typo",
    )
    same = next_version("OPI 2028", entered, D("110.0"), by="x", at=AT, reason=None)
    assert same.kind is ChangeKind.UNCHANGED and not same.stores


def test_ref_confirm_by_a_second_person_only_and_never_a_placeholder() -> None:
    entered = Versioned(D("110.00"), ENTERED, 1)
    with pytest.raises(ConfirmationRefused, match="second person"):
        confirm("OPI 2028", entered, by="region:23 anna", at=AT)
    with pytest.raises(ConfirmationRefused, match="placeholder"):
        confirm("OPI 2028", Versioned(D("1"), SHIPPED, 1), by="b", at=AT)
    done = confirm("OPI 2028", entered, by="municipality:2380 bo", at=AT)
    assert (done.provenance.status, done.version) == (Status.CONFIRMED, 2)


def _book(refuse: bool = False) -> PriceBook:
    rent = Tariff(
        "JH-RENT-DAY-HOURLY",
        "JH-RENT-DAY",
        "rent",
        D("640.00"),
        PriceUnit.STARTED_HOUR,
        2025,
        Validity(date(2025, 1, 1), None),
        index="VPI",
        provenance=ENTERED,
    )
    return PriceBook(
        tariffs=(rent,),
        index_values=(
            IndexValue("VPI", 2025, D("100.00"), provenance=ENTERED),
            IndexValue("VPI", 2026, D("102.90")),  # a shipped placeholder
        ),
        refuse_placeholders=refuse,
    )


def test_ref_placeholder_use_is_named_and_can_be_refused() -> None:
    book = _book()
    (use,) = book.placeholders_for("JH-RENT-DAY-HOURLY", date(2026, 3, 2))
    assert (use.kind, use.key, use.value) == ("index", "VPI/2026", "102.90")
    assert book.placeholders_for("JH-RENT-DAY-HOURLY", date(2025, 3, 2)) == ()  # base year
    assert book.price("JH-RENT-DAY-HOURLY", date(2026, 3, 2)).amount == D("658.56")
    with pytest.raises(PlaceholderRefused, match="VPI/2026"):
        _book(refuse=True).price("JH-RENT-DAY-HOURLY", date(2026, 3, 2))


def _line(price: str) -> InvoiceLine:
    return make_line(
        rule_id="JH-RENT-DAY",
        description="2 started hours",
        quantity=D(2),
        unit=UnitCode.HOUR,
        unit_price=D(price),
        source_ids=("r-1",),
        service_date=date(2026, 3, 2),
        tariff_id="JH-RENT-DAY-HOURLY",
    )


def _invoice(*lines: InvoiceLine) -> Invoice:
    return dataclasses.replace(issued_invoice(), lines=lines)


def test_ref_correction_run_reprices_only_lines_priced_otherwise() -> None:
    invoice = _invoice(_line("658.56"), _line("640.00"))
    book = _book()
    assert placeholders_in(book, [invoice])[0].key == "VPI/2026"
    change = repriced(book, invoice, credited=set())
    assert change is not None and change.positions == (2,)  # line 1 is at today's price
    assert change.lines[0].unit_price == D("658.56")
    assert change.difference == D("37.12")  # 2 × (658.56 − 640.00)
    assert repriced(book, invoice, credited={2}) is None  # a credited line is done


def test_shipped_reference_data_says_what_is_a_placeholder() -> None:
    data = load_reference_data()
    book = data.price_book
    assert book.index_entry("VPI", 2026).provenance.is_placeholder
    rent = book.tariff("JH-RENT-DAY-HOURLY", date(2026, 1, 1))
    assert rent.provenance.status is Status.ENTERED  # agreed figure from the agreement text
    assert book.tariff("LAW-PAY-AGREEMENT-DAILY", date(2026, 1, 1)).provenance.is_placeholder
    assert data.key_placeholders["JH-TB"][0].key == "JH-TB/factors"
    assert data.key_placeholders["JH-MT-FIXED"] == ()  # the agreement's device example
