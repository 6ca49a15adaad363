"""The pseudonymous patient reference that events and logs carry instead of a personnummer."""

from __future__ import annotations

import base64
import hashlib
import hmac

from referral.domain.personnummer import Personnummer


def patient_ref(number: Personnummer, secret: str) -> str:
    """Stable for one secret; cannot be turned back into the number without it."""
    digest = hmac.new(secret.encode(), number.digits.encode(), hashlib.sha256).digest()
    return "pr-" + base64.b32encode(digest[:15]).decode().lower()
