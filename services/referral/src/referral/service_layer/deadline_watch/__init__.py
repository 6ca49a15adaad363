"""The deadline watch (issue 12 section 2): evaluate the cases that can still change at the
app's clock and publish each deadline's missed / met / stopped once, through the outbox."""

from referral.service_layer.deadline_watch.cases import CaseRef, changeable_cases
from referral.service_layer.deadline_watch.sweep import DEFAULT_LOOKBACK, sweep
from referral.service_layer.deadline_watch.watch import Watch

__all__ = ["DEFAULT_LOOKBACK", "CaseRef", "Watch", "changeable_cases", "sweep"]
