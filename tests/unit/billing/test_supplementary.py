"""JH-TB: supplementary amount reconciliation with a statement of every step."""

from datetime import date
from decimal import Decimal

import pytest
from billing.domain import (
    AdjustmentReading,
    AllocationTerms,
    MissingIndex,
    Period,
    SupplementaryModel,
    SupplementaryStatement,
    adjustment_persons,
    reconcile_supplementary_amount,
    supplementary_invoices,
)

from tests.unit.billing.builders import parties, price_book

D = Decimal
OUTSIDE = AdjustmentReading.PER_PERSON_OUTSIDE_INTERVAL
MIDPOINT = AdjustmentReading.PER_PERSON_FROM_MIDPOINT
WEIGHTS = {"elderly": D(1), "sparsity": D(1), "socioeconomic": D(2)}
FACTORS = {
    "ost": {"elderly": D(60), "sparsity": D(10), "socioeconomic": D(50)},
    "berg": {"elderly": D(20), "sparsity": D(50), "socioeconomic": D(25)},
    "strom": {"elderly": D(20), "sparsity": D(40), "socioeconomic": D(25)},
}


def model(reading: AdjustmentReading = OUTSIDE) -> SupplementaryModel:
    return SupplementaryModel("TB", "TB-ADJ", 129, 169, reading, WEIGHTS)


def reconcile(
    count: int, reading: AdjustmentReading = OUTSIDE, year: int = 2026
) -> SupplementaryStatement:
    return reconcile_supplementary_amount(
        year=year,
        connected_persons=count,
        model=model(reading),
        factor_values=FACTORS,
        price_book=price_book(),
    )


@pytest.mark.parametrize(
    ("count", "persons"),
    [(129, 0), (169, 0), (150, 0), (170, 1), (172, 3), (128, -1), (125, -4)],
)
def test_adjust_once_per_person_outside_the_interval_edges_inside(count, persons):
    assert adjustment_persons(count, 129, 169, OUTSIDE) == persons


@pytest.mark.parametrize(("count", "persons"), [(172, 23), (125, -24), (169, 0), (170, 21)])
def test_midpoint_reading_counts_from_149(count, persons):
    assert adjustment_persons(count, 129, 169, MIDPOINT) == persons


def test_inside_the_interval_the_indexed_amount_is_distributed_unadjusted():
    statement = reconcile(150)
    # 3,735,428 × LPIK 2026 105 / LPIK 2024 100 = 3,922,199.40
    assert statement.amount == D("3922199.40")
    assert statement.adjustment_total == 0
    assert sum(statement.distribution.values()) == D("3922199.40")


def test_count_172_adds_three_indexed_adjustments():
    statement = reconcile(172)
    assert statement.adjustment_quote.amount == D("27237.00")  # 25,940 × 1.05
    assert statement.adjustment_total == D("81711.00")
    assert statement.amount == D("4003910.40")


def test_count_125_removes_four_adjustments():
    assert reconcile(125).amount == D("3922199.40") - 4 * D("27237.00")


def test_distribution_uses_the_weighted_factor_key_and_sums_exactly():
    statement = reconcile(172)
    # ost: (1 × 60/100 + 1 × 10/100 + 2 × 50/100) / 4 = 0.425
    assert statement.key.shares["ost"] == D("0.425")
    assert statement.distribution["ost"] == D("1701661.92")  # 4,003,910.40 × 0.425
    assert sum(statement.distribution.values()) == statement.amount


def test_statement_lists_every_step_and_the_reading():
    steps = "\n".join(reconcile(172).steps())
    for expected in (
        "172",
        "129–169",
        "per-person-outside-interval",
        "LPIK(2026) 105",
        "81711.00",
        "4003910.40",
        "ost",
        "1701661.92",
    ):
        assert expected in steps


def test_missing_lpik_for_the_year_is_an_error():
    with pytest.raises(MissingIndex):
        reconcile(150, year=2027)


def test_missing_factor_is_an_error():
    broken = {**FACTORS, "berg": {"elderly": D(1)}}
    with pytest.raises(ValueError, match="sparsity"):
        reconcile_supplementary_amount(
            year=2026,
            connected_persons=150,
            model=model(),
            factor_values=broken,
            price_book=price_book(),
        )


def test_municipalities_invoice_the_region_their_shares():
    statement = reconcile(150)
    terms = AllocationTerms("JH-TB", "jh-tb", Period.year(2026), date(2026, 3, 15))
    invoices = supplementary_invoices(statement, region_id="region", parties=parties(), terms=terms)
    assert {i.supplier.party_id for i in invoices} == set(FACTORS)
    assert {i.customer.party_id for i in invoices} == {"region"}
    assert sum(i.total for i in invoices) == statement.amount
