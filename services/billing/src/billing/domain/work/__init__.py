"""Reported work: the reports, the rules that rate them, and the monthly invoice runs."""
