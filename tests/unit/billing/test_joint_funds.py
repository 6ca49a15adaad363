"""JH-ECO: joint development funds 50 % region / 50 % municipalities by a key."""

from datetime import date
from decimal import Decimal

import pytest
from billing.domain import (
    AllocationTerms,
    Period,
    joint_funds_invoices,
    split_joint_development_funds,
)

from tests.unit.billing.builders import parties

D = Decimal
KEY = {"ost": D(3), "berg": D(1), "are": D(1)}


def test_half_region_half_municipalities_by_key():
    split = split_joint_development_funds(
        budget_id="GU-2026", budget=D("1000000.01"), region_id="region", municipality_key=KEY
    )
    assert split.region_amount == D("500000.01")  # the odd öre to the earlier part
    assert split.municipalities_amount == D("500000.00")
    assert split.municipality_amounts == {
        "ost": D("300000.00"),
        "berg": D("100000.00"),
        "are": D("100000.00"),
    }
    assert sum(split.parts.values()) == D("1000000.01")
    assert "50 %" in "\n".join(split.steps())


def test_region_share_is_data_and_validated():
    split = split_joint_development_funds(
        budget_id="x",
        budget=D("100.00"),
        region_id="region",
        municipality_key=KEY,
        region_share=D("0.4"),
    )
    assert split.region_amount == D("40.00")
    with pytest.raises(ValueError):
        split_joint_development_funds(
            budget_id="x",
            budget=D("1.00"),
            region_id="region",
            municipality_key=KEY,
            region_share=D("1.5"),
        )


def test_the_administrator_invoices_the_other_parties():
    split = split_joint_development_funds(
        budget_id="GU-2026", budget=D("1000.00"), region_id="region", municipality_key=KEY
    )
    terms = AllocationTerms("JH-ECO", "jh-eco", Period.year(2026), date(2026, 1, 15))
    invoices = joint_funds_invoices(
        split, administrator_id="region", parties=parties(), terms=terms
    )
    assert {i.customer.party_id: i.total for i in invoices} == {
        "ost": D("300.00"),
        "berg": D("100.00"),
        "are": D("100.00"),
    }
