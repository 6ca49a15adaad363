"""LAW-PAY: the payment clock for patients ready for discharge, and its invoices."""
