"""The set of loaded agreements and the choice of the one in force."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .agreement import Agreement
from .errors import NoAgreementInForce
from .terms import PartTermination


@dataclass(frozen=True)
class AgreementSelection:
    agreement: Agreement
    also_in_force: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class AgreementCatalogue:
    agreements: tuple[Agreement, ...]

    def by_id(self, agreement_id: str) -> Agreement:
        for agreement in self.agreements:
            if agreement.id == agreement_id:
                return agreement
        raise KeyError(agreement_id)

    def with_terminations(
        self, terminations: Iterable[tuple[str, PartTermination]]
    ) -> AgreementCatalogue:
        """The catalogue with recorded notices (agreement id, termination) on their parts."""
        by_agreement: dict[str, list[PartTermination]] = {}
        for agreement_id, termination in terminations:
            by_agreement.setdefault(agreement_id, []).append(termination)
        if not by_agreement:
            return self
        return AgreementCatalogue(
            tuple(a.with_terminations(by_agreement.get(a.id, ())) for a in self.agreements)
        )

    def region_codes(self) -> tuple[str, ...]:
        return tuple(sorted({a.region_code for a in self.agreements}))

    def for_region(self, region_code: str) -> tuple[Agreement, ...]:
        return tuple(a for a in self.agreements if a.region_code == region_code)

    def agreement_in_force(self, region_code: str, on_date: date) -> Agreement:
        return self.select(region_code, on_date).agreement

    def select(self, region_code: str, on_date: date) -> AgreementSelection:
        """Pick the agreement in force; when versions overlap, the newer-starting one wins."""
        candidates = self.for_region(region_code)
        if not candidates:
            raise NoAgreementInForce(region_code, on_date, "the catalogue has no agreement")
        in_force = sorted(
            (a for a in candidates if a.in_force_on(on_date)),
            key=lambda a: (a.valid_from, a.id),
            reverse=True,
        )
        if not in_force:
            known = "; ".join(f"{a.id} {a.describe_validity()}" for a in candidates)
            raise NoAgreementInForce(region_code, on_date, f"known agreements: {known}")
        chosen, others = in_force[0], tuple(a.id for a in in_force[1:])
        return AgreementSelection(chosen, others, _selection_sentence(chosen, others, on_date))


def _selection_sentence(chosen: Agreement, others: tuple[str, ...], on_date: date) -> str:
    sentence = (
        f"{chosen.id} version {chosen.version} is in force on {on_date.isoformat()} "
        f"({chosen.describe_validity()})."
    )
    if others:
        sentence += (
            f" Also in force: {', '.join(others)}; {chosen.id} is chosen because it started "
            f"later ({chosen.valid_from.isoformat()})."
        )
    return sentence
