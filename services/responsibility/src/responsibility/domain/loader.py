"""Load and validate the agreement data files packaged in `responsibility.agreements`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources

from .agreement import Agreement, Municipality
from .catalogue import AgreementCatalogue
from .errors import AgreementDataError
from .fields import Fields
from .loader_parts import parse_parts
from .pipelines import FAMILY_RULES, REQUIRED_PARAMETERS
from .rules import RULES
from .validation import is_county_code

AGREEMENTS_PACKAGE = "responsibility.agreements"


def load_catalogue() -> AgreementCatalogue:
    """Read every `*.json` agreement file in the package; raise on the first malformed one."""
    folder = resources.files(AGREEMENTS_PACKAGE)
    documents: dict[str, object] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            try:
                documents[entry.name] = json.loads(entry.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise AgreementDataError(
                    entry.name, "<document>", f"invalid JSON: {error}"
                ) from None
    return catalogue_from_documents(documents)


def catalogue_from_documents(documents: Mapping[str, object]) -> AgreementCatalogue:
    agreements = tuple(parse_agreement(source, raw) for source, raw in documents.items())
    seen: dict[str, str] = {}
    for source, agreement in zip(documents, agreements, strict=True):
        if agreement.id in seen:
            raise AgreementDataError(
                source, "id", f"{agreement.id} is also defined in {seen[agreement.id]}"
            )
        seen[agreement.id] = source
    return AgreementCatalogue(agreements)


def parse_agreement(source: str, raw: object) -> Agreement:
    doc = Fields(source, raw)
    family = doc.text("family")
    if family not in FAMILY_RULES:
        raise doc.error(
            "family", f"unknown family {family!r} (known: {', '.join(sorted(FAMILY_RULES))})"
        )
    region = doc.obj("region")
    region_code = region.text("code")
    if not is_county_code(region_code):
        raise region.error("code", f"not an SCB county code: {region_code!r}")
    valid_from, valid_to = doc.day("valid_from"), doc.opt_day("valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise doc.error("valid_to", "is before valid_from")
    rule_ids = _rule_ids(doc, family)
    return Agreement(
        id=doc.text("id"),
        version=doc.text("version"),
        family=family,
        region_code=region_code,
        region_name=region.text("name"),
        name=doc.text("name"),
        municipalities=_municipalities(doc, region_code),
        valid_from=valid_from,
        valid_to=valid_to,
        parts=parse_parts(doc, valid_from, valid_to, rule_ids),
        rule_ids=rule_ids,
        parameters=_parameters(doc, family),
        sources=doc.strings("sources"),
        notes=doc.opt_text("notes") or "",
    )


def _municipalities(doc: Fields, region_code: str) -> tuple[Municipality, ...]:
    result: list[Municipality] = []
    for entry in doc.objects("municipalities"):
        code = entry.text("code")
        if len(code) != 4 or not code.isdigit() or code[:2] != region_code:
            raise entry.error(
                "code", f"{code!r} is not a municipality code in county {region_code}"
            )
        if any(m.code == code for m in result):
            raise entry.error("code", f"{code} is listed twice")
        result.append(Municipality(code, entry.text("name")))
    if not result:
        raise doc.error("municipalities", "at least one municipality is needed")
    return tuple(result)


def _rule_ids(doc: Fields, family: str) -> tuple[str, ...]:
    rule_ids = doc.strings("rules")
    unknown = sorted(set(rule_ids) - set(RULES))
    if unknown:
        raise doc.error("rules", f"unknown rule IDs: {', '.join(unknown)}")
    expected = FAMILY_RULES[family]
    if set(rule_ids) != expected or len(rule_ids) != len(set(rule_ids)):
        missing = sorted(expected - set(rule_ids))
        extra = sorted(set(rule_ids) - expected)
        raise doc.error(
            "rules",
            f"must list each rule of family {family} once; missing {missing}, extra {extra}",
        )
    return rule_ids


def _parameters(doc: Fields, family: str) -> dict[str, dict[str, int]]:
    params = doc.obj("parameters")
    result: dict[str, dict[str, int]] = {}
    for rule_id in params.names():
        values = params.obj(rule_id)
        result[rule_id] = {name: values.integer(name, 1) for name in values.names()}
    for rule_id, names in REQUIRED_PARAMETERS[family].items():
        for name in names:
            if name not in result.get(rule_id, {}):
                raise params.error(f"{rule_id}.{name}", "is required")
    return result
