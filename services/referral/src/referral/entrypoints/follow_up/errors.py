"""How the follow-up routes answer a refusal: the field and the rule, with the status that says
why (422 the request, 409 the record's state, 403 not the caller's to do, 404 not visible)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from handover_common.access import Access, not_visible
from handover_common.errors import FieldError, NotFound, RequestRejected

from referral.domain.care_request import NotTheOwner, TransitionNotAllowed
from referral.domain.follow_up import CR_LIFECYCLE, Kind, Refusal, Unknown
from referral.service_layer.follow_up.common import Actor
from referral.service_layer.lifecycle.transitions import ConcurrentChange

STATUS = {Kind.INVALID: 422, Kind.CONFLICT: 409, Kind.FORBIDDEN: 403}


@contextmanager
def answered(access: Access) -> Iterator[None]:
    """Turn the domain's refusals into HTTP answers. Another organisation's record is answered
    as if it did not exist, and the attempt is audited against the patient."""
    try:
        yield
    except Refusal as refusal:
        error = FieldError(refusal.field, refusal.rule, refusal.message)
        raise RequestRejected([error], STATUS[refusal.kind]) from None
    except Unknown as unknown:
        if unknown.patient_ref is None:
            raise NotFound(unknown.what) from None
        raise not_visible(access, unknown.what, unknown.patient_ref) from None
    except TransitionNotAllowed as error:
        raise RequestRejected([FieldError("status", CR_LIFECYCLE, str(error))], 409) from None
    except NotTheOwner as error:
        raise RequestRejected([FieldError("status", "CR-OWNER", str(error))], 403) from None
    except ConcurrentChange:
        message = "the care request was changed by someone else at the same moment: read it again"
        raise RequestRejected([FieldError("status", "CR-CONCURRENT", message)], 409) from None


def actor(access: Access) -> Actor:
    return Actor(str(access.org), access.caller.person, access.caller.unit)
