"""CSV export of an invoice's lines: the individual-level attachment (e.g. GB-ECO).

Rows are keyed by the pseudonymous patient reference (``subject_ref``) — never a personal
identity number — and name the reports/events behind each line. In-memory only (no I/O).
"""

from __future__ import annotations

import csv
import io

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


def attachment_csv(invoice: Invoice) -> str:
    """The attachment as CSV text (comma-separated, header row, "." decimal point)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, line in enumerate(invoice.lines, start=1):
        writer.writerow(
            (
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
        )
    return buffer.getvalue()
