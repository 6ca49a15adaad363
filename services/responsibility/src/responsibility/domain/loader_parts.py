"""Parse an agreement's parts and their renewal rules (AG-RENEW) from its data file.

An agreement without `parts` is one part, the frame, holding every rule and the agreement's
own `renewal`. With `parts`, exactly one is the frame (its end ends every part), every rule of
the agreement is written in at least one part, and a part's period defaults to the agreement's.
"""

from __future__ import annotations

from datetime import date

from .fields import Fields
from .terms import AgreementPart, RenewalRule

RENEWAL_RULES = frozenset({"AG-RENEW"})
WHOLE = "agreement"


def parse_parts(
    doc: Fields, valid_from: date, valid_to: date | None, rule_ids: tuple[str, ...]
) -> tuple[AgreementPart, ...]:
    if doc.raw.get("termination") is not None:
        message = "terminations are recorded, not written: POST …/parts/{part}/termination"
        raise doc.error("termination", message)
    if doc.raw.get("parts") is None:
        renewal = _renewal(doc, "renewal", valid_to)
        return (
            AgreementPart(WHOLE, doc.text("name"), valid_from, valid_to, renewal, rule_ids, True),
        )
    if doc.raw.get("renewal") is not None:
        raise doc.error("renewal", "an agreement with parts has its renewal rules in its parts")
    parts = tuple(_part(entry, valid_from, valid_to, rule_ids) for entry in doc.objects("parts"))
    _check_parts(doc, parts, rule_ids)
    return parts


def _part(
    entry: Fields, valid_from: date, valid_to: date | None, rule_ids: tuple[str, ...]
) -> AgreementPart:
    start = entry.opt_day("valid_from") or valid_from
    end = entry.opt_day("valid_to") if "valid_to" in entry.raw else valid_to
    if end is not None and end < start:
        raise entry.error("valid_to", "is before valid_from")
    written = entry.strings("rules") if entry.raw.get("rules") else ()
    unknown = sorted(set(written) - set(rule_ids))
    if unknown:
        raise entry.error("rules", f"not rules of this agreement: {', '.join(unknown)}")
    frame = entry.raw.get("frame", False)
    if not isinstance(frame, bool):
        raise entry.error("frame", "must be true or false")
    return AgreementPart(
        id=entry.text("id"),
        name=entry.text("name"),
        valid_from=start,
        valid_to=end,
        renewal=_renewal(entry, "renewal", end),
        rule_ids=written,
        frame=frame,
    )


def _renewal(doc: Fields, key: str, valid_to: date | None) -> RenewalRule | None:
    terms = doc.opt_obj(key)
    if terms is None:
        return None
    if valid_to is None:
        raise doc.error(key, "an open-ended period cannot be renewed")
    rule = terms.text("rule")
    if rule not in RENEWAL_RULES:
        raise terms.error("rule", f"unknown renewal rule {rule!r} (known: AG-RENEW)")
    return RenewalRule(rule, terms.integer("extend_years", 1), terms.integer("notice_months", 0))


def _check_parts(doc: Fields, parts: tuple[AgreementPart, ...], rule_ids: tuple[str, ...]) -> None:
    ids = [p.id for p in parts]
    if not parts:
        raise doc.error("parts", "at least one part is needed")
    if len(set(ids)) != len(ids):
        raise doc.error("parts", f"part ids must be unique: {ids}")
    if sum(p.frame for p in parts) != 1:
        raise doc.error("parts", "exactly one part must be the frame")
    written = {r for p in parts for r in p.rule_ids}
    orphans = sorted(set(rule_ids) - written)
    if orphans:
        raise doc.error("parts", f"rules written in no part: {', '.join(orphans)}")
