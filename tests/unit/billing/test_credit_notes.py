"""Invoices are immutable once issued; corrections are credit notes (issue 4 item 6)."""

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from billing.domain import (
    DocumentType,
    InvalidCredit,
    Invoice,
    Period,
    UnitCode,
    credit_note,
    make_line,
    run_monthly_invoices,
)

from tests.unit.billing.builders import context, report

D = Decimal


def issued_invoice() -> Invoice:
    reports = [report("r1", minutes=60), report("r2", minutes=120), report("r3", minutes=30)]
    result = run_monthly_invoices(
        reports, month=Period.month(2026, 3), ctx=context(), issue_date=date(2026, 4, 5)
    )
    (invoice,) = result.invoices
    return invoice


def test_an_issued_invoice_cannot_be_changed():
    invoice = issued_invoice()
    with pytest.raises(dataclasses.FrozenInstanceError):
        invoice.due_date = date(2027, 1, 1)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        invoice.lines[0].amount = D(0)  # type: ignore[misc]
    assert isinstance(invoice.lines, tuple)


def test_full_credit_note_references_the_original_and_mirrors_its_lines():
    invoice = issued_invoice()
    credit = credit_note(
        invoice, credit_note_id="CN-1", issue_date=date(2026, 4, 20), reason="wrong counterparty"
    )
    assert credit.document_type is DocumentType.CREDIT_NOTE
    assert credit.credited_invoice_id == invoice.invoice_id
    assert credit.total == invoice.total == D("2636.80")  # 4 started hours × 659.20
    assert [line.credits_line for line in credit.lines] == [1, 2, 3]
    assert credit.source_ids == invoice.source_ids
    assert invoice.document_type is DocumentType.INVOICE  # the original is untouched


def test_partial_credit_and_no_line_credited_twice():
    invoice = issued_invoice()
    first = credit_note(
        invoice,
        credit_note_id="CN-1",
        issue_date=date(2026, 4, 20),
        reason="r2 was a night job",
        line_numbers=[2],
    )
    assert first.total == D("1318.40")
    assert first.lines[0].source_ids == ("r2",)
    with pytest.raises(InvalidCredit, match="already credited"):
        credit_note(
            invoice,
            credit_note_id="CN-2",
            issue_date=date(2026, 4, 21),
            reason="again",
            line_numbers=[2],
            previous_credits=[first],
        )
    rest = credit_note(
        invoice,
        credit_note_id="CN-3",
        issue_date=date(2026, 4, 21),
        reason="cancel the rest",
        previous_credits=[first],
    )
    assert [line.credits_line for line in rest.lines] == [1, 3]
    assert first.total + rest.total == invoice.total


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"line_numbers": [4]}, "no line 4"),
        ({"reason": " "}, "reason"),
        ({"issue_date": date(2026, 4, 1)}, "predate"),
    ],
)
def test_invalid_credit_notes_are_refused(kwargs, message):
    arguments: dict[str, Any] = {
        "credit_note_id": "CN",
        "issue_date": date(2026, 4, 20),
        "reason": "fix",
    }
    arguments.update(kwargs)
    with pytest.raises(InvalidCredit, match=message):
        credit_note(issued_invoice(), **arguments)


def test_a_credit_note_cannot_itself_be_credited():
    credit = credit_note(
        issued_invoice(), credit_note_id="CN-1", issue_date=date(2026, 4, 20), reason="fix"
    )
    with pytest.raises(InvalidCredit):
        credit_note(credit, credit_note_id="CN-2", issue_date=date(2026, 4, 20), reason="x")


def test_line_amount_is_rounded_once_and_checked():
    line = make_line(
        rule_id="JH-MT-VARIABLE",
        description="x",
        quantity=D(45),
        unit=UnitCode.MINUTE,
        unit_price=D("1156.69"),
        base_quantity=D(60),
        source_ids=("r",),
    )
    assert line.amount == D("867.52")  # 867.5175 → ROUND_HALF_UP
    with pytest.raises(ValueError):
        dataclasses.replace(line, amount=D("867.51"))
    with pytest.raises(ValueError, match="reports or events"):
        dataclasses.replace(line, source_ids=())
