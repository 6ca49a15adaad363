"""Distributed amounts: JH-MT-FIXED, JH-TB and JH-ECO, split exactly and invoiced per share."""
