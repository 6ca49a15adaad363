"""Referral's reference data files (read by the service layer, validated by the domain)."""
