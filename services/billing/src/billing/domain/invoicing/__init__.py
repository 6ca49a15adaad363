"""Invoice documents: invoices, credit notes, and their CSV and PEPPOL UBL exports."""
