"""JH-ECO: joint development funds, financed 50 % by the region and 50 % by the municipalities.

The budget is first split between the region and the municipalities by ``region_share``
(0.5 in JH-2026; data), then the municipalities' half is distributed by a data-given key
(e.g. population). Both splits use largest-remainder allocation, so every öre is accounted
for. The administering party invoices every other party its part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from billing.domain.distribution.allocation import allocate, allocate_by_key
from billing.domain.distribution.invoices import AllocationTerms, invoices_for_shares
from billing.domain.invoicing.invoices import Invoice
from billing.domain.money import format_percent
from billing.domain.parties import Party


@dataclass(frozen=True)
class JointFundsSplit:
    budget_id: str
    budget: Decimal
    region_id: str
    region_share: Decimal
    region_amount: Decimal
    municipalities_amount: Decimal
    municipality_key: Mapping[str, Decimal]
    municipality_amounts: Mapping[str, Decimal]

    @property
    def parts(self) -> dict[str, Decimal]:
        """Every party's part, the region first; sums exactly to the budget."""
        return {self.region_id: self.region_amount, **self.municipality_amounts}

    def steps(self) -> tuple[str, ...]:
        return (
            f"budget {self.budget_id}: {self.budget} SEK",
            f"region {format_percent(self.region_share)}: {self.region_amount} SEK; "
            f"municipalities: {self.municipalities_amount} SEK",
            *(
                f"{m}: key {self.municipality_key[m]} → {amount} SEK"
                for m, amount in self.municipality_amounts.items()
            ),
        )


def split_joint_development_funds(
    *,
    budget_id: str,
    budget: Decimal,
    region_id: str,
    municipality_key: Mapping[str, Decimal],
    region_share: Decimal = Decimal("0.5"),
) -> JointFundsSplit:
    """JH-ECO: the region's and each municipality's part of a joint development budget."""
    if not Decimal(0) <= region_share <= Decimal(1):
        raise ValueError(f"JH-ECO: region share must be between 0 and 1, got {region_share}")
    region_amount, municipalities_amount = allocate(budget, [region_share, 1 - region_share])
    amounts = allocate_by_key(municipalities_amount, municipality_key)
    return JointFundsSplit(
        budget_id,
        budget,
        region_id,
        region_share,
        region_amount,
        municipalities_amount,
        dict(municipality_key),
        amounts,
    )


def joint_funds_invoices(
    split: JointFundsSplit,
    *,
    administrator_id: str,
    parties: Mapping[str, Party],
    terms: AllocationTerms,
) -> tuple[Invoice, ...]:
    """The administering party invoices every other party its part (JH-ECO)."""
    describe = {p: f"Joint development funds {split.budget_id} (JH-ECO)" for p in split.parts}
    return invoices_for_shares(
        terms,
        parties=parties,
        shares=split.parts,
        counterpart_id=administrator_id,
        shares_are_customers=True,
        describe=describe,
        source_ids=(split.budget_id,),
    )
