"""Request-scoped access to the agreement catalogue and engine errors as 4xx answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from handover_common.access import Organisation
from handover_common.errors import FieldError, RequestRejected
from sqlmodel import Session

from responsibility.adapters.orm import DecisionRow
from responsibility.domain import (
    AgreementCatalogue,
    DisputeTransitionError,
    InvalidSituation,
    NoAgreementInForce,
    TerminationRefused,
)
from responsibility.service_layer.agreement_terms import catalogue_in_force
from responsibility.service_layer.reevaluation import swedish_today


def catalogue_of(request: Request) -> AgreementCatalogue:
    """The agreement files with every recorded termination notice (AG-RENEW) applied: what
    assessments, disputes and the agreement listing see."""
    catalogue: AgreementCatalogue = request.app.state.catalogue
    with Session(request.app.state.runtime.engine) as session:
        return catalogue_in_force(session, catalogue)


Catalogue = Annotated[AgreementCatalogue, Depends(catalogue_of)]


def today() -> date:
    """The Swedish calendar date, where agreements count days (a dependency: tests set it)."""
    return swedish_today()


Today = Annotated[date, Depends(today)]


@contextmanager
def engine_errors_as_4xx() -> Iterator[None]:
    try:
        yield
    except InvalidSituation as error:
        raise RequestRejected([FieldError(error.field, error.rule, error.message)]) from None
    except NoAgreementInForce as error:
        raise RequestRejected(
            [FieldError("decision_date", "AG-RENEW", str(error))], status_code=422
        ) from None
    except TerminationRefused as error:
        raise RequestRejected(
            [FieldError(error.field, error.rule, error.message)], error.status
        ) from None
    except DisputeTransitionError as error:
        raise RequestRejected([FieldError("state", "GEN-DISPUTE", str(error))], 409) from None


def may_see(org: Organisation, region_code: str, municipality_code: str) -> bool:
    """The decision's region or its municipality (the parties to it)."""
    return org.is_region(region_code) or org.is_municipality(municipality_code)


def may_see_decision(org: Organisation, row: DecisionRow) -> bool:
    """The parties, and a municipality that performs a component for the region (JH-PAL-2,
    GB-SEV, GEN-RES as hired staff): it must see the decision it works under."""
    return may_see(org, row.region_code, row.municipality_code) or any(
        org.is_municipality(str((c.get("performer") or {}).get("code")))
        and (c.get("performer") or {}).get("kind") == "municipality"
        for c in row.components
    )
