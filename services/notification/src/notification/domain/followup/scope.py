"""Whose follow-up figures a caller sees (issue 12 section 4): a municipality its own, a region
the municipalities of its county (an SCB municipality code starts with its county's code),
operations and finance every municipality."""

from __future__ import annotations

from dataclasses import dataclass

COUNTIES = frozenset(
    {
        "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
    }
)  # fmt: skip
"""The 21 regions' county codes (domain brief section 8)."""


@dataclass(frozen=True)
class Viewer:
    org_kind: str  # "region" | "municipality" | "operator"
    org_code: str
    role: str

    @property
    def prefix(self) -> str:
        """Municipality codes this viewer sees start with this ("" = all)."""
        if self.role in ("operations", "finance"):
            return ""
        if self.org_kind in ("region", "municipality"):
            return self.org_code
        return "-"  # an operator without the operations role sees none

    @property
    def sees_one(self) -> str | None:
        """The one municipality a municipal caller sees, else None."""
        return self.org_code if self.prefix and self.org_kind == "municipality" else None

    def sees(self, municipality_code: str) -> bool:
        return municipality_code.startswith(self.prefix)

    def refusal(self, municipality_code: str) -> str:
        org = f"{self.org_kind}:{self.org_code}"
        if self.org_kind == "municipality":
            return f"{org} sees its own follow-up figures only, not {municipality_code}'s"
        if self.org_kind == "region":
            return f"{org} sees the municipalities of county {self.org_code} only"
        return f"{org} ({self.role}) sees no municipality's follow-up figures"


def known_municipality(code: str) -> bool:
    """Four ASCII digits whose first two are a county's code."""
    return len(code) == 4 and code.isascii() and code.isdigit() and code[:2] in COUNTIES
