"""The engine keeps its own vocabularies (a pure domain); they must match the contracts."""

from __future__ import annotations

import pytest
from handover_contracts import facts
from responsibility import domain

PAIRS = [
    (domain.CareComponent, facts.CareComponent),
    (domain.HousingForm, facts.HousingForm),
    (domain.CognitiveImpairment, facts.CognitiveImpairment),
    (domain.SevereCareNeed, facts.SevereCareNeed),
    (domain.PartyKind, facts.PrincipalKind),
    (domain.RegionUnit, facts.RegionUnit),
]


@pytest.mark.parametrize(("engine_enum", "contract_enum"), PAIRS)
def test_engine_and_contract_vocabularies_match(engine_enum, contract_enum) -> None:
    assert {e.value for e in engine_enum} == {e.value for e in contract_enum}
