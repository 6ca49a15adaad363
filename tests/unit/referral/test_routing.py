"""Who gets the care request, and the outcome the sender reads (issue 8)."""

from __future__ import annotations

from referral.domain.routing import (
    ComponentDecision,
    Outcome,
    Party,
    Routing,
    missing_facts,
    route,
)

MUNI = Party("municipality", "2380")
REGION = Party("region", "23")


def decided(
    component: str, responsible: Party, performer: Party | None = None
) -> ComponentDecision:
    performer = performer or responsible
    return ComponentDecision(component, "decided", responsible, performer, performer, ("R",))


def unknown(component: str) -> ComponentDecision:
    return ComponentDecision(component, "unknown", None, None, None, ("JH-PAL-1",), ("fact",))


def test_the_responsible_municipality_gets_its_components() -> None:
    routing = route([decided("physician", REGION), decided("nursing", MUNI)])
    assert routing == Routing_of(Outcome.CARE_REQUESTED, "2380", ("nursing",), None, MUNI)


def test_a_municipality_performing_for_the_region_is_marked() -> None:
    routing = route([decided("nursing", REGION, performer=MUNI), decided("physician", REGION)])
    assert routing.outcome is Outcome.CARE_REQUESTED
    assert routing.municipality == "2380"
    assert routing.on_behalf_of == REGION


def test_responsibility_wins_over_performing() -> None:
    other = Party("municipality", "2326")
    routing = route([decided("rehabilitation", REGION, performer=other), decided("nursing", MUNI)])
    assert (routing.municipality, routing.components) == ("2380", ("nursing",))


def test_unknown_components_make_the_outcome_needs_facts() -> None:
    assert route([unknown("nursing"), decided("physician", REGION)]).outcome is Outcome.NEEDS_FACTS
    both = route([unknown("rehabilitation"), decided("nursing", MUNI)])
    assert (both.outcome, both.municipality) == (Outcome.NEEDS_FACTS, "2380")
    assert missing_facts([unknown("nursing")]) == [
        {"component": "nursing", "facts": ["fact"], "rule_ids": ["JH-PAL-1"]}
    ]


def test_nothing_for_the_municipality_is_region_responsible() -> None:
    assert route([decided("nursing", REGION)]).outcome is Outcome.REGION_RESPONSIBLE


def Routing_of(
    outcome: Outcome,
    municipality: str | None,
    components: tuple[str, ...],
    on_behalf_of: Party | None,
    cost_bearer: Party | None,
) -> Routing:
    return Routing(outcome, municipality, components, on_behalf_of, cost_bearer)
