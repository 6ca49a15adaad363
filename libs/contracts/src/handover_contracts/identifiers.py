"""The one format of a pseudonymous patient reference, checked on every input of every service.

``pr-`` and 24 lowercase base32 characters: the first 15 bytes of an HMAC-SHA256 of the
personnummer under the deployment's secret. Anything else — a personnummer above all — is
refused, so it can never become a Kafka key or a row in another service.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

PATIENT_REF_PATTERN = r"^pr-[a-z2-7]{24}$"
_PATIENT_REF = re.compile(PATIENT_REF_PATTERN)


def check_patient_ref(value: str) -> str:
    if not _PATIENT_REF.match(value):
        raise PydanticCustomError(
            "PATIENT-REF", "must be a pseudonymous patient reference: pr- and 24 base32 letters"
        )
    return value


PatientRef = Annotated[
    str,
    Field(json_schema_extra={"pattern": PATIENT_REF_PATTERN}),
    AfterValidator(check_patient_ref),
]
