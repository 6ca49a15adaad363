"""JH-MT-FIXED: base cost + cost per device, split by device share, half-yearly in advance."""

from datetime import date
from decimal import Decimal

import pytest
from billing.domain import (
    AllocationTerms,
    DeviceRegister,
    MtFixedModel,
    Period,
    mt_fixed_invoices,
    mt_fixed_statement,
)

from tests.unit.billing.builders import parties, price_book

D = Decimal
EXAMPLE_2025_06_30 = {
    "berg": 50,
    "bracke": 60,
    "harj": 96,
    "krokom": 90,
    "ragunda": 41,
    "strom": 152,
    "are": 53,
    "ost": 381,
}
MODEL = MtFixedModel("MT", base_hours_per_year=D(40), minutes_per_device=D(12))
REGISTER = DeviceRegister("mt-2025-06-30", date(2025, 6, 30), EXAMPLE_2025_06_30)
H2_2025 = Period.half_year(2025, 2)


def test_resource_need_and_half_year_cost_from_the_agreement_example():
    statement = mt_fixed_statement(MODEL, REGISTER, H2_2025, price_book())
    assert statement.total_devices == 923
    assert statement.hours_per_year == D("224.6")  # 40 h + 923 × 12 min
    assert statement.period_cost == D("126112.90")  # 224.6 h × 1,123 / 2


def test_shares_follow_device_counts_and_sum_exactly():
    shares = mt_fixed_statement(MODEL, REGISTER, H2_2025, price_book()).shares
    assert shares == {
        "berg": D("6831.69"),
        "bracke": D("8198.02"),
        "harj": D("13116.83"),
        "krokom": D("12297.03"),
        "ragunda": D("5601.98"),
        "strom": D("20768.32"),
        "are": D("7241.59"),
        "ost": D("52057.44"),
    }
    assert sum(shares.values()) == D("126112.90")


def test_next_year_uses_the_indexed_hourly_price():
    statement = mt_fixed_statement(MODEL, REGISTER, Period.half_year(2026, 1), price_book())
    # 224.6 h × 1,156.69 (1,123 × 1.03) / 2 = 129,896.287 → 129,896.29
    assert statement.period_cost == D("129896.29")


def test_invoiced_in_advance_to_each_municipality():
    statement = mt_fixed_statement(MODEL, REGISTER, H2_2025, price_book())
    terms = AllocationTerms("JH-MT-FIXED", "mt-fixed", H2_2025, date(2025, 6, 1))
    invoices = mt_fixed_invoices(statement, region_id="region", parties=parties(), terms=terms)
    assert len(invoices) == 8
    assert {i.customer.party_id for i in invoices} == set(EXAMPLE_2025_06_30)
    assert sum(i.total for i in invoices) == D("126112.90")
    assert invoices[0].lines[0].source_ids == ("mt-2025-06-30",)
    assert "50/923" in invoices[0].lines[0].description
    late = AllocationTerms("JH-MT-FIXED", "mt-fixed", H2_2025, date(2025, 7, 1))
    with pytest.raises(ValueError, match="in advance"):
        mt_fixed_invoices(statement, region_id="region", parties=parties(), terms=late)
