"""Every rule, registered under its ID. Importing this package fills `RULES`."""

from . import (  # noqa: F401  (imported for registration)
    gavleborg,
    general,
    halland,
    jh_flex,
    jh_info,
    jh_mtp,
    jh_mtp_costs,
    jh_ob,
    jh_pal,
    jh_sb,
    orebro,
)
from .registry import RULES, RuleSpec, apply_rules

__all__ = ["RULES", "RuleSpec", "apply_rules"]

# GEN-DISPUTE is a process rule; importing its module registers it.
from .. import dispute  # noqa: F401
