"""The one place a care request becomes completed: after the listed health centre acknowledged
the discharge from home care (HSV-DISCHARGE-ACK). FHIR Task: in-progress → completed is the
performer's (the municipality's) transition; the health centre's acknowledgement is what lets
it happen, so the transition names the nurse who discharged and the reason names both."""

from __future__ import annotations

from handover_common.unit_of_work import UnitOfWork
from handover_contracts.lifecycle_events import CareRequestCompleted

from referral.adapters.followup_tables import HomecareDischargeRow
from referral.adapters.orm import CareRequestRow
from referral.domain.care_request import Owner, Status
from referral.service_layer.lifecycle.transitions import Mover, move


def complete_care_request(
    uow: UnitOfWork, row: CareRequestRow, discharge: HomecareDischargeRow, acknowledged_by: str
) -> None:
    """Within the caller's transaction; raises TransitionNotAllowed unless in progress, and
    ConcurrentChange when another move of the request committed first."""
    mover = Mover(Owner.PERFORMER, f"municipality:{row.municipality_code}", discharge.discharged_by)
    reason = (
        f"discharged from home care on {discharge.discharged_on} ({discharge.reason}); "
        f"acknowledged by {acknowledged_by}"
    )
    move(uow, row, Status.COMPLETED, mover, reason)
    uow.publish(
        CareRequestCompleted(
            care_request_id=row.id,
            patient_ref=row.patient_ref,
            municipality_code=row.municipality_code,
            completed_on=discharge.discharged_on,
        ),
        partition_key=row.patient_ref,
    )
