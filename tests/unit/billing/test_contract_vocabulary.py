"""The billing domain keeps its own vocabularies (a pure domain); they must match the
contracts that carry them."""

from __future__ import annotations

from billing.domain.work import reports as work_reports
from handover_contracts import billing_events


def test_work_kinds_match_the_work_reported_contract() -> None:
    assert {k.value for k in work_reports.WorkKind} == {k.value for k in billing_events.WorkKind}


def test_cost_kinds_match_the_work_reported_contract() -> None:
    assert {k.value for k in work_reports.CostKind} == {k.value for k in billing_events.CostKind}
