"""CSV export of an invoice's lines: the individual-level attachment (e.g. GB-ECO).

Rows are keyed by the pseudonymous patient reference (``subject_ref``) — never a personal
identity number — and name the reports/events behind each line. In-memory only (no I/O).

Two forms of the same rows (issue 13):
- ``plain``: comma-separated, "." decimal point, English column names — for programs;
- ``swedish``: what a finance officer opens in a Swedish spreadsheet — semicolon-separated,
  decimal comma, Swedish column names, UTF-8 with a byte-order mark (so å, ä, ö show right).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum

from billing.domain.invoicing.invoices import Invoice

COLUMNS = (
    "invoice_id",
    "document_type",
    "line",
    "rule_id",
    "service_date",
    "subject_ref",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "base_quantity",
    "amount",
    "currency",
    "source_ids",
    "credits_line",
)
SWEDISH_COLUMNS = (
    "Fakturanummer",
    "Dokumenttyp",
    "Rad",
    "Regel",
    "Datum för utförande",
    "Patientreferens",
    "Beskrivning",
    "Antal",
    "Enhet",
    "Á-pris",
    "Per antal",
    "Belopp",
    "Valuta",
    "Underlag",
    "Krediterar rad",
)
SWEDISH_DOCUMENT_TYPES = {"invoice": "Faktura", "credit-note": "Kreditnota"}
BOM = "\ufeff"


class CsvForm(StrEnum):
    PLAIN = "plain"
    SWEDISH = "swedish"


def _rows(invoice: Invoice) -> Iterator[tuple[object, ...]]:
    for number, line in enumerate(invoice.lines, start=1):
        yield (
            invoice.invoice_id,
            invoice.document_type.value,
            number,
            line.rule_id,
            line.service_date.isoformat() if line.service_date else "",
            line.subject_ref or "",
            line.description,
            line.quantity,
            line.unit.value,
            line.unit_price,
            line.base_quantity,
            line.amount,
            invoice.currency,
            ";".join(line.source_ids),
            line.credits_line or "",
        )


def _swedish(row: tuple[object, ...]) -> tuple[object, ...]:
    """Decimal comma in every amount and quantity; the document type in Swedish."""
    values = [f"{v:f}".replace(".", ",") if isinstance(v, Decimal) else v for v in row]
    values[1] = SWEDISH_DOCUMENT_TYPES[str(values[1])]
    return tuple(values)


def attachment_csv(invoice: Invoice, form: CsvForm = CsvForm.PLAIN) -> str:
    """The attachment as CSV text in the form asked for (see the module's docstring)."""
    buffer = io.StringIO()
    if form is CsvForm.PLAIN:
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(_rows(invoice))
        return buffer.getvalue()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(SWEDISH_COLUMNS)
    writer.writerows(_swedish(row) for row in _rows(invoice))
    return BOM + buffer.getvalue()
