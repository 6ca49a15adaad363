"""Jämtland Härjedalen palliative care (section 4.5): JH-PAL-1..5."""

from __future__ import annotations

from ..decision import ComponentDecision
from ..draft import RuleContext, RuleOutput
from ..enums import CARE_COMPONENTS, CareComponent, Outcome, RegionUnit
from ..parties import Compensation, Party
from ..results import decided, unknown
from .registry import rule
from .support import criterion, obligation, outcome_of

REGION_PAYS = (
    CareComponent.CONSUMABLES,
    CareComponent.NUTRITION,
    CareComponent.MEDICAL_DEVICES,
)
MUNICIPALITY_PAYS = (CareComponent.AIDS, CareComponent.INCONTINENCE_PRODUCTS)
Results = tuple[ComponentDecision, ...]


@rule("JH-PAL-1", "Not connected to the palliative team: ordinary rules (JH-OB / JH-SB)")
def not_connected(ctx: RuleContext) -> RuleOutput:
    connected = ctx.situation.palliative_team_connected
    if connected is None:
        missing = ("palliative_team_connected",)
        sentence = "Unknown whether the person is connected to the specialised palliative team."
        results = tuple(unknown(ctx, c, "JH-PAL-1", sentence, missing) for c in CARE_COMPONENTS)
        found = criterion("JH-PAL-1", Outcome.UNKNOWN, sentence, {"connected": connected}, missing)
        return RuleOutput(criteria=(found,), components=results)
    sentence = (
        "Connected to the specialised palliative team: JH-PAL-2 applies."
        if connected
        else "Not connected to the specialised palliative team: ordinary rules apply."
    )
    outcome = Outcome.NOT_MET if connected else Outcome.MET
    return RuleOutput(
        criteria=(criterion("JH-PAL-1", outcome, sentence, {"connected": connected}),)
    )


@rule("JH-PAL-2", "Connected: the region keeps responsibility; the municipality performs")
def connected_to_team(ctx: RuleContext) -> RuleOutput:
    team = ctx.region(RegionUnit.PALLIATIVE_TEAM)
    sentence, care = _resident_care(ctx, team) or _visitor_care(ctx, team)
    doctor = "the team's physician is the fixed physician contact"
    physician = decided(ctx, CareComponent.PHYSICIAN, "JH-PAL-2", doctor, team)
    found = criterion(
        "JH-PAL-2", Outcome.MET, f"Connected: {sentence}; {doctor}.", {"connected": True}
    )
    return RuleOutput(criteria=(found,), components=(*care, physician))


def _resident_care(ctx: RuleContext, team: Party) -> tuple[str, Results] | None:
    """The home municipality performs up to physician level, compensated by JH-TB."""
    home = ctx.home_municipality()
    if home is None:
        return None
    sentence = f"the palliative team keeps responsibility; {home.describe()} performs"
    paid = Compensation(ctx.region(None), "JH-TB", None, "supplementary amount (tilläggsbelopp)")
    care = tuple(
        decided(ctx, c, "JH-PAL-2", sentence, team, home, home, compensation=paid)
        for c in CARE_COMPONENTS
    )
    return sentence, care


def _visitor_care(ctx: RuleContext, team: Party) -> tuple[str, Results]:
    """Not a resident: the team performs, or a municipality's staff as hired staff (GEN-RES);
    the cost bearer GEN-RES named (the home region) is kept."""
    hired = ctx.hired_municipality()
    sentence = (
        f"the palliative team keeps responsibility; {hired.describe()} performs as hired staff "
        "(not a resident, GEN-RES)"
        if hired
        else "the palliative team keeps responsibility and performs (not a resident)"
    )
    care = tuple(
        decided(ctx, c, "JH-PAL-2", sentence, team, hired or team, ctx.current(c).cost_bearer)
        for c in CARE_COMPONENTS
    )
    return sentence, care


@rule("JH-PAL-3", "On connection the team invites to a meeting in the home")
def connection_meeting(ctx: RuleContext) -> RuleOutput:
    text = (
        "The palliative team invites the person and the municipal nurse to a meeting in the "
        "home; relatives are invited with the person's consent."
    )
    duty = obligation(
        "JH-PAL-3", "home_connection_meeting", ctx.region(RegionUnit.PALLIATIVE_TEAM), text
    )
    found = criterion("JH-PAL-3", Outcome.MET, text, {"connected": True})
    return RuleOutput(criteria=(found,), obligations=(duty,))


@rule("JH-PAL-4", "Connected: region pays consumables, nutrition, devices; municipality aids")
def palliative_products(ctx: RuleContext) -> RuleOutput:
    team = ctx.region(RegionUnit.PALLIATIVE_TEAM)
    text = "connected: the region prescribes, follows up and pays"
    results = [decided(ctx, c, "JH-PAL-4", text, team) for c in REGION_PAYS]
    home = ctx.home_municipality()
    if home is not None:
        text = f"connected: newly prescribed, {home.describe()} prescribes, follows up and pays"
        results += [decided(ctx, c, "JH-PAL-4", text, home) for c in MUNICIPALITY_PAYS]
    sentence = (
        "Connected: the region pays consumables, nutrition products and medical equipment; "
        "the municipality pays newly prescribed aids and incontinence products."
    )
    found = criterion("JH-PAL-4", Outcome.MET, sentence, {"connected": True})
    return RuleOutput(criteria=(found,), components=tuple(results))


@rule("JH-PAL-5", "End-of-life care: the fixed care contact is always a physician")
def end_of_life_contact(ctx: RuleContext) -> RuleOutput:
    value = ctx.situation.end_of_life_care
    outcome = outcome_of(value)
    missing = ("end_of_life_care",) if value is None else ()
    sentences = {
        Outcome.MET: "End-of-life care: the fixed care contact is a physician.",
        Outcome.NOT_MET: "Not end-of-life care.",
        Outcome.UNKNOWN: "Unknown whether this is end-of-life care.",
    }
    found = criterion("JH-PAL-5", outcome, sentences[outcome], {"end_of_life_care": value}, missing)
    if outcome is not Outcome.MET:
        return RuleOutput(criteria=(found,))
    owner = ctx.current(CareComponent.PHYSICIAN).responsible
    duty = obligation("JH-PAL-5", "fixed_contact_is_physician", owner, sentences[outcome])
    return RuleOutput(criteria=(found,), obligations=(duty,))
