"""Follow-up figures per municipality and Swedish calendar month (issue 12 section 4): pure
computation over the facts notification keeps; no I/O."""

from notification.domain.followup.facts import (
    CareRequestFacts,
    DeadlineFacts,
    DeadlineState,
    DisputeFacts,
    MoveFacts,
    Outcome,
    StayFacts,
    WorkFacts,
)
from notification.domain.followup.figures import Facts, MonthFigures, month_figures
from notification.domain.followup.months import Month, months_until
from notification.domain.followup.scope import Viewer, known_municipality
from notification.domain.followup.table import rows, to_csv
from notification.domain.followup.trend import Trend, trend

__all__ = [
    "CareRequestFacts",
    "DeadlineFacts",
    "DeadlineState",
    "DisputeFacts",
    "Facts",
    "Month",
    "MonthFigures",
    "MoveFacts",
    "Outcome",
    "StayFacts",
    "Trend",
    "Viewer",
    "WorkFacts",
    "known_municipality",
    "month_figures",
    "months_until",
    "rows",
    "to_csv",
    "trend",
]
