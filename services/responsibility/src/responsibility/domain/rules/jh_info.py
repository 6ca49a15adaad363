"""Jämtland Härjedalen fixed contacts and information transfer (section 4.6): JH-INFO."""

from __future__ import annotations

from ..draft import RuleContext, RuleOutput
from ..enums import CareComponent, Outcome, PartyKind
from .registry import rule
from .support import criterion, obligation


@rule("JH-INFO", "Information transfer and fixed contacts")
def information_transfer(ctx: RuleContext) -> RuleOutput:
    nursing = ctx.current(CareComponent.NURSING)
    physician = ctx.current(CareComponent.PHYSICIAN).responsible
    duties = [
        obligation(
            "JH-INFO",
            "communicate_medication_list",
            physician,
            "The physician communicates the established medication list to everyone concerned.",
        ),
        obligation(
            "JH-INFO",
            "fixed_contacts",
            None,
            "Appoint a fixed care and/or physician contact when the person asks or when needed "
            "for safety and continuity; the one where the main care is given coordinates.",
        ),
    ]
    municipal = nursing.performer is not None and nursing.performer.kind is PartyKind.MUNICIPALITY
    if municipal:
        duties.append(
            obligation(
                "JH-INFO",
                "start_individual_collaboration",
                nursing.performer,
                "Whoever hands over care transfers the information; the municipal nurse starts "
                "collaboration at individual level.",
            )
        )
    sentence = "Information duties: " + " ".join(d.sentence for d in duties)
    found = criterion("JH-INFO", Outcome.MET, sentence, {"municipal_care": municipal})
    return RuleOutput(criteria=(found,), obligations=tuple(duties))
